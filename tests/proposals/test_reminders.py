import datetime

import pytest

from congress_office.models import Notification
from proposals.models import ReminderDelivery
from proposals.reminders import reminders_decide, reminders_send, reminders_sweep
from tests.proposals.kit import REMINDER_DAY

pytestmark = pytest.mark.django_db

TODAY = REMINDER_DAY


@pytest.fixture
def routed_on(routed_due, unit, unit_staff):
    """Route an item to `unit` so that its deadline falls `days` from TODAY."""
    return lambda days, title="建议": routed_due(unit, days, title)


def milestones():
    return sorted(ReminderDelivery.objects.values_list("assignment__deadline", "milestone"))


def digests(kind="deadline_digest"):
    return Notification.objects.filter(kind=kind)


def test_each_milestone_is_reached_once(routed_on, unit_staff):
    soon, tomorrow, late, far = routed_on(5), routed_on(1), routed_on(-3), routed_on(30)
    assert reminders_sweep(TODAY) == (3, 3)
    assert milestones() == [
        (late.deadline, "overdue"),
        (tomorrow.deadline, "due_tomorrow"),
        (soon.deadline, "due_soon"),
    ]
    digest = digests().get(user=unit_staff)
    assert digest.title.endswith("3 items")
    assert not ReminderDelivery.objects.filter(assignment=far).exists()  # 30 days: not yet


def test_running_twice_reminds_nobody_twice(routed_on):
    routed_on(5)
    routed_on(-1)
    reminders_sweep(TODAY)
    before = (ReminderDelivery.objects.count(), Notification.objects.count())
    assert reminders_sweep(TODAY) == (0, 0)
    assert (ReminderDelivery.objects.count(), Notification.objects.count()) == before


def test_a_later_sweep_sends_the_next_milestone(routed_on):
    assignment = routed_on(5)
    reminders_sweep(TODAY)
    reminders_sweep(TODAY + datetime.timedelta(days=4))  # now due tomorrow
    reminders_sweep(TODAY + datetime.timedelta(days=6))  # now overdue
    assert [m for _, m in milestones()] == ["due_soon", "due_tomorrow", "overdue"]
    assert digests().count() == 3
    assert ReminderDelivery.objects.filter(assignment=assignment).count() == 3


def test_a_crash_after_deciding_is_made_good_by_the_next_run(routed_on, monkeypatch, unit_staff):
    from proposals import reminders

    routed_on(5)
    routed_on(1)
    reminders_decide(TODAY)

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(reminders, "notify_many", crash)
    with pytest.raises(RuntimeError):
        reminders_send()
    assert not digests().exists()
    assert ReminderDelivery.objects.filter(notified_at__isnull=True).count() == 2  # rolled back
    monkeypatch.undo()
    assert reminders_sweep(TODAY) == (0, 2)
    assert digests().get(user=unit_staff).title.endswith("2 items")
    assert reminders_sweep(TODAY) == (0, 0)


def test_overdue_items_are_escalated_to_the_office(routed_on, secretariat):
    late = routed_on(-2, title="逾期的建议")
    reminders_sweep(TODAY)
    escalation = digests("overdue_digest").get(user=secretariat)
    assert "逾期的建议" in escalation.body and str(late.unit) in escalation.body


def test_answered_or_sent_back_items_are_not_reminded(routed_on, unit_staff):
    from proposals.services import assignment_send_back, reply_submit

    answered = routed_on(-1)
    reply_submit(assignment=answered, result="A", text="已解决。", replied_by=unit_staff)
    sent_back = routed_on(-1)
    assignment_send_back(
        assignment=sent_back, reason="非本单位", sent_back_by=unit_staff, today=TODAY
    )
    assert reminders_sweep(TODAY) == (0, 0)


@pytest.mark.parametrize("size", [3, 40])
def test_the_sweep_runs_a_bounded_number_of_queries(routed_on, size, django_assert_max_num_queries):
    for n in range(size):
        routed_on(-1 - n % 3, title=f"建议{n}")
    # rules, office users; per milestone: candidates, insert, the empty check; then the
    # batch of deliveries, staff, notifications, marking sent, the empty check; savepoints
    with django_assert_max_num_queries(24):
        recorded, sent = reminders_sweep(TODAY)
    assert recorded == sent == size


def test_each_unit_hears_once_per_sweep_however_many_items_it_has(routed_on, unit_staff):
    for n in range(5):
        routed_on(-1, title=f"建议{n}")
    assert reminders_sweep(TODAY) == (5, 5)
    (digest,) = digests().filter(user=unit_staff)
    assert digest.title.endswith("5 items")
    assert len(digest.body.splitlines()) == 5
