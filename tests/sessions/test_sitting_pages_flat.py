"""A sitting's live page and its check-in page run a fixed number of queries whatever the
size of the roster (issue 15, items 2 and 6; decision 461), and their figures, counted by
one statement from the sitting's attendance joined once, are each status's: measured with
rosters of 12 and of 24 over three delegations, every status recorded for some and nothing
for others."""

import pytest
from django.test import Client
from django.urls import reverse

from sessions.selectors import attendance_summary
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.kit import S, attendance_taken, session_in
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db

# The signed-in user's session, account, two-factor device and roles, the menu, the sitting
# with its session; then the page's own: the live page its counts by delegation and the
# quorum's rule, the check-in page the term's delegations and its two figures.
QUERIES = {"live": 8, "check-in": 8}
STATUSES = ("present", "on_leave", "absent")


@pytest.fixture(params=[12, 24], ids=["roster of 12", "roster of 24"])
def sitting(request, term, secretariat):
    """A sitting of the session in progress; `size` delegates over three delegations and
    none, a sixth of them each recorded present, on leave and absent, half not recorded."""
    size = request.param
    session = session_in(S.IN_PROGRESS, term=term)
    sitting = session.sittings.create(date=session.start_date, part="morning")
    unit = ElectoralUnitFactory(term=term, seats=size)
    groups = [DelegationFactory(term=term, name=name) for name in ("东", "西", "南")] + [None]
    people = [enter(term, unit, name=f"代表{n:02}", delegation=groups[n % 4]) for n in range(size)]
    for n, status in enumerate(STATUSES):
        attendance_taken(sitting, people[n::6], status)
    client = Client()
    sign_in_as(client, secretariat)
    return {"sitting": sitting, "size": size, "client": client}


@pytest.mark.parametrize("page", list(QUERIES))
def test_the_sittings_pages_in_a_fixed_number_of_queries(sitting, page, django_assert_num_queries):
    name = "sessions:live_attendance" if page == "live" else "sessions:check_in"
    url = reverse(name, args=[sitting["sitting"].pk])
    client = sitting["client"]
    assert client.get(url).status_code == 200  # once before: what a process reads once
    with django_assert_num_queries(QUERIES[page]):
        response = client.get(url)
    assert response.status_code == 200


def test_the_counts_are_each_statuss_by_delegation(sitting):
    size = sitting["size"]
    summary = attendance_summary(sitting["sitting"])
    sixth = size // 6
    assert summary["total"] == {
        "expected": size,
        "present": sixth,
        "on_leave": sixth,
        "absent": sixth,
        "not_recorded": size - 3 * sixth,
    }
    rows = summary["by_delegation"]
    assert [row["delegation"] for row in rows] == ["东", "南", "西", None]
    for row in rows:
        recorded = row["present"] + row["on_leave"] + row["absent"]
        assert row["not_recorded"] == row["expected"] - recorded >= 0
        assert row["expected"] == size // 4
