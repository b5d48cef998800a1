"""The roster's indexes for its filtered and searched list (decisions 477, 478): each term's
delegates of one status, education or occupation in the list's order (term, value, name, id),
and the indexes of characters the search reads without a pending list (every search read the
pending list whole: a roster imported since the last vacuum, all of it)."""

import pytest
from django.db import connection

from delegates.models import Delegate
from tests.core.small_office import office_built

FILTERED_BY = {
    "delegate_term_status_name": "status",
    "delegate_term_education_name": "education",
    "delegate_term_occupation_name": "occupation",
}
CHARACTERS = (
    "delegate_name_characters",
    "delegate_work_unit_characters",
    "delegate_phone_characters",
    # the items' too (decision 491): filed since the last vacuum, read by every search
    "proposal_title_characters",
    "proposal_number_characters",
)


def test_each_filter_of_the_roster_has_its_index_in_the_lists_order():
    indexes = {index.name: index.fields for index in Delegate._meta.indexes}
    for name, column in FILTERED_BY.items():
        # the order of `roster_list.IN_PAGE_SQL`'s read of a term: by name, then id
        assert indexes[name] == ["term", column, "name", "id"]


@pytest.mark.django_db
def test_the_indexes_of_characters_keep_no_pending_list():
    if connection.vendor != "postgresql":
        pytest.skip("the indexes of characters are PostgreSQL's")
    # delegates and items entered after the indexes were made
    with office_built("0.02"), connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [list(CHARACTERS)]
        )
        options = dict(cursor.fetchall())
    # new rows go into the index itself, not a list every search reads whole
    for name in CHARACTERS:
        assert options[name] == ["fastupdate=off"]
