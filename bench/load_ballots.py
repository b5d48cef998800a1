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
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import figures  # bench/figures.py: --json PATH
import timing  # bench/timing.py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_office.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_ballots")
os.environ["DEBUG"] = "false"
os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
DELEGATES, CLIENTS, DOUBLES, MEMBERS = 2000, 100, 100, 14
WORKERS = os.environ.get("BENCH_WORKERS", "4")
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = os.environ.get("BENCH_THREADS", "1")  # more than 1 makes gunicorn use gthread
PAGE_ROUNDS = 30  # in-process rounds of the ballot page and the trivial page
RATINGS = ["excellent", "competent", "basically_competent", "incompetent", ""]  # "": blank
WEIGHTS = [50, 30, 12, 4, 4]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FACTS = {"gender": "male", "ethnicity": "汉族", "birth_date": datetime.date(1970, 1, 1)}
FACTS |= {"education": "undergraduate", "occupation": "farmer", "work_unit": "单位"}


def build():
    """A fresh database: the term, 2,000 delegates with accounts and signed-in web sessions,
    the evaluation opened through the services with all of them entitled."""
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)

    from django.conf import settings
    from django.contrib import auth
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as WebSession
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from congress_office.roles import Role, role_group, user_grant_role
    from delegates.models import Delegate, ElectoralUnit, Term
    from evaluations.models import Evaluation, Subject
    from evaluations.services import criteria_from_template, entitlements_set, evaluation_open
    from sessions.models import Session

    User, now, today = auth.get_user_model(), timezone.now(), timezone.localdate()
    office = User.objects.create(username="office", is_staff=True)
    user_grant_role(user=office, role=Role.SECRETARIAT)  # the office's steps are the office's
    start, end = datetime.date(2022, 1, 1), datetime.date(2026, 12, 31)
    term = Term.objects.create(
        name="基准县代表大会", ordinal=1, level="county", start_date=start, end_date=end, seats=2000
    )
    unit = ElectoralUnit.objects.create(term=term, name="全县", seats=DELEGATES)
    users = User.objects.bulk_create(
        User(username=f"d{n}", password=make_password(None)) for n in range(DELEGATES)
    )
    group = role_group(Role.DELEGATE)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group.pk) for u in users
    )
    delegates = Delegate.objects.bulk_create(
        Delegate(term=term, electoral_unit=unit, name=f"代表{n}", user=u, **FACTS)
        for n, u in enumerate(users)
    )
    session = Session.objects.create(
        term=term, ordinal=1, name="第一次会议", start_date=today, end_date=today, venue="会堂"
    )
    hour = datetime.timedelta(hours=1)
    evaluation = Evaluation.objects.create(
        session=session, title="民主测评", opens_at=now - hour, closes_at=now + 3 * hour
    )
    Subject.objects.bulk_create(
        Subject(evaluation=evaluation, name=f"成员{n}" if n else "领导班子", is_team=not n, order=n)
        for n in range(MEMBERS + 1)
    )
    criteria_from_template(evaluation=evaluation, template="five_aspects")
    entitlements_set(evaluation=evaluation, delegates=delegates)
    evaluation = evaluation_open(evaluation=evaluation, opened_by=office)
    # A signed-in web session per delegate, written directly: no password hashing, no login.
    store, expires = SessionStore(), now + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    keys = [get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789") for _ in users]

    def signed_in(user):
        return {auth.SESSION_KEY: str(user.pk), auth.HASH_SESSION_KEY: user.get_session_auth_hash(),
                auth.BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"}  # fmt: skip

    WebSession.objects.bulk_create(
        WebSession(session_key=key, expire_date=expires, session_data=store.encode(signed_in(u)))
        for key, u in zip(keys, users, strict=True)
    )
    pairs = [(s.pk, c.pk) for s in evaluation.subjects.all() for c in evaluation.criteria.all()]
    return evaluation, keys, pairs


def choices_for(n, pairs):
    """Delegate n's ballot: {(subject id, criterion id): rating or "" (blank)}, seeded."""
    rng = random.Random(n)
    return {pair: rng.choices(RATINGS, WEIGHTS)[0] for pair in pairs}


class Browser:
    """One browser: its own cookies, a new connection per request (sync workers close it)."""

    def __init__(self, port, session_key):
        self.port, self.cookies = port, {"sessionid": session_key}

    def request(self, method, path, fields=None):
        """(status, Location, body, seconds)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if fields is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            connection.request(method, path, fields and urlencode(fields), headers)
            response = connection.getresponse()
            body = response.read().decode()
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        for header in response.msg.get_all("Set-Cookie") or []:  # a deleted cookie becomes ""
            self.cookies.update((name, m.value) for name, m in SimpleCookie(header).items())
        return response.status, response.getheader("Location", ""), body, seconds

    def token(self, path):
        """GET the page (setting the csrftoken cookie); its form's CSRF token."""
        status, _location, body, _seconds = self.request("GET", path)
        if status != 200 or not TOKEN.search(body):
            raise RuntimeError(f"GET {path}: {status}, no CSRF token")
        return TOKEN.search(body).group(1)


def together(calls, errors):
    """Run the calls in a thread each, all at once: (their results, the wall time)."""

    def run(call):
        try:
            return call()
        except Exception as error:  # noqa: BLE001 - counted as an error, shown at the end
            errors.append(repr(error))

    started = time.perf_counter()
    with ThreadPoolExecutor(len(calls)) as pool:
        results = list(pool.map(run, calls))
    return results, time.perf_counter() - started


def waves(port, evaluation, keys, pairs):
    ballot, voted = f"/evaluations/{evaluation.pk}/ballot/", f"/evaluations/{evaluation.pk}/voted/"
    r = SimpleNamespace(trivial=[], gets=[], posts=[], errors=[], base_errors=[], counted={})
    voters = [range(c, DELEGATES - DOUBLES, CLIENTS) for c in range(CLIENTS)]  # 19 each
    start = threading.Barrier(CLIENTS)

    def trivial_client(key):
        browser = Browser(port, key)
        fields = {"csrfmiddlewaretoken": browser.token("/evaluations/"), "language": "zh-hans"}
        start.wait(60)
        for _ in voters[0]:
            status, _location, _body, seconds = browser.request("POST", "/i18n/setlang/", fields)
            if status == 302:
                r.trivial.append(seconds)
            else:
                r.base_errors.append(f"trivial POST: {status}")

    _, r.base_wall = together(
        [lambda k=k: trivial_client(k) for k in keys[:CLIENTS]], r.base_errors
    )

    def ready(n, timings=None):
        """Delegate n's browser with the ballot page read, and the fields of the ballot's POST."""
        browser, started = Browser(port, keys[n]), time.perf_counter()
        token = browser.token(ballot)
        if timings is not None:
            timings.append(time.perf_counter() - started)
        fields = {f"c-{s}-{c}": rating for (s, c), rating in choices_for(n, pairs).items()}
        return browser, {"csrfmiddlewaretoken": token, "action": "submit", **fields}

    def voter(numbers):
        for n in numbers:
            browser, fields = ready(n, r.gets)
            status, location, _body, seconds = browser.request("POST", ballot, fields)
            r.posts.append(seconds)
            if (status, location) != (302, voted):
                r.errors.append(f"ballot POST: {status} {location}")

    _, r.wall = together([lambda ns=ns: voter(ns) for ns in voters], r.errors)

    def post(browser, fields, go):
        go.wait(60)
        status, location, _body, _seconds = browser.request("POST", ballot, fields)
        if status >= 400:
            r.errors.append(f"double POST: {status}")
        return (status, location) == (302, voted)

    fresh, again = range(DELEGATES - DOUBLES, DELEGATES), range(DOUBLES)
    for wave, numbers in (("fresh", fresh), ("voted", again)):
        browsers, _wall = together([lambda n=n: ready(n) for n in numbers], r.errors)
        go = threading.Barrier(2 * len(numbers))
        calls = [lambda b=b, go=go: post(*b, go) for b in browsers for _twice in range(2)]
        outcomes, _wall = together(calls, r.errors)
        r.counted[wave] = [
            bool(a) + bool(b) for a, b in zip(outcomes[::2], outcomes[1::2], strict=True)
        ]
    return r


def start_server(port, log):
    env = dict(os.environ, CONN_MAX_AGE="60", LOG_LEVEL="WARNING")
    command = [ROOT / ".venv/bin/gunicorn", "congress_office.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", WORKERS, "--threads", THREADS]
    command += ["--worker-class", WORKER_CLASS, "--timeout", "300"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s")


def verify(evaluation, pairs):
    from django.db import connection
    from django.db.models import Count

    from evaluations.models import OnlineTally, Receipt

    receipts = Receipt.objects.filter(evaluation=evaluation)
    twice = receipts.values("delegate").annotate(n=Count("pk")).filter(n__gt=1).count()
    cells, totals = Counter(), Counter()
    for t in OnlineTally.objects.filter(evaluation=evaluation):
        cells[(t.subject_id, t.criterion_id, t.rating)] += t.count
        totals[(t.subject_id, t.criterion_id)] += t.count
    sent = Counter(
        (s, c, rating or "abstain")
        for n in range(DELEGATES)
        for (s, c), rating in choices_for(n, pairs).items()
    )
    full = sum(1 for total in totals.values() if total == DELEGATES)
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")  # off: dead tally row versions pile up
        autovacuum = cursor.fetchone()[0]
    return receipts.count(), twice, full, cells == sent, autovacuum


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


def ms(values, p):
    return statistics.quantiles(values, n=100)[p - 1] * 1000


def main():
    begun = time.perf_counter()
    evaluation, keys, pairs = build()
    built = time.perf_counter() - begun
    page, trivial_page = ballot_page_in_process(evaluation, keys[0])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryFile() as log:
        server = start_server(port, log)
        try:
            r = waves(port, evaluation, keys, pairs)
        finally:
            server.terminate()
            server.wait(30)
        if r.errors or r.base_errors:
            log.seek(0)
            print(log.read().decode()[-3000:], *r.errors[:5], *r.base_errors[:5], sep="\n")
    counted, twice, full, exact, autovacuum = verify(evaluation, pairs)
    one = sum(1 for n in r.counted["fresh"] if n == 1)
    second = sum(n - 1 for n in r.counted["fresh"] if n > 1) + sum(r.counted["voted"])
    errors, base_errors = len(r.errors), len(r.base_errors)
    held = (counted, twice, second, errors, base_errors) == (DELEGATES, 0, 0, 0, 0)
    held = held and (full, one, exact) == (len(pairs), DOUBLES, True)
    rate, base_rate = len(r.posts) / r.wall, len(r.trivial) / r.base_wall
    print(
        f"ballots, {DELEGATES} delegates, {MEMBERS + 1} subjects × 6 criteria, {CLIENTS} clients, "
        f"gunicorn {WORKERS} {WORKER_CLASS} workers × {THREADS} threads, postgresql "
        f"(autovacuum {autovacuum}), built in {built:.0f} s"
    )
    print(f"{'figure':<40}{'value':>10}{'baseline':>10}{'ratio':>8}")
    print(f"{'trivial signed-in page, in-process (ms)':<40}{trivial_page:>10.1f}")
    print(f"{'ballot page, in-process (ms)':<40}{page:>10.1f}{trivial_page:>10.1f}", end="")
    print(f"{page / trivial_page:>8.1f}")
    print(f"{'trivial POST /i18n/setlang/ (per s)':<40}{base_rate:>10.1f}")
    print(f"{'ballots, GET + POST (per s)':<40}{rate:>10.1f}{base_rate:>10.1f}", end="")
    print(f"{rate / base_rate:>8.3f}")
    for p in (50, 95):
        value, base = ms(r.posts, p), ms(r.trivial, p)
        print(f"{f'ballot POST p{p} (ms)':<40}{value:>10.0f}{base:>10.0f}{value / base:>8.1f}")
    for p in (50, 95):
        print(f"{f'ballot page GET p{p} (ms)':<40}{ms(r.gets, p):>10.0f}")
    wall, base_wall = r.wall, r.base_wall
    print(f"{'wave wall time (s)':<40}{wall:>10.1f}{base_wall:>10.1f}{wall / base_wall:>8.1f}")
    print(f"{'ballots counted (receipts)':<40}{counted:>10}{DELEGATES:>10}")
    print(f"{'delegates counted twice':<40}{twice:>10}")
    print(f"{'double POSTs counted exactly once':<40}{one:>10}{DOUBLES:>10}")
    print(f"{'second ballots counted':<40}{second:>10}")
    print(f"{'errors: ballots, trivial POSTs':<40}{errors:>10}{base_errors:>10}")
    print(f"{'subject × criterion totals = 2,000':<40}{full:>10}{len(pairs):>10}")
    print(f"{'tallies equal the choices sent':<40}{'yes' if exact else 'NO':>10}")
    print(f"{'total wall time (s)':<40}{time.perf_counter() - begun:>10.0f}")
    print("checks held" if held else "CHECKS FAILED")
    f = figures.figure
    figures.write(
        [
            f("trivial signed-in page, in-process (ms)", trivial_page),
            f("ballot page, in-process (ms)", page, trivial_page),
            f("trivial POST /i18n/setlang/ (per s)", base_rate),
            f("ballots, GET + POST (per s)", rate, base_rate),
            *(f(f"ballot POST p{p} (ms)", ms(r.posts, p), ms(r.trivial, p)) for p in (50, 95)),
            *(f(f"ballot page GET p{p} (ms)", ms(r.gets, p)) for p in (50, 95)),
            f("wave wall time (s)", wall, base_wall),
            f("ballots counted (receipts)", counted, DELEGATES, f"= {DELEGATES}"),
            f("delegates counted twice", twice, target="0"),
            f("double POSTs counted exactly once", one, DOUBLES, f"= {DOUBLES}"),
            f("second ballots counted", second, target="0"),
            f("errors: ballots", errors, target="0"),
            f("tallies equal the choices sent", "yes" if exact else "NO", target="yes"),
            f("checks held", "yes" if held else "NO", target="yes"),
        ]
    )


if __name__ == "__main__":
    main()
