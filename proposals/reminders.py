"""The daily deadline sweep. Two steps, both driven by the database:

1. decide: for each current assignment that has reached a milestone (due within the office's
   first-reminder days, due tomorrow, overdue) and has no reminder for it yet, insert a
   ReminderDelivery; the unique constraint means once, ever;
2. send: gather the deliveries not yet sent into one digest per unit (to its staff) and one
   for the office (the overdue items) per batch of units, and mark them sent in the same
   transaction as the notifications are written.

A crash between or inside the steps leaves rows that the next run picks up; nothing is sent
twice. Both steps work in batches, so the number of queries grows with the batches, not the
items."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from congress_office.notifications import notify_many
from congress_office.roles import Role

from .models import (
    Assignment,
    Proposal,
    ProposalRules,
    ReminderDelivery,
)
from .notices import deadline_digests
from .units import unit_staff_by_unit

BATCH = 1000
UNITS_PER_BATCH = 50
M = ReminderDelivery.Milestone


def _windows(today: datetime.date) -> dict:
    first = ProposalRules.current().first_reminder_days
    tomorrow = today + datetime.timedelta(days=1)
    return {
        M.DUE_SOON: {
            "deadline__gt": tomorrow,
            "deadline__lte": today + datetime.timedelta(days=first),
        },
        M.DUE_TOMORROW: {"deadline__gte": today, "deadline__lte": tomorrow},
        M.OVERDUE: {"deadline__lt": today},
    }


def reminders_decide(today: datetime.date) -> int:
    """Step 1: record the milestones reached today. Returns how many were recorded."""
    created = 0
    for milestone, window in _windows(today).items():
        already = ReminderDelivery.objects.filter(
            assignment=OuterRef("pk"), milestone=milestone, deadline=OuterRef("deadline")
        )
        due = (
            Assignment.objects.filter(
                is_open=True, proposal__status=Proposal.Status.ASSIGNED, **window
            )
            .exclude(Exists(already))
            .order_by("pk")
        )
        last = 0
        # Keyset pages (pk > the last one seen), so no batch re-reads the ones before it.
        while rows := list(due.filter(pk__gt=last).values_list("pk", "deadline")[:BATCH]):
            with transaction.atomic():
                ReminderDelivery.objects.bulk_create(
                    ReminderDelivery(assignment_id=pk, milestone=milestone, deadline=deadline)
                    for pk, deadline in rows
                )
            created += len(rows)
            last = rows[-1][0]
    return created


def reminders_send() -> int:
    """Step 2: one digest per unit and one for the office, for the unsent deliveries, a few
    units at a time, so that each unit hears once per sweep however many items it has.
    Returns how many deliveries were sent."""
    sent = 0
    office = list(get_user_model().objects.filter(groups__name=Role.SECRETARIAT, is_active=True))
    unsent = ReminderDelivery.objects.filter(notified_at__isnull=True)
    while True:
        with transaction.atomic():
            units = list(
                unsent.order_by("assignment__unit_id")
                .values_list("assignment__unit_id", flat=True)
                .distinct()[:UNITS_PER_BATCH]
            )
            # Another sweep working at the same time skips what this one holds.
            batch = list(
                unsent.filter(assignment__unit_id__in=units)
                .select_related("assignment__unit", "assignment__proposal")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
            )
            if not batch:
                return sent
            _digests(batch, office)
            ReminderDelivery.objects.filter(pk__in=[d.pk for d in batch]).update(
                notified_at=timezone.now()
            )
            sent += len(batch)


def _digests(batch, office) -> None:
    by_unit = {}
    for delivery in batch:
        by_unit.setdefault(delivery.assignment.unit, []).append(delivery)
    overdue = [d for d in batch if d.milestone == M.OVERDUE]
    messages = deadline_digests(by_unit, unit_staff_by_unit(by_unit), office, overdue)
    notify_many(messages)  # one insert for the whole batch


def reminders_sweep(today: datetime.date | None = None) -> tuple[int, int]:
    """The whole sweep: (milestones recorded, reminders sent)."""
    today = today or timezone.localdate()
    return reminders_decide(today), reminders_send()
