"""An election under load: a county election of 31 seats with 38 candidates (the formal list
approved, the first round opened at a sitting, through the services), its 2,000 delegates
checked in at that sitting voting online through gunicorn and PostgreSQL from 100 concurrent
clients (threads on http.client, each browser with its own cookies). Waves against one server
started here, as bench/load_ballots.py holds them (bench/loadkit.py):

1. baseline: a trivial signed-in POST (the language switcher, with CSRF) 19 times per client;
2. 1,900 delegates, 19 per client: GET the round's ballot, POST it (action=submit, a seeded
   ○, × or blank for each of the 38 candidates, at most 31 ○), expect the redirect to "voted";
3. double submissions: the other 100 delegates each POST their ballot twice at the same moment
   (one must count), then 100 who have voted do the same (none may count).

Before the waves, in-process (bench/timing.py's interleaved rounds, no server, no queueing):
the ballot page's median server time against the trivial signed-in page's, for one delegate.
After them, in-process too: the office closes the round (`round_close`) and prints the chief
scrutineer's report of its results (`election_printing.results_pdf`), timed from the close to
the PDF's bytes, WeasyPrint already loaded as in a worker that has printed before.

Figures: ballots per second against trivial POSTs per second (the issue's target: a ratio of
at least 0.4), p50/p95 latencies, wall times, close → results PDF; from the database:
receipts, delegates counted twice, and the tallies (each candidate's for + against + abstain
adds up to 2,000; every cell equals the marks sent). gunicorn: 4 sync workers (BENCH_WORKERS,
BENCH_WORKER_CLASS, BENCH_THREADS), CONN_MAX_AGE=60 as in production.

    .venv/bin/python bench/load_election.py [--json figures.json]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/load_election.py

The PostgreSQL database named by DATABASE_URL (default bench_election) is dropped and created.
Prints figures and whether the checks held; asserts nothing about time.
"""

import datetime
import random
import statistics
import time
from collections import Counter

import figures  # bench/figures.py: --json PATH
import loadkit  # bench/loadkit.py: what the ballot load benchmarks share
import timing  # bench/timing.py

loadkit.configure("bench_election")
DELEGATES, CLIENTS, DOUBLES = loadkit.DELEGATES, loadkit.CLIENTS, loadkit.DOUBLES
SEATS, CANDIDATES = 31, 38  # 31 seats, 20% more rounded up: the fewest a county may list
TARGET = 0.4  # ballots a second against trivial POSTs a second (issue 13)
PAGE_ROUNDS = 30  # in-process rounds of the ballot page and the trivial page
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋"
GIVEN = "建国志强丽华明敏晓燕海峰文静国平"


def build():
    """A fresh database: the county term, 2,000 active delegates with accounts and signed-in
    web sessions, a session in progress with its sitting today and everyone checked in, the
    election of the county committee's 31 members with its 38 candidates approved and its
    first round open. (election round, keys, candidate ids in print order, the office)."""
    loadkit.fresh_database()
    from django.utils import timezone

    from sessions.election_rounds import round_ballot_candidates, round_open
    from sessions.elections import candidates_approve
    from sessions.models import AgendaItem, Attendance, Body, Candidate, Election, Session, Sitting
    from sessions.services import session_advance

    today = timezone.localdate()
    county = loadkit.county_delegates(elected_on=datetime.date(2022, 1, 1))
    office = county.office
    session = Session.objects.create(
        term=county.term, ordinal=1, name="第一次会议", start_date=today, end_date=today,
        venue="县大会堂",
    )  # fmt: skip
    for _step in range(2):  # planned → preparatory meeting held → in progress
        session = session_advance(session=session, changed_by=office)
    sitting = Sitting.objects.create(session=session, date=today, part=Sitting.Part.MORNING)
    # Checked in from the delegations' lists, written at once: the desks are not measured here
    # (bench/load_session_day.py measures them), as the demo's attendance is written.
    Attendance.objects.bulk_create(
        Attendance(
            sitting=sitting, delegate=d, status=Attendance.Status.PRESENT,
            method=Attendance.Method.LIST, recorded_by=office,
        )
        for d in county.delegates
    )  # fmt: skip
    body = Body.objects.create(
        term=county.term, kind=Body.Kind.COMMITTEE, name="中共基准县第一届委员会", seats=SEATS
    )
    item = AgendaItem.objects.create(
        session=session, order=1, kind=AgendaItem.Kind.ELECTION, title="选举县委委员"
    )
    election = Election.objects.create(
        session=session, agenda_item=item, title="选举中共基准县第一届委员会委员",
        fills="members", body=body, by_election=False, seats=SEATS,
    )  # fmt: skip
    Candidate.objects.bulk_create(
        Candidate(election=election, name=name, formal=True, nominated_by="大会主席团")
        for name in candidate_names()
    )
    election = candidates_approve(election=election, approved_by=office)
    election_round = round_open(election=election, sitting=sitting, opened_by=office)
    candidates = [c.pk for c in round_ballot_candidates(election_round)]
    return election_round, county.keys, candidates, office


