"""The office's bulk actions on items being handled: set the lead unit's deadline, remind the
units. Both go through services, write the timeline and tell the units."""

import datetime

import pytest
from django.utils import timezone

from congress_office.models import Notification
from congress_office.wording import written_date
from proposals.models import Proposal, ProposalEvent, ReminderDelivery
from proposals.reminders import reminders_sweep
from proposals.services import (
    deadline_set,
    proposal_accept,
    proposal_draft_save,
    proposal_remind,
    proposal_route,
    proposal_submit,
)
from tests.proposals.kit import admin_action as act

pytestmark = pytest.mark.django_db


@pytest.fixture
def handled(
    author, delegate, secretariat, unit, other_unit, unit_staff, other_unit_staff, education
):
    """Two items routed to `unit` (lead) and `other_unit` (co-handling), and one only submitted."""

    def make(title):
        item = proposal_draft_save(
            author=author, kind="suggestion", title=title, situation="情况", recommendations="建议"
        )
        return proposal_submit(proposal=item, submitted_by=delegate)

    routed = []
    for title in ("甲", "乙"):
        item = make(title)
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        proposal_route(proposal=item, lead=unit, co_units=[other_unit], routed_by=secretariat)
        routed.append(Proposal.objects.get(pk=item.pk))
    return routed, make("丙")


def lead_deadline(item):
    return item.assignments.get(role="lead").deadline


def test_the_office_sets_the_deadline_in_bulk(office, handled, unit_staff, other_unit_staff):
    routed, _ = handled
    new = timezone.localdate() + datetime.timedelta(days=10)
    response = act(office, "set_deadline", routed, deadline=new.isoformat(), reason="县委督办")
    assert "2 items done" in response.content.decode()
    for item in routed:
        item.refresh_from_db()
        assert lead_deadline(item) == new == item.lead_deadline
        event = item.events.get(action="deadline set")
        assert event.shown_note.endswith(f"→ {written_date(new)}: 县委督办")
    told = Notification.objects.filter(kind="deadline_set")
    assert set(told.values_list("user", flat=True)) == {unit_staff.pk}
    assert told.count() == 2
    # The co-handling unit's own deadline (its view to the lead unit) does not move.
    assert all(i.assignments.get(role="co").deadline != new for i in routed)


def test_a_deadline_in_the_past_or_without_reason_is_refused_and_nothing_changes(office, handled):
    routed, submitted = handled
    before = lead_deadline(routed[0])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = act(office, "set_deadline", routed[:1], deadline=yesterday.isoformat(), reason="x")
    assert "Choose today or a later day." in response.content.decode()
    response = act(office, "set_deadline", routed[:1], deadline="2099-01-01", reason="  ")
    assert "This field is required." in response.content.decode()  # the form asks first
    response = act(office, "set_deadline", [submitted], deadline="2099-01-01", reason="x")
    assert "cannot be given a new deadline now" in response.content.decode()
    assert lead_deadline(routed[0]) == before
    assert not ProposalEvent.objects.filter(action="deadline set").exists()
    assert not Notification.objects.filter(kind="deadline_set").exists()


def test_a_moved_deadline_is_reminded_again_once(handled, secretariat):
    routed, _ = handled
    today = timezone.localdate()
    lead = routed[0].assignments.get(role="lead")
    lead.deadline = today - datetime.timedelta(days=2)
    lead.save()
    reminders_sweep(today)
    assert ReminderDelivery.objects.filter(assignment=lead, milestone="overdue").count() == 1

    deadline_set(
        proposal=routed[0],
        deadline=today + datetime.timedelta(days=3),
        reason="再给三天",
        set_by=secretariat,
    )
    later = today + datetime.timedelta(days=5)  # the new deadline has passed too
    reminders_sweep(later)
    reminders_sweep(later)  # and a second run sends nothing more
    overdue = ReminderDelivery.objects.filter(assignment=lead, milestone="overdue")
    assert sorted(overdue.values_list("deadline", flat=True)) == [
        today - datetime.timedelta(days=2),
        today + datetime.timedelta(days=3),
    ]


def test_the_office_reminds_the_units_at_work(office, handled, unit_staff, other_unit_staff):
    routed, submitted = handled
    response = act(office, "remind", routed[:1], note="请本周内答复")
    assert "1 item done" in response.content.decode()
    reminders = Notification.objects.filter(kind="office_reminder")
    assert set(reminders.values_list("user", flat=True)) == {unit_staff.pk, other_unit_staff.pk}
    assert set(reminders.values_list("body", flat=True)) == {"请本周内答复"}
    event = routed[0].events.get(action="reminded")
    assert (event.status_before, event.status_after) == ("assigned", "assigned")

    response = act(office, "remind", [submitted])
    assert "cannot be reminded now" in response.content.decode()
    assert reminders.count() == 2


def test_reminding_is_refused_once_the_unit_has_replied(handled, secretariat, unit_staff):
    from django.core.exceptions import ValidationError

    from proposals.services import reply_submit

    routed, _ = handled
    reply_submit(
        assignment=routed[0].assignments.get(role="lead"),
        result="A",
        text="已解决",
        replied_by=unit_staff,
    )
    with pytest.raises(ValidationError):
        proposal_remind(proposal=routed[0], reminded_by=secretariat)
    with pytest.raises(ValidationError, match="Say why the deadline changes"):
        deadline_set(
            proposal=routed[1], deadline=timezone.localdate(), reason=" ", set_by=secretariat
        )
