"""Two offices removing the same delegate's details at the same moment: one removes them, the
other is told they are already removed (not a server error), on PostgreSQL's real locks."""

import pytest
from django.db import connection

from delegates.models import PersonalDetailsRemoval
from delegates.personal_details import delegates_personal_details_remove
from tests.core.factories import office_user
from tests.delegates.test_personal_details import TODAY, ended  # noqa: F401 - the fixture
from tests.evaluations.test_concurrency import _together

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no real concurrency",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_the_same_removal_at_once_is_done_once(ended):  # noqa: F811 - the fixture
    delegate, _others, _user = ended
    office = office_user()
    outcomes = _together(
        [
            lambda: delegates_personal_details_remove(
                delegates=[delegate], removed_by=office, today=TODAY
            )
            for _ in range(4)
        ]
    )
    kinds = sorted(kind for kind, _detail in outcomes)
    assert kinds == ["ok"] + ["refused"] * 3, outcomes
    assert all("already removed" in d for k, d in outcomes if k == "refused")
    assert PersonalDetailsRemoval.objects.filter(delegate=delegate).count() == 1
