"""Handling: routing to units, deadlines on the working-day calendar, sending back, replies,
the author's rating, new rounds and the tracking of B replies (proposals/services.py, the
office's and the units' steps)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from proposals.models import Proposal, ProposalEvent, ProposalRules
from proposals.services import (
    assignment_send_back,
    feedback_submit,
    proposal_accept,
    proposal_route,
    reply_submit,
)
from tests.core.factories import CalendarDayFactory
from tests.proposals.kit import S, consulted, proposal_in, staff_of

pytestmark = pytest.mark.django_db

D = datetime.date


def statuses(item):
    return list(item.events.values_list("action", "status_after"))


def test_the_whole_workflow(
    author, colleagues, delegate, secretariat, unit, other_unit, unit_staff, education
):
    item, _ = proposal_in(S.SUBMITTED, author=author, kind="proposal", cosigners=colleagues[:5])
    assert item.status == "submitted" and item.kind == "proposal"
    item = proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    assert item.number == f"{datetime.date.today().year}-001"
    lead, co = proposal_route(
        proposal=item,
        lead=unit,
        co_units=[other_unit],
        routed_by=secretariat,
        responsible_person="王科长",
        on=D(2026, 11, 23),
    )
    assert (lead.deadline, co.deadline) == (D(2027, 2, 23), D(2026, 12, 23))
    assert lead.send_back_until == D(2026, 12, 2)  # 7 working days
    reply_submit(assignment=co, result="A", text="同意配合。", replied_by=staff_of(other_unit))
    item.refresh_from_db()
    assert item.status == "assigned"  # a co-handling unit's view does not answer the delegate
    consulted(lead)
    reply = reply_submit(
        assignment=lead, result="A", text="已配备多媒体设备。", replied_by=unit_staff
    )
    feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
    item.refresh_from_db()
    assert item.status == "closed"
    assert [s for _, s in statuses(item)] == [
        "submitted",
        "accepted",
        "assigned",
        "assigned",  # the consultation recorded
        "replied",
        "closed",
    ]
    assert item.events.get(action="accepted").actor == secretariat


@pytest.fixture
def routed(author, colleagues, secretariat, unit, education):
    """A proposal with its co-signers, accepted and routed to `unit` on Friday 25 Sep 2026."""
    item, lead = proposal_in(
        S.ASSIGNED,
        author=author,
        kind="proposal",
        cosigners=colleagues[:5],
        unit=unit,
        category=education,
        office=secretariat,
        on=D(2026, 9, 25),
    )
    consulted(lead)
    return item, lead


def test_deadlines_count_working_days_and_holidays(routed):
    item, lead = routed
    # 25 Sep 2026 (Fri) + 7 working days, no holidays configured: 6 October.
    assert lead.send_back_until == D(2026, 10, 6)


def lead_assignment_routed_on(day, *, author, unit, **fields):
    """The lead assignment of a suggestion of `author` routed to `unit` on `day`."""
    _item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, on=day, **fields)
    return lead


def test_the_national_day_week_moves_the_send_back_date(author, unit):
    for day in range(1, 8):
        CalendarDayFactory(date=D(2026, 10, day), name="国庆节")
    lead = lead_assignment_routed_on(D(2026, 9, 25), author=author, unit=unit)
    # 28, 29, 30 Sep; 8, 9, 12, 13 Oct
    assert lead.send_back_until == D(2026, 10, 13)
    assert lead.deadline == D(2026, 12, 25)


def test_urgent_items_get_a_working_day_deadline(author, unit):
    lead = lead_assignment_routed_on(D(2026, 11, 23), author=author, unit=unit, urgent=True)
    assert lead.deadline == D(2026, 12, 14)  # 15 working days


def test_the_lead_unit_sends_an_item_back_in_time_only(routed, unit_staff, secretariat, other_unit):
    item, lead = routed
    with pytest.raises(ValidationError, match="can be sent back until 2026-10-06"):
        assignment_send_back(
            assignment=lead, reason="非本单位职责", sent_back_by=unit_staff, today=D(2026, 10, 7)
        )
    item = assignment_send_back(
        assignment=lead, reason="非本单位职责", sent_back_by=unit_staff, today=D(2026, 10, 6)
    )
    assert item.status == "accepted"
    (again,) = proposal_route(proposal=item, lead=other_unit, routed_by=secretariat)
    with pytest.raises(ValidationError, match="no longer current"):
        reply_submit(assignment=lead, result="A", text="…", replied_by=unit_staff)
    assert again.unit == other_unit


def test_a_unit_that_sent_an_item_back_may_be_given_it_again(
    author, secretariat, unit, other_unit, unit_staff, education
):
    """The office has the last word: after a send-back it may route the item to the same unit
    again, in the same round (found by the tally's random walk: this used to be a 500)."""
    item, lead = proposal_in(
        S.ASSIGNED,
        author=author,
        unit=unit,
        co_units=[other_unit],
        category=education,
        office=secretariat,
    )
    assignment_send_back(assignment=lead, reason="非本单位职责", sent_back_by=unit_staff)
    again = proposal_route(proposal=item, lead=other_unit, co_units=[unit], routed_by=secretariat)
    assert [(a.unit, a.role, a.round) for a in again] == [(other_unit, "lead", 1), (unit, "co", 1)]


def test_dissatisfied_opens_a_new_round_and_keeps_the_first_reply(routed, delegate, unit_staff):
    item, lead = routed
    first = reply_submit(assignment=lead, result="C", text="暂无条件解决。", replied_by=unit_staff)
    feedback_submit(reply=first, overall="dissatisfied", rated_by=delegate, comment="未实地调研")
    item.refresh_from_db()
    assert (item.status, item.round) == ("assigned", 2)
    second_lead = item.assignments.get(round=2)
    assert second_lead.unit == lead.unit
    consulted(second_lead)  # each round's reply rests on its own consultation
    second = reply_submit(
        assignment=second_lead, result="A", text="已解决。", replied_by=unit_staff
    )
    feedback_submit(reply=second, overall="basically", rated_by=delegate)
    item.refresh_from_db()
    assert item.status == "closed"
    assert lead.replies.get() == first  # the first reply stays on record
    assert [a for a, _ in statuses(item)].count("rehandling") == 1


def test_a_b_reply_is_tracked_until_solved(routed, delegate, unit_staff):
    item, lead = routed
    reply = reply_submit(
        assignment=lead, result="B", text="已列入明年计划。", replied_by=unit_staff
    )
    feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
    item.refresh_from_db()
    assert item.status == "tracking"
    with pytest.raises(ValidationError, match="reports the matter solved"):
        reply_submit(assignment=lead, result="B", text="仍在推进。", replied_by=unit_staff)
    second = reply_submit(assignment=lead, result="A", text="幼儿园已建成。", replied_by=unit_staff)
    item.refresh_from_db()
    assert (item.status, second.follow_up) == ("closed", True)


def test_only_the_author_rates(routed, other_delegate, unit_staff):
    item, lead = routed
    reply = reply_submit(assignment=lead, result="A", text="已解决。", replied_by=unit_staff)
    with pytest.raises(ValidationError, match="Only the author"):
        feedback_submit(reply=reply, overall="satisfied", rated_by=other_delegate)


def test_aspects_are_required_when_the_office_turns_them_on(routed, delegate, unit_staff):
    item, lead = routed
    rules = ProposalRules.current()
    rules.rate_by_aspect = True
    rules.save()
    reply = reply_submit(assignment=lead, result="A", text="已解决。", replied_by=unit_staff)
    with pytest.raises(ValidationError) as refusal:
        feedback_submit(reply=reply, overall="satisfied", rated_by=delegate, attitude="satisfied")
    assert set(refusal.value.message_dict) == {"consultation", "reply_quality", "result"}
    feedback_submit(
        reply=reply,
        overall="satisfied",
        rated_by=delegate,
        consultation="basically",
        attitude="satisfied",
        reply_quality="satisfied",
        result="satisfied",
    )


def test_every_action_the_services_record_is_a_translated_choice(routed, delegate, unit_staff):
    item, lead = routed
    reply = reply_submit(assignment=lead, result="A", text="已解决。", replied_by=unit_staff)
    feedback_submit(reply=reply, overall="dissatisfied", rated_by=delegate, comment="未解决")
    choices = set(ProposalEvent.Action.values)
    recorded = set(ProposalEvent.objects.values_list("action", flat=True))
    assert recorded <= choices
    with translation.override("zh-hans"):
        assert item.events.filter(action="routed").first().get_action_display() == "交办承办单位"


def test_a_dissatisfied_rating_says_why(routed, delegate, unit_staff, client_for):
    """Issue 12, 1.8: the units handle the item again, so a dissatisfied rating must say why;
    the page's rating is a choice among the three ratings, none chosen beforehand."""
    item, lead = routed
    reply = reply_submit(assignment=lead, result="C", text="暂无条件解决。", replied_by=unit_staff)
    with pytest.raises(ValidationError) as refused:
        feedback_submit(reply=reply, overall="dissatisfied", rated_by=delegate, comment=" ")
    assert "comment" in refused.value.message_dict
    assert Proposal.objects.get(pk=item.pk).status == "replied"
    client = client_for(delegate)
    page = client.get(f"/proposals/{item.pk}/")
    form = page.context["feedback_form"]
    assert [value for value, _label in form.fields["overall"].choices] == [
        "satisfied",
        "basically",
        "dissatisfied",
    ]
    assert "checked" not in str(form["overall"])
    refused = client.post(f"/proposals/{item.pk}/rating/", {"overall": "dissatisfied"})
    assert "Say why you are dissatisfied" in " ".join(
        refused.context["feedback_form"].errors["comment"]
    )
    assert Proposal.objects.get(pk=item.pk).status == "replied"
