"""Ballots under load: 2,000 entitled delegates cast ballots of 15 subjects (the team and 14
members) × 6 criteria through gunicorn and PostgreSQL, from 100 concurrent clients (threads on
http.client, each browser with its own cookies). Waves against one server started here:

1. baseline: a trivial signed-in POST (the language switcher, with CSRF) 19 times per client;
2. 1,900 delegates, 19 per client: GET the ballot, POST it (action=submit, a seeded rating or
   a blank on each of the 90 lines), expect the redirect to "voted";
3. double submissions: the other 100 delegates each POST their ballot twice at the same moment
   (one must count), then 100 who have voted do the same (none may count).

Before the waves, in-process (bench/timing.py's interleaved rounds, no server, no queueing):
the ballot page's median server time against the trivial signed-in page's, for one delegate.

Figures: ballots per second against trivial POSTs per second, p50/p95 latencies, wall times;
from the database: receipts, delegates counted twice, and the tallies (each subject × criterion
adds up to 2,000; every cell equals the choices sent). gunicorn: 4 sync workers (BENCH_WORKERS,
BENCH_WORKER_CLASS, BENCH_THREADS), two per core so one renders while the other waits on
PostgreSQL; not gthread, as a ballot is mostly Python (a page of 450 radio buttons) and one
process's threads share one core. CONN_MAX_AGE=60 as in production.

    .venv/bin/python bench/load_ballots.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/load_ballots.py

The PostgreSQL database named by DATABASE_URL is dropped and created. Prints figures and whether
the checks held; asserts nothing about time.
"""

import datetime
import random
import time
from collections import Counter

import figures  # bench/figures.py: --json PATH
import loadkit  # bench/loadkit.py: what the ballot load benchmarks share
import timing  # bench/timing.py

loadkit.configure("bench_ballots")
DELEGATES, CLIENTS, DOUBLES, MEMBERS = loadkit.DELEGATES, loadkit.CLIENTS, loadkit.DOUBLES, 14
PAGE_ROUNDS = 30  # in-process rounds of the ballot page and the trivial page
RATINGS = ["excellent", "competent", "basically_competent", "incompetent", ""]  # "": blank
WEIGHTS = [50, 30, 12, 4, 4]


def build():
    """A fresh database: the term, 2,000 delegates with accounts and signed-in web sessions,
    the evaluation opened through the services with all of them entitled."""
    loadkit.fresh_database()
    from django.utils import timezone

    from evaluations.models import Evaluation, Subject
    from evaluations.services import criteria_from_template, entitlements_set, evaluation_open
    from sessions.models import Session

    county = loadkit.county_delegates(elected_on=datetime.date(2022, 1, 1))  # entitled: active
    now, today = timezone.now(), timezone.localdate()
    session = Session.objects.create(
        term=county.term, ordinal=1, name="第一次会议", start_date=today, end_date=today,
        venue="会堂",
    )  # fmt: skip
    hour = datetime.timedelta(hours=1)
    evaluation = Evaluation.objects.create(
        session=session, title="民主测评", opens_at=now - hour, closes_at=now + 3 * hour
    )
    Subject.objects.bulk_create(
        Subject(evaluation=evaluation, name=f"成员{n}" if n else "领导班子", is_team=not n, order=n)
        for n in range(MEMBERS + 1)
    )
    criteria_from_template(evaluation=evaluation, template="five_aspects")
    entitlements_set(evaluation=evaluation, delegates=county.delegates)
    evaluation = evaluation_open(evaluation=evaluation, opened_by=county.office)
    pairs = [(s.pk, c.pk) for s in evaluation.subjects.all() for c in evaluation.criteria.all()]
    return evaluation, county.keys, pairs


def choices_for(n, pairs):
    """Delegate n's ballot: {(subject id, criterion id): rating or "" (blank)}, seeded."""
    rng = random.Random(n)
    return {pair: rng.choices(RATINGS, WEIGHTS)[0] for pair in pairs}


