"""The large office (manage.py large_office at scale 1: 5 terms, 5,000 delegates, 50 sessions,
20,000 proposals with their histories, 100,000 reminders, 50,000 ballots): how long it takes
to build, per app, and the office's busiest pages on it, against a trivial signed-in page in
the same run. A steady state, where bench_proposals is the worst case (every item overdue).

    .venv/bin/python bench/bench_large_office.py        # a scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_large_office.py

The database named by DATABASE_URL is dropped and created. Prints figures; asserts nothing.
"""

import io
import os
import re
import time

import benchdb  # bench/benchdb.py: settings and a fresh database
import figures  # bench/figures.py: --json PATH
import timing  # bench/timing.py

benchdb.configure()
SCALE = os.environ.get("BENCH_SCALE", "1")
ROUNDS = 15


def main():
    benchdb.fresh_database()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from delegates.models import Term
    from evaluations.models import Evaluation
    from proposals.models import Assignment, HandlingUnit
    from proposals.units import unit_staff

    output = io.StringIO()
    started = time.perf_counter()
    call_command("large_office", "--scale", SCALE, "--allow-without-debug", stdout=output)
    built = time.perf_counter() - started
    report = output.getvalue()
    per_app = [
        (app, seconds)
        for app, seconds in re.findall(r"^(\w+) +(\d+\.\d)", report, re.MULTILINE)
        if app != "total"
    ]
    rows = int(re.search(r"([\d,]+) rows", report).group(1).replace(",", ""))

    users = get_user_model().objects
    term = Term.objects.order_by("-start_date").first()
    busiest = (
        Assignment.objects.filter(is_open=True)
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit")
        .first()
    )
    if busiest:
        clerk = unit_staff(HandlingUnit.objects.get(pk=busiest["unit"])).first()
    else:
        clerk = users.get(username="unit")
    evaluation = Evaluation.objects.filter(session__term=term).order_by("pk").first()
    office, delegate, staff = Client(), Client(), Client()
    from tests.sign_in import sign_in_as

    sign_in_as(office, users.get(username="office"))
    sign_in_as(delegate, users.get(username="delegate"))
    sign_in_as(staff, clerk)
    pages = {
        "trivial": (staff, "/accounts/password_change/"),
        f"unit inbox, {busiest['n'] if busiest else 0} open items": (staff, "/proposals/unit/"),
        "office overdue queue": (office, "/admin/proposals/proposal/queues/?queue=overdue"),
        "statistics by unit, current term": (
            office,
            f"/admin/proposals/proposal/statistics/?term={term.pk}&group_by=unit",
        ),
        "proposals list, all terms": (office, "/admin/proposals/proposal/"),
        "delegates list, all terms": (office, "/admin/delegates/delegate/"),
        "a delegate's proposals": (delegate, "/proposals/mine/"),
        "evaluation results": (office, f"/evaluations/{evaluation.pk}/results/"),
    }
    timed = timing.median_ms(pages, rounds=ROUNDS)
    trivial = timed.pop("trivial")

    print(f"large office, scale {SCALE}, {rows:,} rows, {connection.vendor}")
    print(f"{'figure':<40}{'value':>10}{'baseline':>10}{'ratio':>8}{'target':>9}")
    print(f"{'build (s)':<40}{built:>10.1f}{'':>10}{'':>8}{'< 120':>9}")
    for app, seconds in per_app:
        print(f"{'  ' + app + ' (s)':<40}{float(seconds):>10.1f}")
    print(f"{'trivial signed-in page (ms)':<40}{trivial:>10.1f}")
    for name, value in timed.items():
        print(f"{name + ' (ms)':<40}{value:>10.1f}{trivial:>10.1f}{value / trivial:>8.1f}")
    figures.write(
        [
            figures.figure(f"build, {rows:,} rows (s)", built, target="<= 120"),
            *(figures.figure(f"build: {app} (s)", float(s)) for app, s in per_app),
            figures.figure("trivial signed-in page (ms)", trivial),
            *(figures.figure(f"{name} (ms)", v, trivial) for name, v in timed.items()),
        ]
    )


if __name__ == "__main__":
    main()