def candidate_names() -> list[str]:
    """CANDIDATES different names, surname and two given characters."""
    return [f"{SURNAMES[n]}{GIVEN[2 * (n % 8)]}{GIVEN[2 * (n % 8) + 1]}" for n in range(CANDIDATES)]


def marks_for(n, candidates) -> dict:
    """Delegate n's ballot, seeded: {candidate id: "for", "against" or "" (blank)}. The
    candidates' support runs from 95% down to 45% (in a seeded order, not the printed one),
    the rest split between × and blank; a ballot with more than 31 ○ loses the excess to
    blanks, as the page refuses it otherwise."""
    support = list(range(CANDIDATES))
    random.Random(0).shuffle(support)
    rng = random.Random(n)
    marks = {}
    for c, rank in zip(candidates, support, strict=True):
        chance, roll = 0.95 - 0.5 * rank / (CANDIDATES - 1), rng.random()
        marks[c] = "for" if roll < chance else "against" if roll < (1 + chance) / 2 else ""
    given = [c for c in candidates if marks[c] == "for"]
    for c in rng.sample(given, max(len(given) - SEATS, 0)):
        marks[c] = ""
    return marks


def fields_for(n, candidates):
    """What delegate n's browser POSTs (the CSRF token aside): sessions/election_forms.py's
    field per candidate."""
    return {"action": "submit", **{f"m-{c}": m for c, m in marks_for(n, candidates).items()}}


