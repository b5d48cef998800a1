"""An assignment's deadlines as one function (proposals/deadlines.py): what the services give
the assignments they route, whether the calendar is asked date by date or read once for a
span (the large office's `Calendar`)."""

import datetime

import pytest

from congress_office.models import CalendarDay
from congress_office.workdays import Calendar
from proposals.deadlines import assignment_deadlines
from proposals.models import ProposalRules
from proposals.services import (
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
)

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 9, 25)  # a Friday, the national day week ahead


@pytest.mark.parametrize("urgent", [False, True])
def test_the_services_route_with_the_deadlines_the_function_gives(
    urgent, author, delegate, secretariat, unit, other_unit, education
):
    for day in range(1, 8):
        CalendarDay.objects.create(date=datetime.date(2026, 10, day), kind="holiday", name="国庆节")
    item = proposal_draft_save(
        author=author, kind="suggestion", title="甲", situation="情况", recommendations="建议"
    )
    item.urgent = urgent
    item.save()
    proposal_submit(proposal=item, submitted_by=delegate)
    proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    assignments = proposal_route(
        proposal=item, lead=unit, co_units=[other_unit], routed_by=secretariat, on=ON
    )
    rules = ProposalRules.current()
    calendar = Calendar(ON, ON + datetime.timedelta(days=400))
    for assignment in assignments:
        kept = (assignment.deadline, assignment.send_back_until)
        asked = {"role": assignment.role, "urgent": urgent, "on": ON}
        assert assignment_deadlines(rules, **asked) == kept
        assert assignment_deadlines(rules, **asked, calendar=calendar) == kept
    assert len({a.deadline for a in assignments}) == 2  # the lead's and the co-unit's differ
