"""The reminder sweep at bulk speed (issue 15, item 4): set-based deciding, batched sending,
and still exactly once per assignment and milestone, across re-runs and crashes, with the
same words as before."""

import datetime
import re
from collections import Counter

import pytest
from django.core import mail
from django.utils import translation

from congress_office.models import Notification
from congress_office.notification_texts import notice_text
from congress_office.wording import labelled, written_date
from proposals.models import ReminderDelivery
from proposals.reminders import reminders_decide, reminders_sweep
from tests.proposals.kit import REMINDER_DAY

pytestmark = pytest.mark.django_db

TODAY = REMINDER_DAY
NUMBER = re.compile(r"\b\d{4}-\d+\b")


@pytest.fixture
def due_in_two_units(routed_due, unit, other_unit, unit_staff, other_unit_staff, secretariat):
    """`make(n)`: n items, alternately in the two units, at every milestone."""

    def make(n):
        return [
            routed_due(unit if k % 2 == 0 else other_unit, (5, 1, -2)[k % 3], title=f"建议{k}")
            for k in range(n)
        ]

    return make


def digests():
    return Notification.objects.filter(kind__in=["deadline_digest", "overdue_digest"])


def numbers_in(kind, **where) -> Counter:
    """How often each item's number is named in the digests of `kind`."""
    return Counter(
        number
        for body in Notification.objects.filter(kind=kind, **where).values_list("body", flat=True)
        for number in NUMBER.findall(body)
    )


def emailed_numbers() -> Counter:
    return Counter(number for m in mail.outbox for number in NUMBER.findall(m.body))


def test_deciding_twice_records_nothing_new(due_in_two_units):
    due_in_two_units(6)
    assert reminders_decide(TODAY) == 6
    assert reminders_decide(TODAY) == 0
    assert ReminderDelivery.objects.count() == 6


def test_running_the_sweep_twice_sends_nothing_new(
    due_in_two_units, django_capture_on_commit_callbacks
):
    due_in_two_units(6)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep(TODAY) == (6, 6)
    sent = (digests().count(), len(mail.outbox))
    assert sent == (4, 4)  # a digest to each unit's staff, the overdue ones to the office's two
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep(TODAY) == (0, 0)
    assert (digests().count(), len(mail.outbox)) == sent


def _decide_then_send():
    from proposals import reminders

    reminders.reminders_decide(TODAY)
    reminders.reminders_send(units_per_batch=1)


def _sweep():
    from proposals import reminders

    reminders.reminders_sweep(TODAY, units_per_batch=1)


@pytest.mark.parametrize("first_run", [_decide_then_send, _sweep])
def test_a_crash_midway_through_sending_and_a_rerun_deliver_each_reminder_once(
    due_in_two_units, secretariat, monkeypatch, django_capture_on_commit_callbacks, first_run
):
    """The first batch of units is sent and committed, the second fails (the worker dies
    while writing its digests): the rerun sends the second batch, and only it. Whether the
    reminders had all been recorded before (then they are all kept) or are recorded with
    their batch (then the second batch's are rolled back with its digests)."""
    from proposals import reminders

    assignments = due_in_two_units(8)
    calls = []
    real_notify_many = reminders.notify_many

    def dies_on_the_second_batch(messages):
        calls.append(messages)
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        return real_notify_many(messages)

    monkeypatch.setattr(reminders, "notify_many", dies_on_the_second_batch)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        first_run()
    unsent = ReminderDelivery.objects.filter(notified_at__isnull=True).count()
    if first_run is _decide_then_send:
        assert (ReminderDelivery.objects.count(), unsent) == (8, 4)  # the marks rolled back
        rerun = (0, 4)
    else:
        assert (ReminderDelivery.objects.count(), unsent) == (4, 0)  # recorded with its batch
        rerun = (4, 4)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep(TODAY) == rerun
        assert reminders_sweep(TODAY) == (0, 0)
    numbers = {a.proposal.number for a in assignments}
    assert numbers_in("deadline_digest") == Counter(dict.fromkeys(numbers, 1))
    overdue = {a.proposal.number for a in assignments if a.deadline < TODAY}
    assert numbers_in("overdue_digest", user=secretariat) == Counter(dict.fromkeys(overdue, 1))
    # And each by email once: to its unit, and the overdue ones to the office's two members.
    assert emailed_numbers() == Counter({n: 3 if n in overdue else 1 for n in numbers})


@pytest.mark.parametrize("size", [6, 30])
def test_the_sweep_runs_the_same_queries_whatever_the_number_of_items(
    due_in_two_units, size, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Emails included. The rules and the office; per batch of units (in a savepoint), its
    units, the insert of its deliveries, their rows, the staff, the notifications; the empty
    batch that ends it; the emails: per batch the candidates, then per chunk a claim, a read
    and the record."""
    due_in_two_units(size)
    with django_assert_num_queries(27), django_capture_on_commit_callbacks(execute=True):
        assert reminders_sweep(TODAY, units_per_batch=1) == (size, size)
    # Two units' digests; for each batch, the overdue items to the office's two members.
    assert len(mail.outbox) == 6


def _digest_line_as_before(line: dict) -> str:
    """What a digest's line said before the sweep wrote them in bulk: the reference."""
    return _("%(number)s %(title)s — due %(deadline)s (%(milestone)s)") % {
        "number": line["number"],
        "title": line["title"],
        "deadline": written_date(datetime.date.fromisoformat(line["deadline"])),
        "milestone": ReminderDelivery.Milestone(line["milestone"]).label,
    }


def _(text):
    return translation.gettext(text)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_digests_say_what_they_said_before(due_in_two_units, unit, language):
    due_in_two_units(6)
    reminders_sweep(TODAY)
    for notification in digests():
        title, body = notice_text(notification.kind, notification.params, language)
        with translation.override(language):
            if notification.kind == "deadline_digest":
                expected = [_digest_line_as_before(line) for line in notification.params["lines"]]
            else:
                expected = [
                    labelled(line["unit"], _digest_line_as_before(line))
                    for line in notification.params["lines"]
                ]
        assert body.splitlines() == expected
    unit_digest = Notification.objects.get(kind="deadline_digest", params__unit=unit.name)
    # In the order they were decided: milestone by milestone, as before.
    assert [line["milestone"] for line in unit_digest.params["lines"]] == [
        "due_soon",
        "due_tomorrow",
        "overdue",
    ]