def fields_for(n, pairs):
    """What delegate n's browser POSTs (the CSRF token aside)."""
    fields = {f"c-{s}-{c}": rating for (s, c), rating in choices_for(n, pairs).items()}
    return {"action": "submit", **fields}


def verify(evaluation, pairs):
    from django.db.models import Count

    from evaluations.models import Receipt
    from evaluations.tallies import online_counts

    receipts = Receipt.objects.filter(evaluation=evaluation)
    twice = receipts.values("delegate").annotate(n=Count("pk")).filter(n__gt=1).count()
    cells, totals = Counter(), Counter()
    for (subject, criterion, rating), n in online_counts(evaluation).items():
        cells[(subject, criterion, rating)] += n
        totals[(subject, criterion)] += n
    sent = Counter(
        (s, c, rating or "abstain")
        for n in range(DELEGATES)
        for (s, c), rating in choices_for(n, pairs).items()
    )
    full = sum(1 for total in totals.values() if total == DELEGATES)
    return receipts.count(), twice, full, cells == sent


def ballot_page_in_process(evaluation, key) -> tuple[float, float]:
    """(ballot page, trivial page): median server milliseconds of the GETs in-process, in
    interleaved rounds, signed in as the delegate of this web session (a GET changes nothing)."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = key
    timed = timing.median_ms(
        {
            "ballot": (client, f"/evaluations/{evaluation.pk}/ballot/"),
            "trivial": (client, "/accounts/password_change/"),
        },
        rounds=PAGE_ROUNDS,
    )
    return timed["ballot"], timed["trivial"]


def main():
    begun = time.perf_counter()
    evaluation, keys, pairs = build()
    built = time.perf_counter() - begun
    page, trivial_page = ballot_page_in_process(evaluation, keys[0])
    r = loadkit.serve(
        lambda port, pid: loadkit.waves(
            port,
            pid,
            keys,
            ballot=f"/evaluations/{evaluation.pk}/ballot/",
            voted=f"/evaluations/{evaluation.pk}/voted/",
            fields_for=lambda n: fields_for(n, pairs),
            token_page="/evaluations/",
        )
    )
    counted, twice, full, exact = verify(evaluation, pairs)
    one, second = loadkit.doubles(r)
    errors, base_errors = len(r.errors), len(r.base_errors)
    held = (counted, twice, second, errors, base_errors) == (DELEGATES, 0, 0, 0, 0)
    held = held and (full, one, exact) == (len(pairs), DOUBLES, True)
    print(
        f"ballots, {DELEGATES} delegates, {MEMBERS + 1} subjects × 6 criteria, {CLIENTS} clients, "
        f"{loadkit.server_description()}, postgresql (autovacuum {loadkit.autovacuum()}), "
        f"built in {built:.0f} s"
    )
    f = figures.figure
    rows = [
        f("trivial signed-in page, in-process (ms)", trivial_page),
        f("ballot page, in-process (ms)", page, trivial_page),
        *loadkit.throughput(r),
        f("ballots counted (receipts)", counted, DELEGATES, f"= {DELEGATES}"),
        f("delegates counted twice", twice, target="0"),
        f("double POSTs counted exactly once", one, DOUBLES, f"= {DOUBLES}"),
        f("second ballots counted", second, target="0"),
        f("errors: ballots", errors, target="0"),
        f("errors: trivial POSTs", base_errors, target="0"),
        f("subject × criterion totals = 2,000", full, len(pairs), f"= {len(pairs)}"),
        f("tallies equal the choices sent", "yes" if exact else "NO", target="yes"),
        f("checks held", "yes" if held else "NO", target="yes"),
    ]
    loadkit.show(rows)
    print(f"{'total wall time (s)':<44}{time.perf_counter() - begun:>10.0f}")
    print("checks held" if held else "CHECKS FAILED")
    figures.write(rows)


if __name__ == "__main__":
    main()
