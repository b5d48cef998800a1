"""The check-in page's plain SQL reads (sessions/check_in_reads.py, decision 286) answer what
the ORM's reads answer: the expected delegates are those active on the session's first day
(`selectors.expected_delegates`), whether or not a qualification changed after it, and the rows
found by name or work unit are those `icontains` finds, in the same order."""

import datetime

import pytest

from delegates.selectors import changes_after
from delegates.services import delegate_change_qualification
from sessions.check_in_reads import check_in_figures, check_in_people
from sessions.selectors import attendance_summary, expected_delegates
from tests.core.factories import office_user
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.factories import SessionFactory
from tests.sessions.kit import attendance_taken

pytestmark = pytest.mark.django_db

FIRST_DAY = datetime.date(2024, 1, 6)  # SessionFactory's


def change(delegate, kind, day):
    delegate_change_qualification(
        delegate=delegate,
        kind=kind,
        effective_date=day,
        reason="组织决定",
        decision_reference="镇党委〔2024〕1号",
        recorded_by=office_user(),
    )


@pytest.fixture(params=["no change after the day", "a change after the day"])
def sitting(request, term):
    """A sitting whose term has delegates in two delegations and none, one suspended before
    the session's first day; with `a change after the day`, one entering after it and one
    suspended after it (their record no longer says their status on the day), so that the
    reads look each delegate's history up instead of taking their record's status."""
    unit = ElectoralUnitFactory(term=term, seats=30)
    east, west = (DelegationFactory(term=term, name=n) for n in ("东片代表团", "西片代表团"))
    people = [
        enter(term, unit, name=f"代表{n:02}", delegation=[east, west, None][n % 3], work_unit=w)
        for n, w in enumerate(["镇政府", "100%_村委", "镇_学校", "医院"] * 3)
    ]
    change(people[1], "suspended", FIRST_DAY - datetime.timedelta(days=30))
    if request.param == "a change after the day":
        enter(term, unit, kind="by_elected", day=FIRST_DAY + datetime.timedelta(days=1))
        change(people[4], "suspended", FIRST_DAY + datetime.timedelta(days=2))
    session = SessionFactory(term=term)
    sitting = session.sittings.create(date=FIRST_DAY, part="morning")
    attendance_taken(sitting, people[::2])
    attendance_taken(sitting, people[3:4], status="on_leave")
    sitting.refresh_from_db()
    sitting.changed_after = request.param == "a change after the day"
    return sitting


def test_the_figures_are_the_attendance_summarys_totals(sitting):
    total = attendance_summary(sitting)["total"]
    figures = check_in_figures(sitting)
    assert figures == {"expected": total["expected"], "present": total["present"]}
    assert figures["expected"] == expected_delegates(sitting.session).count() == 11
    assert changes_after(sitting.session.term, FIRST_DAY) == (sitting.changed_after)


@pytest.mark.parametrize("search", ["", "代表0", "镇", "100%", "_", "代表11"])
@pytest.mark.parametrize("listed", ["every delegation", "东片代表团"])
def test_the_rows_are_the_expected_delegates_found_in_order(sitting, search, listed):
    delegation = sitting.session.term.delegations.filter(name=listed).first()
    expected = expected_delegates(sitting.session).select_related("delegation")
    if search:
        expected = expected.filter(name__icontains=search) | expected.filter(
            work_unit__icontains=search
        )
    if delegation:
        expected = expected.filter(delegation=delegation)
    if not (search or delegation):
        return  # the page lists nobody until asked
    status = {a.delegate_id: a.status for a in sitting.attendances.all()}
    rows = check_in_people(sitting, search=search, delegation_id=delegation and delegation.pk)
    assert rows == [
        (d.pk, d.name, d.work_unit, d.delegation and d.delegation.name, status.get(d.pk))
        for d in expected.order_by("delegation__name", "name")
    ]
    assert rows or search == "代表11" and delegation  # 代表11 is of no delegation


def test_the_attendance_summary_counts_each_delegations_expected_delegates(sitting):
    """`attendance_summary` (its statuses read as tables of the sitting's attendance,
    decision 287) against the expected delegates and their rows counted one by one."""
    status = {a.delegate_id: a.status for a in sitting.attendances.all()}
    rows = {}
    for person in expected_delegates(sitting.session).select_related("delegation"):
        row = rows.setdefault(person.delegation and person.delegation.name, [0, 0, 0, 0])
        row[0] += 1
        for n, recorded in enumerate(["present", "on_leave", "absent"], 1):
            row[n] += status.get(person.pk) == recorded
    summary = attendance_summary(sitting)["by_delegation"]
    assert {
        row["delegation"]: [row["expected"], row["present"], row["on_leave"], row["absent"]]
        for row in summary
    } == rows
    assert rows["东片代表团"] == [4, 2, 1, 0]  # 代表00, 03 (on leave), 06, 09; 1 suspended
