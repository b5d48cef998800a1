"""The daily deadline sweep, driven by the database, a batch of handling units at a time (in
the order of their keys), each batch in one transaction:

1. decide: one INSERT ... SELECT records a ReminderDelivery, already marked sent, for every
   current assignment of the batch's units that has reached a milestone (due within the
   office's first-reminder days, due tomorrow, overdue); the unique constraint (ON CONFLICT
   DO NOTHING) skips those that have one, so once, ever, even when two sweeps race;
2. send: read those deliveries, and any left unsent (recorded by `reminders_decide` alone,
   or by the sweep before this one), into one digest per unit (to its staff) and one for the
   office (the overdue items); mark the ones left unsent sent.

The deliveries and the digests that carry them commit together (their emails go after), so
a crash at any point either keeps both or neither: the next run records and sends what is
missing, and nothing twice. The number of queries grows with the batches of units, never
with the items (decision 181)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Case, CharField, DateTimeField, Q, Value, When
from django.utils import timezone

from congress_office.notifications import notify_many
from congress_office.roles import Role

from .models import Assignment, HandlingUnit, Proposal, ProposalRules, ReminderDelivery
from .notices import deadline_digests
from .units import unit_staff_by_unit

UNITS_PER_BATCH = 50
M = ReminderDelivery.Milestone


def _due(today: datetime.date):
    """The current assignments that have reached a milestone today, and the milestone each
    has reached (`milestone`). The windows: overdue before today; due tomorrow today or
    tomorrow; due soon after tomorrow, up to the office's first-reminder days."""
    first = ProposalRules.current().first_reminder_days
    tomorrow = today + datetime.timedelta(days=1)
    last = max(today + datetime.timedelta(days=first), tomorrow)
    return Assignment.objects.filter(
        is_open=True, proposal__status=Proposal.Status.ASSIGNED, deadline__lte=last
    ).annotate(
        milestone=Case(
            When(deadline__lt=today, then=Value(M.OVERDUE.value)),
            When(deadline__lte=tomorrow, then=Value(M.DUE_TOMORROW.value)),
            default=Value(M.DUE_SOON.value),
            output_field=CharField(),
        )
    )


def _record(due, sent_at) -> int:
    """INSERT ... SELECT of a delivery for each of `due` (sent at `sent_at`, or unsent);
    those already recorded (by an earlier sweep, or one running at the same time) are skipped
    by the unique constraint's index. No NOT EXISTS: a planner that believes the deliveries'
    table empty (its first sweep) runs one as a scan of the table per row, the rows this
    statement inserts included (35 s instead of 1 for 33,000 rows). Milestone by milestone,
    then by assignment: the deliveries' keys give the digests their order."""
    rank = Case(
        *(When(milestone=m.value, then=Value(n)) for n, m in enumerate(M)),
        default=Value(len(M)),
    )
    rows = due.order_by(rank.asc(), "pk").values_list(
        "pk",
        "milestone",
        "deadline",
        Value(timezone.now(), output_field=DateTimeField()),
        Value(sent_at, output_field=DateTimeField()),
    )
    select, params = rows.query.sql_with_params()
    columns = ", ".join(
        connection.ops.quote_name(ReminderDelivery._meta.get_field(name).column)
        for name in ("assignment", "milestone", "deadline", "created_at", "notified_at")
    )
    table = connection.ops.quote_name(ReminderDelivery._meta.db_table)
    with connection.cursor() as cursor:  # one statement: all or nothing
        cursor.execute(f"INSERT INTO {table} ({columns}) {select} ON CONFLICT DO NOTHING", params)
        return cursor.rowcount


def reminders_decide(today: datetime.date) -> int:
    """Record, unsent, the milestones reached today (in one statement), for a sweep to send
    later. Returns how many were recorded."""
    return _record(_due(today), sent_at=None)


def reminders_send(units_per_batch: int | None = None) -> int:
    """Send the deliveries recorded and not sent. Returns how many were sent."""
    return _sweep(None, units_per_batch)[1]


def reminders_sweep(
    today: datetime.date | None = None, units_per_batch: int | None = None
) -> tuple[int, int]:
    """The whole sweep: (milestones recorded, reminders sent)."""
    return _sweep(today or timezone.localdate(), units_per_batch)


def _sweep(today: datetime.date | None, units_per_batch: int | None) -> tuple[int, int]:
    """Record (unless `today` is None) and send, a batch of units at a time, so that each
    unit hears once per sweep however many items it has. Each batch takes its units, the
    insert, its deliveries, their staff and the notifications' insert (and an update if
    some were left unsent)."""
    units_per_batch = units_per_batch or UNITS_PER_BATCH
    recorded = sent = 0
    office = list(get_user_model().objects.filter(groups__name=Role.SECRETARIAT, is_active=True))
    unsent = ReminderDelivery.objects.filter(notified_at__isnull=True)
    due = _due(today) if today else Assignment.objects.none()
    after = 0
    while True:
        with transaction.atomic():
            units = list(
                HandlingUnit.objects.filter(pk__gt=after)
                .filter(
                    Q(pk__in=due.values("unit_id")) | Q(pk__in=unsent.values("assignment__unit_id"))
                )
                .order_by("pk")[:units_per_batch]
            )
            if not units:
                return recorded, sent
            after = units[-1].pk
            now = timezone.now()
            if today:
                recorded += _record(due.filter(unit__in=units), sent_at=now)
            # This run's deliveries (sent at its moment) and those left unsent; another sweep
            # working at the same time skips what this one holds.
            batch = list(
                ReminderDelivery.objects.filter(assignment__unit__in=units)
                .filter(Q(notified_at__isnull=True) | Q(notified_at=now))
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
                .values_list(
                    "pk",
                    "assignment__unit_id",
                    "assignment__proposal__number",
                    "assignment__proposal__title",
                    "deadline",
                    "milestone",
                    "notified_at",
                )
            )
            if not batch:
                continue
            notify_many(deadline_digests(batch, units, unit_staff_by_unit(units), office))
            left_unsent = [row[0] for row in batch if row[-1] is None]
            if left_unsent:
                ReminderDelivery.objects.filter(pk__in=left_unsent).update(notified_at=now)
            sent += len(batch)