def verify(election_round, candidates):
    """(online receipts, delegates counted twice, candidates whose marks add up to 2,000,
    whether every tally equals the marks sent)."""
    from django.db.models import Count

    from sessions.election_rounds import round_online_counts
    from sessions.models import ElectionReceipt

    receipts = ElectionReceipt.objects.filter(round=election_round, on_paper=False)
    twice = (
        ElectionReceipt.objects.filter(round=election_round)
        .values("delegate")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    cells, totals = Counter(), Counter()
    for (candidate, mark), n in round_online_counts(election_round).items():
        cells[(candidate, mark)] += n
        totals[candidate] += n
    sent = Counter(
        (c, mark or "abstain")
        for n in range(DELEGATES)
        for c, mark in marks_for(n, candidates).items()
    )
    full = sum(1 for total in totals.values() if total == DELEGATES)
    return receipts.count(), twice, full, cells == sent


def ballot_page_in_process(election_round, key) -> tuple[float, float]:
    """(ballot page, trivial page): median server milliseconds of the GETs in-process, in
    interleaved rounds, signed in as the delegate of this web session (a GET changes nothing)."""
    from django.test import Client
    from django.urls import reverse

    client = Client(HTTP_HOST=loadkit.HOST)
    client.cookies["sessionid"] = key
    timed = timing.median_ms(
        {
            "ballot": (client, reverse("sessions:election_ballot", args=[election_round.pk])),
            "trivial": (client, "/accounts/password_change/"),
        },
        rounds=PAGE_ROUNDS,
    )
    return timed["ballot"], timed["trivial"]


def ballot_post_in_process(election_round, keys, candidates) -> dict:
    """In-process, no server: the medians in milliseconds of the ballot's POST (action=submit,
    the redirect to "voted") and of the trivial POST, in interleaved rounds, each ballot cast
    by another delegate in a transaction then rolled back (so nobody has voted after it; the
    commit is not timed), and the queries of each request: the ballot page, its POST, the
    trivial POST (savepoints left out: a transaction of its own has none)."""
    from urllib.parse import urlencode

    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    ballot = reverse("sessions:election_ballot", args=[election_round.pk])
    encoded = "application/x-www-form-urlencoded"

    def browser(n):
        client = Client(HTTP_HOST=loadkit.HOST)
        client.cookies["sessionid"] = keys[n]
        return client

    def cast(n):
        client, body = browser(n), urlencode(fields_for(n, candidates))
        with transaction.atomic():
            started = time.perf_counter()
            response = client.post(ballot, body, content_type=encoded)
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        if response.status_code != 302:
            raise RuntimeError(f"in-process ballot POST: {response.status_code}")
        return seconds * 1000

    trivial = browser(0)

    def switch():
        started = time.perf_counter()
        trivial.post("/i18n/setlang/", urlencode({"language": "zh-hans"}), content_type=encoded)
        return (time.perf_counter() - started) * 1000

    for n in range(timing.WARM_UP):
        cast(n), switch()
    posts, switches = [], []
    for n in range(PAGE_ROUNDS):
        posts.append(cast(n))
        switches.append(switch())
    queries = {}
    for name, call in (
        ("page", lambda: browser(0).get(ballot)),
        ("post", lambda: cast(0)),
        ("trivial", switch),
    ):
        with CaptureQueriesContext(connection) as captured:
            call()
        queries[name] = sum(1 for q in captured if "SAVEPOINT" not in q["sql"][:30])
    return {
        "post": statistics.median(posts),
        "trivial": statistics.median(switches),
        "queries": queries,
    }


def close_and_print(election_round, office):
    """The office closes the round and prints its results: (seconds to close, to gather the
    results into the report's HTML, to lay it out as PDF; the PDF; the results)."""
    import weasyprint  # noqa: F401 - loaded first, as in a worker that has printed before

    from congress_office.pdf import html_to_pdf
    from sessions.election_printing import results_html
    from sessions.election_results import round_results
    from sessions.election_rounds import round_close

    started = time.perf_counter()
    closed = round_close(election_round=election_round, closed_by=office)
    shut = time.perf_counter()
    html = results_html(closed)
    gathered = time.perf_counter()
    pdf = html_to_pdf(html)
    done = time.perf_counter()
    return shut - started, gathered - shut, done - gathered, pdf, round_results(closed)


def main():
    from django.urls import reverse

    begun = time.perf_counter()
    election_round, keys, candidates, office = build()
    built = time.perf_counter() - begun
    page, trivial_page = ballot_page_in_process(election_round, keys[0])
    posted = ballot_post_in_process(election_round, keys, candidates)
    load_before = loadkit.load_average()
    r = loadkit.serve(
        lambda port, pid: loadkit.waves(
            port,
            pid,
            keys,
            ballot=reverse("sessions:election_ballot", args=[election_round.pk]),
            voted=reverse("sessions:election_voted", args=[election_round.pk]),
            fields_for=lambda n: fields_for(n, candidates),
            token_page="/sessions/",
        )
    )
    counted, twice, full, exact = verify(election_round, candidates)
    close, gather, layout, pdf, results = close_and_print(election_round, office)
    one, second = loadkit.doubles(r)
    errors, base_errors = len(r.errors), len(r.base_errors)
    printed = pdf.startswith(b"%PDF") and results.returned == results.valid == DELEGATES
    held = (counted, twice, second, errors, base_errors) == (DELEGATES, 0, 0, 0, 0)
    held = held and (full, one, exact, printed) == (len(candidates), DOUBLES, True, True)
    rate, base_rate = len(r.posts) / r.wall, len(r.trivial) / r.base_wall
    print(
        f"election, {SEATS} seats, {len(candidates)} candidates, {DELEGATES} delegates, "
        f"{CLIENTS} clients, {loadkit.server_description()}, postgresql (autovacuum "
        f"{loadkit.autovacuum()}), built in {built:.0f} s; load average {load_before} before "
        f"the waves, {loadkit.load_average()} after"
    )
    f = figures.figure
    elected = sum(1 for row in results.rows if row.elected)
    rows = [
        f("trivial signed-in page, in-process (ms)", trivial_page),
        f("ballot page, in-process (ms)", page, trivial_page),
        f("trivial POST, in-process (ms)", posted["trivial"]),
        f("ballot POST, in-process (ms)", posted["post"], posted["trivial"]),
        f("queries: ballot page", posted["queries"]["page"]),
        f("queries: ballot POST", posted["queries"]["post"], posted["queries"]["trivial"]),
        *loadkit.throughput(r),
        f(
            f"ballots / trivial POSTs ≥ {TARGET}",
            "yes" if rate / base_rate >= TARGET else "NO",
            target="yes",
        ),
        f("round_close (ms)", close * 1000),
        f("results gathered into HTML (ms)", gather * 1000),
        f("results laid out as PDF (ms)", layout * 1000),
        f("close → results PDF (s)", close + gather + layout),
        f("results PDF (KB)", len(pdf) / 1024),
        f("elected in the first round", elected, SEATS),
        f("ballots counted (receipts)", counted, DELEGATES, f"= {DELEGATES}"),
        f("delegates counted twice", twice, target="0"),
        f("double POSTs counted exactly once", one, DOUBLES, f"= {DOUBLES}"),
        f("second ballots counted", second, target="0"),
        f("errors: ballots", errors, target="0"),
        f("errors: trivial POSTs", base_errors, target="0"),
        f("candidates whose marks add up to 2,000", full, len(candidates), f"= {len(candidates)}"),
        f("tallies equal the marks sent", "yes" if exact else "NO", target="yes"),
        f("results PDF printed, 2,000 valid ballots", "yes" if printed else "NO", target="yes"),
        f("checks held", "yes" if held else "NO", target="yes"),
    ]
    loadkit.show(rows)
    print(f"{'total wall time (s)':<44}{time.perf_counter() - begun:>10.0f}")
    print(
        f"ratio {rate / base_rate:.3f}: the target of {TARGET} "
        + ("held" if rate / base_rate >= TARGET else "was NOT met")
    )
    print("checks held" if held else "CHECKS FAILED")
    figures.write(rows)


if __name__ == "__main__":
    main()
