"""Proposals at scale: 20,000 items, 200 units, 100,000 current assignments (a lead and four
co-handling units each), all overdue, so the sweep records 100,000 reminder deliveries.

Figures: the median server time (in-process, through the whole middleware stack) of the
unit's inbox, the office's overdue queue and the statistics page, each against a trivial
signed-in page measured in the same run (target: at most 3x); the reminder sweep's queries
and time against a plain read of the same rows.

    .venv/bin/python bench/bench_proposals.py          # a scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_proposals.py

The database named by DATABASE_URL is dropped and created. Prints figures; asserts nothing.
"""

import datetime
import os
import time

import benchdb  # bench/benchdb.py: settings and a fresh database
import figures  # bench/figures.py: --json PATH
import timing  # bench/timing.py

benchdb.configure()
ITEMS = int(os.environ.get("BENCH_ITEMS", "20000"))
UNITS = 200
PER_ITEM = 5  # one lead and four co-handling units
ROUNDS = 30
TODAY = datetime.date(2026, 11, 23)


def build():
    from county_office import build_county_office

    from proposals.models import Assignment, Proposal, ProposalCategory
    from proposals.tally import tally_rebuild

    county = build_county_office(units=UNITS)
    term, authors, units = county.term, county.authors, county.units
    categories = [ProposalCategory.objects.create(name=f"类别{n}") for n in range(8)]
    overdue = TODAY - datetime.timedelta(days=10)
    # The handling facts the services would have kept: the lead unit and its deadline.
    items = Proposal.objects.bulk_create(
        (
            Proposal(
                term=term,
                kind="suggestion",
                title=f"建议{n}",
                situation="情况",
                recommendations="建议",
                author=authors[n % 1000],
                category=categories[n % 8],
                status="assigned",
                number=f"2026-{n:05d}",
                lead_unit=units[n % UNITS],
                lead_deadline=overdue,
            )
            for n in range(ITEMS)
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
                deadline=overdue,
                send_back_until=datetime.date(2026, 6, 10),
            )
            for n, item in enumerate(items)
            for k in range(PER_ITEM)
        ),
        batch_size=5000,
    )
    tally_rebuild()  # the statistics' counts, as the services would have kept them
    # The planner's statistics, as autovacuum would gather them after such a load (it is off
    # on some machines): without them PostgreSQL expects 6 overdue items, not 20,000.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return term, county.office, county.staff[0]


def what_it_showed(client, url, shown) -> str:
    """One more request with the test instrumentation on (after the timings, so that it
    costs them nothing), to be sure the page was not empty."""
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    try:
        return shown(client.get(url).context)
    finally:
        teardown_test_environment()


def main():
    benchdb.fresh_database()
    from django.db import connection
    from django.test import Client

    from proposals.models import Assignment, ReminderDelivery
    from proposals.reminders import reminders_sweep

    started = time.perf_counter()
    term, office, clerk = build()
    built = time.perf_counter() - started

    # The sweep, against a plain read of the same rows.
    started = time.perf_counter()
    rows = list(Assignment.objects.values_list("pk", "unit_id", "deadline", "proposal__title"))
    plain = time.perf_counter() - started
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        started = time.perf_counter()
        recorded, sent = reminders_sweep(TODAY)
        sweep = time.perf_counter() - started
    assert recorded == sent == len(rows) == ReminderDelivery.objects.count()

    office_client, clerk_client = Client(), Client()
    from tests.sign_in import sign_in_as

    sign_in_as(office_client, office)
    sign_in_as(clerk_client, clerk)
    pages = {
        "unit inbox": (
            clerk_client,
            "/proposals/unit/",
            lambda c: f"{c['inbox'].paginator.count} items",
        ),
        "office overdue queue": (
            office_client,
            "/admin/proposals/proposal/queues/?queue=overdue",
            lambda c: f"{c['page'].paginator.count}{'+' if c['page'].paginator.more else ''} items",
        ),
        "statistics by unit": (
            office_client,
            f"/admin/proposals/proposal/statistics/?term={term.pk}&group_by=unit",
            lambda c: f"{c['total'].items} items, {len(c['groups'])} units",
        ),
    }
    trivial_page = (clerk_client, "/accounts/password_change/")
    timed = timing.median_ms(
        {"trivial": trivial_page, **{name: (c, url) for name, (c, url, _) in pages.items()}},
        rounds=ROUNDS,
    )
    trivial = timed.pop("trivial")
    # For reference, in rounds of their own (the change list's garbage would otherwise slow
    # the pages measured after it): the admin's own trivial page, and the overdue queue
    # through the admin's change list (its filter).
    references = timing.median_ms(
        {
            "trivial": trivial_page,
            "admin trivial": (office_client, "/admin/password_change/"),
            "change list": (office_client, "/admin/proposals/proposal/?queue=overdue"),
        },
        rounds=ROUNDS,
    )
    admin_trivial, changelist = references["admin trivial"], references["change list"]
    reference_trivial = references["trivial"]
    shown = {name: what_it_showed(*page) for name, page in pages.items()}
    print(
        f"proposals, {ITEMS} items, {UNITS} units, {len(rows)} assignments, "
        f"{connection.vendor} (built in {built:.0f} s)"
    )
    print(f"{'figure':<34}{'value':>10}{'baseline':>10}{'ratio':>8}{'target':>9}  shown")
    print(f"{'trivial signed-in page (ms)':<34}{trivial:>10.1f}")
    print(f"{'admin password page (ms)':<34}{admin_trivial:>10.1f}", end="")
    print(f"{reference_trivial:>10.1f}{admin_trivial / reference_trivial:>8.1f}")
    for name, value in timed.items():
        print(
            f"{name + ' (ms)':<34}{value:>10.1f}{trivial:>10.1f}{value / trivial:>8.1f}"
            f"{'<= 3':>9}  {shown[name]}"
        )
    print(f"{'(admin change list, overdue) (ms)':<34}{changelist:>10.1f}", end="")
    print(f"{reference_trivial:>10.1f}{changelist / reference_trivial:>8.1f}")
    print(f"{'sweep: deliveries recorded, sent':<34}{recorded:>10}")
    print(f"{'sweep: queries':<34}{len(queries):>10}")
    print(f"{'sweep (s) vs a plain read (s)':<34}{sweep:>10.2f}{plain:>10.2f}{sweep / plain:>8.1f}")
    figures.write(
        [
            figures.figure("trivial signed-in page (ms)", trivial),
            figures.figure("admin password page (ms)", admin_trivial, reference_trivial),
            *(
                figures.figure(f"{name} (ms), {shown[name]}", value, trivial, "<= 3×")
                for name, value in timed.items()
            ),
            figures.figure("(admin change list, overdue) (ms)", changelist, reference_trivial),
            figures.figure("sweep: deliveries recorded, sent", recorded),
            figures.figure("sweep: queries", len(queries)),
            figures.figure("sweep (s) vs a plain read (s)", sweep, plain),
        ]
    )


if __name__ == "__main__":
    main()
