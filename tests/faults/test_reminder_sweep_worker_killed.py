"""Drill: the worker is killed with SIGKILL in the middle of the daily reminder sweep.

A thousand handling units each have one item due tomorrow and one overdue, so the sweep
records and sends its reminders in twenty batches of fifty units (`proposals/reminders.py`),
each batch's deliveries and digests in one transaction. Once some batches are in and others
are not, the worker process gets SIGKILL. A new worker is started;
the sweep, unacknowledged, is handed to it when the visibility timeout expires; beat's next
sweep and the notification sweep run after it. What this proves:

- what was in when the kill landed was whole: every reminder recorded was sent;
- the sweep completes after the restart: every reminder is recorded once and marked sent;
- no reminder is sent twice: each unit gets exactly one digest, naming each of its items
  once, and the office's overdue digests name each overdue item once, although the units
  of the batches committed before the kill were swept again;
- every digest is emailed exactly once, including those whose email was queued by the
  killed worker.
"""

import datetime
import re
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from congress_office.models import Notification
from congress_office.roles import Role
from congress_office.tasks import send_notification_emails
from proposals.models import (
    Assignment,
    HandlingUnit,
    HandlingUnitUserObjectPermission,
    Proposal,
    ReminderDelivery,
)
from proposals.reminders import UNITS_PER_BATCH
from proposals.tasks import send_deadline_reminders
from tests.core.factories import UserFactory
from tests.delegates.factories import DelegateFactory, TermFactory
from tests.faults.services import DRILL_LIMITS, DRILL_MARKS, wait_for

pytestmark = DRILL_MARKS

UNITS = 1000  # twenty batches of fifty units
NUMBER = re.compile(r"\b2026-\d{4}\b")


@pytest.fixture
def due_everywhere(drill):
    """UNITS units, each with one member of staff, one item due tomorrow and one overdue
    by two days; and the office. Bulk inserts."""
    today = timezone.localdate()
    term = TermFactory()
    author = DelegateFactory(term=term)
    office = UserFactory(username="office", role=Role.SECRETARIAT)
    units = HandlingUnit.objects.bulk_create(
        HandlingUnit(name=f"承办单位{n:04d}") for n in range(UNITS)
    )
    staff = get_user_model().objects.bulk_create(
        get_user_model()(username=f"staff{n:04d}", email=f"staff{n:04d}@example.org")
        for n in range(UNITS)
    )
    work_for_unit = Permission.objects.get(codename="work_for_unit")
    HandlingUnitUserObjectPermission.objects.bulk_create(
        HandlingUnitUserObjectPermission(user=user, permission=work_for_unit, content_object=unit)
        for user, unit in zip(staff, units, strict=True)
    )
    items = Proposal.objects.bulk_create(
        Proposal(
            term=term,
            author=author,
            kind="suggestion",
            title=f"建议{n:04d}",
            situation="情况",
            recommendations="建议",
            status=Proposal.Status.ASSIGNED,
            number=f"2026-{n:04d}",
        )
        for n in range(2 * UNITS)
    )
    Assignment.objects.bulk_create(
        Assignment(
            proposal=item,
            unit=units[n // 2],
            role=Assignment.Role.LEAD,
            round=1,
            assigned_on=today - datetime.timedelta(days=60),
            deadline=today + datetime.timedelta(days=1 if n % 2 == 0 else -2),
            send_back_until=today - datetime.timedelta(days=50),
        )
        for n, item in enumerate(items)
    )
    return office, staff


def numbers_in(notifications) -> Counter:
    return Counter(number for n in notifications for number in NUMBER.findall(n.body))


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_a_reminder_sweep_killed_midway_is_completed_and_reminds_nobody_twice(
    drill, due_everywhere
):
    office, staff = due_everywhere
    first = drill.worker()
    send_deadline_reminders.delay()  # as beat does every morning
    started = time.monotonic()
    sent = ReminderDelivery.objects.filter(notified_at__isnull=False)
    wait_for(sent.exists, 60, "the first batch of digests")
    first.kill()
    killed = time.monotonic()

    total = 2 * UNITS  # one per item and milestone
    sent_before_the_kill = sent.count()
    assert ReminderDelivery.objects.count() == sent_before_the_kill  # recorded with its digest
    assert 0 < sent_before_the_kill < total, "the kill did not land in the middle of the sweep"
    assert drill.broker_backlog()[1] == 1  # the sweep: taken, never acknowledged

    second = drill.worker()
    wait_for(lambda: sent.count() == total, 60, "the redelivered sweep", interval=0.2)
    assert ReminderDelivery.objects.count() == total
    completed_after_kill = time.monotonic() - killed
    assert "send_deadline_reminders" in second.text()
    # Beat's next sweep finds nothing to do.
    assert send_deadline_reminders.apply_async(ignore_result=False).get(timeout=60) == [0, 0]
    # The digests' emails: queued after each batch, and the sweep for any whose queueing
    # died with the worker.
    wait_for(lambda: drill.broker_backlog() == (0, 0), 60, "the queue to drain", interval=0.2)
    while send_notification_emails.apply_async(ignore_result=False).get(timeout=60):
        pass

    # Each unit: one digest, naming both its items once.
    digests = list(Notification.objects.filter(kind="deadline_digest").select_related("user"))
    assert Counter(d.user_id for d in digests) == Counter({user.pk: 1 for user in staff})
    numbers = numbers_in(digests)
    assert len(numbers) == total and set(numbers.values()) == {1}
    # The office: each overdue item once, over one digest per batch.
    escalations = Notification.objects.filter(kind="overdue_digest", user=office)
    overdue = numbers_in(escalations)
    assert len(overdue) == UNITS and set(overdue.values()) == {1}
    assert escalations.count() == UNITS // UNITS_PER_BATCH
    # Every notification emailed once.
    notifications = Notification.objects.select_related("user")
    assert not notifications.filter(emailed_at__isnull=True).exists()
    mailed = Counter((m["To"], squeeze(m["Subject"])) for m in drill.mail())
    assert mailed == Counter((n.user.email, squeeze(n.title)) for n in notifications)
    print(
        f"\nkilled {killed - started:.1f} s into the sweep with {sent_before_the_kill} of "
        f"{total} reminders sent; completed {completed_after_kill:.1f} s after the kill "
        f"(visibility timeout {DRILL_LIMITS.visibility_timeout} s); {len(digests)} unit digests, "
        f"{escalations.count()} to the office, {sum(mailed.values())} emails"
    )
