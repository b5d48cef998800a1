"""The office's change lists are Django's own: a row's link carries the list's filters back, and
each row has its checkbox for the actions."""

import pytest

from tests.delegates.factories import TermFactory

pytestmark = pytest.mark.django_db


def test_a_rows_link_carries_the_lists_filters_back(client_for, secretariat):
    older = TermFactory(name="第十四届")
    page = client_for(secretariat).get("/admin/delegates/term/", {"q": "十四"}).content.decode()
    # As Django writes it: the list's own query string, encoded once more.
    query = "_changelist_filters=q%3D%25E5%258D%2581%25E5%259B%259B"
    assert f'href="/admin/delegates/term/{older.pk}/change/?{query}"' in page
    assert 'class="action-select"' in page and f'value="{older.pk}"' in page
    plain = client_for(secretariat).get("/admin/delegates/term/").content.decode()
    assert f'href="/admin/delegates/term/{older.pk}/change/"' in plain
