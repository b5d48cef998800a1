"""Two offices removing the same delegate's details at the same moment: one removes them, the
other is told they are already removed (not a server error), on PostgreSQL's real locks."""

from delegates.models import PersonalDetailsRemoval
from delegates.personal_details import delegates_personal_details_remove
from tests.core.factories import office_user
from tests.delegates.test_personal_details import TODAY, ended  # noqa: F401 - the fixture

# Real threads on PostgreSQL, as the ballots' concurrency tests run them (their marks too).
from tests.evaluations.test_concurrency import _together, pytestmark  # noqa: F401


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
