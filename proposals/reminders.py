"""The daily deadline sweep. Two steps, both driven by the database:

1. decide: for each milestone (due within the office's first-reminder days, due tomorrow,
   overdue), one INSERT ... SELECT records a ReminderDelivery for every current assignment
   that has reached it and has none yet; the unique constraint (ON CONFLICT DO NOTHING,
   should two sweeps race) means once, ever;
2. send: gather the deliveries not yet sent into one digest per unit (to its staff) and one
   for the office (the overdue items) per batch of units, and mark them sent in the same
   transaction as the notifications are written (their emails go after it commits).

A crash between or inside the steps leaves rows that the next run picks up; nothing is sent
twice. The number of queries grows with the batches of units, never with the items
(decision 181)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import CharField, DateTimeField, Exists, OuterRef, Value
from django.utils import timezone

from congress_office.notifications import notify_many
from congress_office.roles import Role

from .models import Assignment, HandlingUnit, Proposal, ProposalRules, ReminderDelivery
from .notices import deadline_digests
from .units import unit_staff_by_unit

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
    """Step 1: record the milestones reached today, one statement per milestone. Returns how
    many were recorded."""
    created = 0
    now = timezone.now()
    for milestone, window in _windows(today).items():
        already = ReminderDelivery.objects.filter(
            assignment=OuterRef("pk"), milestone=milestone, deadline=OuterRef("deadline")
        )
        due = (
            Assignment.objects.filter(
                is_open=True, proposal__status=Proposal.Status.ASSIGNED, **window
            )
            .exclude(Exists(already))
            .order_by()
            .values_list(
                "pk",
                Value(milestone.value, output_field=CharField()),
                "deadline",
                Value(now, output_field=DateTimeField()),
            )
        )
        created += _insert_deliveries(due)
    return created


def _insert_deliveries(rows) -> int:
    """INSERT ... SELECT of (assignment, milestone, deadline, created at) rows; those already
    recorded (by a sweep running at the same time) are skipped by the unique constraint."""
    select, params = rows.query.sql_with_params()
    columns = ", ".join(
        connection.ops.quote_name(ReminderDelivery._meta.get_field(name).column)
        for name in ("assignment", "milestone", "deadline", "created_at")
    )
    table = connection.ops.quote_name(ReminderDelivery._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select} ON CONFLICT DO NOTHING", params)
        return cursor.rowcount


def reminders_send(units_per_batch: int | None = None) -> int:
    """Step 2: one digest per unit and one for the office, for the unsent deliveries, a few
    units at a time (in the order of their keys), so that each unit hears once per sweep
    however many items it has. Each batch takes four reads (its units, their deliveries,
    their staff) and two writes (the notifications, the mark). Returns how many deliveries
    were sent."""
    units_per_batch = units_per_batch or UNITS_PER_BATCH
    sent = 0
    office = list(get_user_model().objects.filter(groups__name=Role.SECRETARIAT, is_active=True))
    unsent = ReminderDelivery.objects.filter(notified_at__isnull=True)
    after = 0
    while True:
        with transaction.atomic():
            units = list(
                HandlingUnit.objects.filter(
                    pk__gt=after,
                    pk__in=unsent.values("assignment__unit_id"),
                ).order_by("pk")[:units_per_batch]
            )
            if not units:
                return sent
            after = units[-1].pk
            # Another sweep working at the same time skips what this one holds.
            batch = list(
                unsent.filter(assignment__unit__in=units)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
                .values_list(
                    "pk",
                    "assignment__unit_id",
                    "assignment__proposal__number",
                    "assignment__proposal__title",
                    "deadline",
                    "milestone",
                )
            )
            if not batch:
                continue
            notify_many(deadline_digests(batch, units, unit_staff_by_unit(units), office))
            ReminderDelivery.objects.filter(pk__in=[row[0] for row in batch]).update(
                notified_at=timezone.now()
            )
            sent += len(batch)


def reminders_sweep(today: datetime.date | None = None) -> tuple[int, int]:
    """The whole sweep: (milestones recorded, reminders sent)."""
    today = today or timezone.localdate()
    return reminders_decide(today), reminders_send()
