"""The handling facts as a pure function (proposals/facts.py): worked out from plain values,
they are what the services keep on the rows at every step of an item's handling, and what
the large office writes (devdata/)."""

import datetime

import pytest

from proposals.facts import AssignmentRow, handling_facts
from proposals.models import Assignment, Proposal
from proposals.services import (
    assignment_send_back,
    feedback_submit,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from tests.proposals.kit import staff_of

ON = datetime.date(2026, 9, 1)
DAY = datetime.date(2026, 12, 1)
LEAD, CO = Assignment.Role.LEAD, Assignment.Role.CO
S = Proposal.Status


def test_the_current_round_is_open_while_handled_and_the_lead_unit_is_the_first_rounds():
    rows = [
        AssignmentRow(LEAD, 1, True, DAY, 1),  # sent back
        AssignmentRow(LEAD, 1, False, DAY, 2),
        AssignmentRow(CO, 1, False, DAY, 3),
        AssignmentRow(LEAD, 2, False, DAY + datetime.timedelta(days=30), 4),
    ]
    assigned = handling_facts(status=S.ASSIGNED, round=2, assignments=rows)
    assert assigned.is_open == (False, False, False, True)
    assert assigned.lead_deadline == DAY + datetime.timedelta(days=30)
    assert assigned.lead_unit_id == 2
    first = handling_facts(status=S.ASSIGNED, round=1, assignments=rows)
    assert first.is_open == (False, True, True, False) and first.lead_deadline == DAY
    tracked = handling_facts(status=S.TRACKING, round=1, assignments=rows)
    assert tracked.is_open == (False, True, True, False) and tracked.lead_deadline is None
    for status in (S.ACCEPTED, S.REPLIED, S.CLOSED):
        facts = handling_facts(status=status, round=1, assignments=rows)
        assert not any(facts.is_open) and facts.lead_deadline is None
    nothing = handling_facts(status=S.SUBMITTED, round=1, assignments=[])
    assert (nothing.is_open, nothing.lead_deadline, nothing.lead_unit_id) == ((), None, None)


def from_rows(proposal):
    """The facts as the function works them out from the item's rows."""
    proposal.refresh_from_db()
    assignments = list(proposal.assignments.order_by("pk"))
    return handling_facts(
        status=proposal.status,
        round=proposal.round,
        assignments=[
            AssignmentRow(a.role, a.round, a.sent_back_at is not None, a.deadline, a.unit_id)
            for a in assignments
        ],
    ), assignments


def assert_the_services_kept_the_same(proposal):
    facts, assignments = from_rows(proposal)
    assert facts.is_open == tuple(a.is_open for a in assignments)
    assert facts.lead_deadline == proposal.lead_deadline
    assert facts.lead_unit_id == proposal.lead_unit_id


@pytest.mark.django_db
def test_the_services_keep_the_facts_the_function_decides(
    author, delegate, secretariat, unit, other_unit, unit_staff, education
):
    """Routed with a co-handling unit, sent back, routed again, replied to, rated
    dissatisfied (a second round), replied to with B and tracked: after every step."""
    item = proposal_draft_save(
        author=author, kind="suggestion", title="甲", situation="情况", recommendations="建议"
    )
    proposal_submit(proposal=item, submitted_by=delegate)
    proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    assert_the_services_kept_the_same(item)
    lead, _co = proposal_route(
        proposal=item, lead=other_unit, co_units=[unit], routed_by=secretariat, on=ON
    )
    assert_the_services_kept_the_same(item)
    assignment_send_back(
        assignment=lead, reason="不属于本单位", sent_back_by=staff_of(other_unit), today=ON
    )
    assert_the_services_kept_the_same(item)
    lead, *_ = proposal_route(proposal=item, lead=unit, routed_by=secretariat, on=ON)
    assert_the_services_kept_the_same(item)
    reply = reply_submit(assignment=lead, result="C", text="答复", replied_by=unit_staff)
    assert_the_services_kept_the_same(item)
    feedback_submit(reply=reply, overall="dissatisfied", rated_by=delegate, comment="未解决")
    assert_the_services_kept_the_same(item)
    again = Assignment.objects.get(proposal=item, round=2, role=LEAD)
    reply = reply_submit(assignment=again, result="B", text="推进中", replied_by=unit_staff)
    feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
    assert Proposal.objects.get(pk=item.pk).status == S.TRACKING
    assert_the_services_kept_the_same(item)
    facts, _assignments = from_rows(item)
    assert facts.lead_unit_id == unit.pk and any(facts.is_open)
