"""The daily reminder sweep (proposals/reminders.py) against bulk speed, at 10,000 and 100,000
due items: 200 handling units (one member of staff each, with an email address), the office,
five current assignments per item, their deadlines spread over the three milestones (a third
due within the week, a third due tomorrow, a third overdue).

The baseline, measured in the same run on the same rows: one INSERT ... SELECT of the same
delivery rows, one read of what the digests show, and one digest per unit rendered (the same
words, in the same function) and sent through the same email backend (in memory here). The
sweep: `reminders_sweep`, with its in-app notifications and their emails (tasks run in
process, as without a broker), so both end with the same mail sent. Target: the sweep within
3x the baseline, its queries bounded by the batches (not growing with the items).

    .venv/bin/python bench/bench_sweep.py          # a scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_sweep.py

The database named by DATABASE_URL is dropped and created. Prints figures; asserts nothing
but that each run delivered what it should.
"""

import datetime
import os
import statistics
import time

os.environ.setdefault("EMAIL_URL", "memorymail://")  # the same backend for both, in memory

import benchdb  # bench/benchdb.py: settings and a fresh database
import figures  # bench/figures.py: --json PATH
from county_office import build_county_office  # bench/county_office.py

benchdb.configure()
SIZES = [int(n) for n in os.environ.get("BENCH_SWEEP_SIZES", "10000,100000").split(",")]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
UNITS = 200
PER_ITEM = 5  # one lead and four co-handling units
TODAY = datetime.date(2026, 11, 23)
# A third of the assignments at each milestone (the office's first reminder: 7 days ahead).
DEADLINES = [TODAY + datetime.timedelta(days=d) for d in (5, 1, -10)]


def build_items(term, authors, units, due: int) -> None:
    """`due` current assignments (due / 5 items), replacing those of the size before."""
    from proposals.models import Assignment, Proposal, ProposalCategory

    Assignment.objects.all().delete()
    Proposal.objects.all().delete()
    category = ProposalCategory.objects.get_or_create(name="类别")[0]
    items = Proposal.objects.bulk_create(
        (
            Proposal(
                term=term,
                kind="suggestion",
                title=f"建议{n}",
                situation="情况",
                recommendations="建议",
                author=authors[n % len(authors)],
                category=category,
                status="assigned",
                number=f"2026-{n:05d}",
                lead_unit=units[n % UNITS],
                lead_deadline=DEADLINES[n % 3],
            )
            for n in range(due // PER_ITEM)
        ),
        batch_size=2000,
    )
    Assignment.objects.bulk_create(
        (
            Assignment(
                proposal=item,
                unit=units[(n + k * 37) % UNITS],
                role="lead" if k == 0 else "co",
                round=1,
                assigned_on=datetime.date(2026, 6, 1),
                deadline=DEADLINES[(n + k) % 3],
                send_back_until=datetime.date(2026, 6, 10),
            )
            for n, item in enumerate(items)
            for k in range(PER_ITEM)
        ),
        batch_size=5000,
    )


def clear() -> None:
    """Back to no deliveries, no notifications, no mail, with the planner's statistics fresh
    (as autovacuum would leave them), so that every run starts from the same state."""
    from django.core import mail
    from django.db import connection

    from congress_office.models import Notification
    from devdata.large_office.office import planner_statistics_refresh
    from proposals.models import ReminderDelivery

    ReminderDelivery.objects.all()._raw_delete(connection.alias)
    Notification.objects.all()._raw_delete(connection.alias)
    mail.outbox = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            planner_statistics_refresh(cursor, vacuum=True)
        else:
            cursor.execute("ANALYZE")


def baseline() -> int:
    """Bulk speed: the delivery rows in one INSERT ... SELECT, one read of what the digests
    show, each unit's staff in one query, and one digest per unit, rendered and sent through
    the email backend on one connection. Returns the number of rows inserted."""
    from django.conf import settings
    from django.core import mail
    from django.db import connection, transaction
    from django.utils import timezone

    from congress_office.notification_texts import notice_text
    from proposals.models import Assignment, HandlingUnitUserObjectPermission, ReminderDelivery

    soon, tomorrow = TODAY + datetime.timedelta(days=7), TODAY + datetime.timedelta(days=1)
    assignment, proposal = Assignment._meta.db_table, Assignment.proposal.field.related_model
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ReminderDelivery._meta.db_table} "
            "(assignment_id, milestone, deadline, created_at) "
            "SELECT a.id, CASE WHEN a.deadline < %s THEN 'overdue' "
            "WHEN a.deadline <= %s THEN 'due_tomorrow' ELSE 'due_soon' END, a.deadline, %s "
            f"FROM {assignment} a JOIN {proposal._meta.db_table} p ON p.id = a.proposal_id "
            "WHERE a.is_open AND p.status = 'assigned' AND a.deadline <= %s",
            [TODAY, tomorrow, timezone.now(), soon],
        )
        inserted = cursor.rowcount
    rows = ReminderDelivery.objects.values_list(
        "assignment__unit_id",
        "assignment__unit__name",
        "assignment__proposal__number",
        "assignment__proposal__title",
        "deadline",
        "milestone",
    ).order_by("pk")
    by_unit = {}
    for unit_id, unit, number, title, deadline, milestone in rows:
        by_unit.setdefault((unit_id, unit), []).append(
            {
                "unit": unit,
                "number": number,
                "title": title,
                "deadline": deadline.isoformat(),
                "milestone": milestone,
            }
        )
    staff = {}
    for pk, email in HandlingUnitUserObjectPermission.objects.filter(
        permission__codename="work_for_unit"
    ).values_list("content_object_id", "user__email"):
        staff.setdefault(pk, []).append(email)
    messages = []
    for (pk, unit), lines in by_unit.items():
        subject, body = notice_text(
            "deadline_digest", {"unit": unit, "lines": lines}, settings.LANGUAGE_CODE
        )
        url = f"{settings.SITE_URL}/proposals/unit/"
        messages += [mail.EmailMessage(subject, f"{body}\n\n{url}", to=[to]) for to in staff[pk]]
    mail.get_connection().send_messages(messages)
    return inserted


def measure(due: int) -> dict:
    from django.core import mail
    from django.db import connection

    from proposals.models import ReminderDelivery
    from proposals.reminders import reminders_sweep

    runs = {"baseline": [], "sweep": []}
    queries = []
    for _ in range(ROUNDS):
        clear()
        started = time.perf_counter()
        inserted = baseline()
        runs["baseline"].append(time.perf_counter() - started)
        assert inserted == due and len(mail.outbox) == UNITS, (inserted, len(mail.outbox))
        clear()
        queries.clear()
        with connection.execute_wrapper(
            lambda execute, sql, *args, seen=queries: seen.append(sql) or execute(sql, *args)
        ):
            started = time.perf_counter()
            recorded, sent = reminders_sweep(TODAY)
            runs["sweep"].append(time.perf_counter() - started)
        assert recorded == sent == due, (recorded, sent)
        assert not ReminderDelivery.objects.filter(notified_at__isnull=True).exists()
        to_units = [m for m in mail.outbox if m.to[0].startswith("staff")]
        assert len(to_units) == UNITS, len(to_units)
    return {
        "baseline": statistics.median(runs["baseline"]),
        "sweep": statistics.median(runs["sweep"]),
        "queries": len(queries),
        "emails": len(mail.outbox),
    }


def main():
    benchdb.fresh_database()
    from django.db import connection

    county = build_county_office(units=UNITS, emails=True)
    term, authors, units = county.term, county.authors, county.units
    results = {}
    for due in SIZES:
        started = time.perf_counter()
        build_items(term, authors, units, due)
        built = time.perf_counter() - started
        results[due] = measure(due)
        print(f"  ({due:,} due items built in {built:.0f} s)", flush=True)
    print(
        f"reminder sweep, {UNITS} units, {connection.vendor}, median of {ROUNDS} rounds, "
        f"load {' '.join(f'{n:.2f}' for n in os.getloadavg())}"
    )
    print(f"{'figure':<44}{'value':>10}{'baseline':>10}{'ratio':>8}{'target':>9}")
    rows = []
    for due, result in results.items():
        name = f"sweep, {due:,} due items (s)"
        ratio = result["sweep"] / result["baseline"]
        print(
            f"{name:<44}{result['sweep']:>10.2f}{result['baseline']:>10.2f}{ratio:>8.2f}{'<= 3':>9}"
        )
        print(f"{f'sweep, {due:,} due items: queries':<44}{result['queries']:>10}")
        print(f"{f'sweep, {due:,} due items: emails':<44}{result['emails']:>10}")
        rows += [
            figures.figure(name, result["sweep"], result["baseline"], "<= 3×"),
            figures.figure(f"sweep, {due:,} due items: queries", result["queries"]),
            figures.figure(f"sweep, {due:,} due items: emails", result["emails"]),
        ]
    figures.write(rows)


if __name__ == "__main__":
    main()
