"""What the ballot load benchmarks share (load_ballots.py, load_election.py): the database of
a county term whose 2,000 delegates have accounts and signed-in web sessions, browsers on
http.client each with its own cookies, gunicorn started on a free port of 127.0.0.1, and the
waves every secret ballot goes through: the trivial signed-in POST as the baseline, the
ballots from 100 clients, then double submissions at the same moment.

Call `configure(database)` before Django is imported."""

import datetime
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import figures  # bench/figures.py

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # the server runs here and nowhere else
DELEGATES, CLIENTS, DOUBLES = 2000, 100, 100
WORKERS = os.environ.get("BENCH_WORKERS", "4")
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = os.environ.get("BENCH_THREADS", "1")  # more than 1 makes gunicorn use gthread
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FACTS = {"gender": "male", "ethnicity": "汉族", "birth_date": datetime.date(1970, 1, 1)}
FACTS |= {"education": "undergraduate", "occupation": "farmer", "work_unit": "单位"}


def configure(database: str) -> None:
    """Django's settings as production serves pages (no debug, no query log), the database
    DATABASE_URL names, else `database` on the local PostgreSQL."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_office.settings.dev")
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@{HOST}:5432/{database}")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = HOST


def fresh_database() -> None:
    """Drop and create the PostgreSQL database DATABASE_URL names, and migrate it."""
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL must name a PostgreSQL database (it is dropped and created).")
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)


def county_delegates(*, elected_on: datetime.date | None = None):
    """The office's user and a county term whose DELEGATES delegates have accounts and a
    signed-in web session each, written directly (no password hashing, no login):
    SimpleNamespace(office, term, delegates, keys), keys[n] the session cookie of delegate n.
    With `elected_on`, each delegate's election is recorded (active from that day), as the
    services that read who is active today need."""
    from django.conf import settings
    from django.contrib import auth
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session as WebSession
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from congress_office.roles import Role, role_group, user_grant_role
    from delegates.models import Delegate, ElectoralUnit, QualificationEvent, Term

    User, now = auth.get_user_model(), timezone.now()
    office = User.objects.create(username="office", is_staff=True)
    user_grant_role(user=office, role=Role.SECRETARIAT)  # the office's steps are the office's
    start, end = datetime.date(2022, 1, 1), timezone.localdate() + datetime.timedelta(days=900)
    term = Term.objects.create(
        name="基准县代表大会", ordinal=1, level="county", start_date=start, end_date=end,
        seats=DELEGATES,
    )  # fmt: skip
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
    if elected_on is not None:
        QualificationEvent.objects.bulk_create(
            QualificationEvent(
                delegate=d, kind="elected", effective_date=elected_on, status_after="active",
                decision_reference="选举结果公告",
            )
            for d in delegates
        )  # fmt: skip
    store, expires = SessionStore(), now + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    keys = [get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789") for _ in users]

    def signed_in(user):
        return {auth.SESSION_KEY: str(user.pk), auth.HASH_SESSION_KEY: user.get_session_auth_hash(),
                auth.BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"}  # fmt: skip

    WebSession.objects.bulk_create(
        WebSession(session_key=key, expire_date=expires, session_data=store.encode(signed_in(u)))
        for key, u in zip(keys, users, strict=True)
    )
    return SimpleNamespace(office=office, term=term, delegates=delegates, keys=keys)


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
        connection = http.client.HTTPConnection(HOST, self.port, timeout=300)
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


def waves(port, server_pid, keys, *, ballot, voted, fields_for, token_page):
    """The baseline and the ballots, against the server on `port`:

    1. a trivial signed-in POST (the language switcher, with the CSRF token of `token_page`)
       19 times from each of the 100 clients;
    2. 1,900 delegates, 19 per client: GET `ballot`, POST it (`fields_for(n)`, the CSRF token
       added), expect the redirect to `voted`;
    3. the other 100 delegates each POST their ballot twice at the same moment (one must
       count), then 100 who have voted do the same (none may count).

    SimpleNamespace of the seconds of each trivial POST, ballot GET and ballot POST, the wall
    times of waves 1 and 2 and the CPU they used (`CpuMeter`), errors, and `counted`: per
    wave of doubles, how many of each delegate's two POSTs were answered by the redirect to
    `voted`."""
    r = SimpleNamespace(trivial=[], gets=[], posts=[], errors=[], base_errors=[], counted={})
    voters = [range(c, DELEGATES - DOUBLES, CLIENTS) for c in range(CLIENTS)]  # 19 each
    start = threading.Barrier(CLIENTS)

    def trivial_client(key):
        browser = Browser(port, key)
        fields = {"csrfmiddlewaretoken": browser.token(token_page), "language": "zh-hans"}
        start.wait(60)
        for _ in voters[0]:
            status, _location, _body, seconds = browser.request("POST", "/i18n/setlang/", fields)
            if status == 302:
                r.trivial.append(seconds)
            else:
                r.base_errors.append(f"trivial POST: {status}")

    with CpuMeter(server_pid) as r.base_cpu:
        _, r.base_wall = together(
            [lambda k=k: trivial_client(k) for k in keys[:CLIENTS]], r.base_errors
        )

    def ready(n, timings=None):
        """Delegate n's browser with the ballot page read, and the fields of the ballot's POST."""
        browser, started = Browser(port, keys[n]), time.perf_counter()
        token = browser.token(ballot)
        if timings is not None:
            timings.append(time.perf_counter() - started)
        return browser, {"csrfmiddlewaretoken": token, **fields_for(n)}

    def voter(numbers):
        for n in numbers:
            browser, fields = ready(n, r.gets)
            status, location, _body, seconds = browser.request("POST", ballot, fields)
            r.posts.append(seconds)
            if (status, location) != (302, voted):
                r.errors.append(f"ballot POST: {status} {location}")

    with CpuMeter(server_pid) as r.cpu:
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
    """gunicorn on 127.0.0.1:`port`, as production runs it (CONN_MAX_AGE=60), once it answers."""
    env = dict(os.environ, CONN_MAX_AGE="60", LOG_LEVEL="WARNING")
    command = [ROOT / ".venv/bin/gunicorn", "congress_office.wsgi:application"]
    command += ["--bind", f"{HOST}:{port}", "--workers", WORKERS, "--threads", THREADS]
    command += ["--worker-class", WORKER_CLASS, "--timeout", "300"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s")


def serve(run):
    """Start gunicorn on a free port (BENCH_PORT, when given: on a shared machine, the port
    one was given), call `run(port, the server's pid)`, stop the server; its result. The end
    of the server's log is printed when the result has errors."""
    with socket.socket() as probe:
        probe.bind((HOST, int(os.environ.get("BENCH_PORT", "0"))))
        port = probe.getsockname()[1]
    with tempfile.TemporaryFile() as log:
        server = start_server(port, log)
        try:
            r = run(port, server.pid)
        finally:
            server.terminate()
            server.wait(30)
        if r.errors or r.base_errors:
            log.seek(0)
            print(log.read().decode()[-3000:], *r.errors[:5], *r.base_errors[:5], sep="\n")
    return r


def cpu_seconds(pids):
    """user + system CPU seconds of the processes (those gone count 0)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def machine_busy_seconds():
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children(pid):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


class BackendWatch(threading.Thread):
    """Samples the CPU time of PostgreSQL's backends serving the database once a second
    (CONN_MAX_AGE=60 replaces them every minute; a backend's last second is lost)."""

    def __init__(self, database):
        super().__init__(daemon=True)
        self.marker, self.seen, self.stop = f" {database} ", {}, threading.Event()

    def sample(self):
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if self.marker in cmdline.read_bytes().decode(errors="replace"):
                    pid = int(cmdline.parent.name)
                    self.seen[pid] = cpu_seconds([pid])
            except (OSError, ValueError):
                continue

    def run(self):
        while not self.stop.wait(1):
            self.sample()


class CpuMeter:
    """CPU seconds used within the `with` block: by the gunicorn workers, PostgreSQL's
    backends serving the database, this process (the load generator) and the whole machine
    (other work on it included), with the wall time."""

    def __init__(self, server_pid: int):
        from django.db import connection

        self.workers_pids = children(server_pid)
        self.watch = BackendWatch(connection.settings_dict["NAME"])

    def __enter__(self):
        self.watch.sample()
        self.pg_before = dict(self.watch.seen)
        self.watch.start()
        self.before = (
            cpu_seconds(self.workers_pids), time.process_time(), machine_busy_seconds(),
            time.perf_counter(),
        )  # fmt: skip
        return self

    def __exit__(self, *_exc):
        self.watch.stop.set()
        self.watch.join()
        self.watch.sample()
        self.workers = cpu_seconds(self.workers_pids) - self.before[0]
        self.client = time.process_time() - self.before[1]
        self.machine = machine_busy_seconds() - self.before[2]
        self.wall = time.perf_counter() - self.before[3]
        seen = self.watch.seen.items()
        self.postgres = sum(v - self.pg_before.get(pid, 0) for pid, v in seen)
        self.others = self.machine - self.workers - self.postgres - self.client


def server_description() -> str:
    return f"gunicorn {WORKERS} {WORKER_CLASS} workers × {THREADS} threads"


def doubles(r) -> tuple[int, int]:
    """(fresh delegates whose double POST counted exactly once, second ballots counted)."""
    once = sum(1 for n in r.counted["fresh"] if n == 1)
    second = sum(n - 1 for n in r.counted["fresh"] if n > 1) + sum(r.counted["voted"])
    return once, second


def throughput(r) -> list[dict]:
    """The figures of the waves (`figures.figure` rows): ballots a second against trivial
    POSTs a second, latencies (queueing for a worker included), the waves' wall times."""
    f = figures.figure
    rate, base_rate = len(r.posts) / r.wall, len(r.trivial) / r.base_wall
    return [
        f("trivial POST /i18n/setlang/ (per s)", base_rate),
        # Issue 15: ballots a second at least 0.4 of trivial POSTs a second (both kinds of vote).
        f("ballots, GET + POST (per s)", rate, base_rate, "≥ 0.4×"),
        *(f(f"ballot POST p{p} (ms)", ms(r.posts, p), ms(r.trivial, p)) for p in (50, 95)),
        *(f(f"ballot page GET p{p} (ms)", ms(r.gets, p)) for p in (50, 95)),
        f("wave wall time (s)", r.wall, r.base_wall),
        *cpu_figures(r),
    ]


def cpu_figures(r) -> list[dict]:
    """Where the CPU went: per ballot (its GET and POST) against per trivial POST, in the
    gunicorn workers, PostgreSQL and this load generator; and how busy the machine's cores
    were during the ballots' wave, other work on the machine included."""
    f, per = figures.figure, {}
    for part in ("workers", "postgres", "client"):
        ballot = getattr(r.cpu, part) / len(r.posts) * 1000
        per[part] = (ballot, getattr(r.base_cpu, part) / len(r.trivial) * 1000)
    cores = os.cpu_count() or 1
    ballot, trivial = (sum(both[n] for both in per.values()) for n in (0, 1))
    return [
        f("CPU per ballot: gunicorn workers (ms)", *per["workers"]),
        f("CPU per ballot: PostgreSQL (ms)", *per["postgres"]),
        f("CPU per ballot: load generator (ms)", *per["client"]),
        # The rate ratio the machine would give doing nothing else: steadier than the rates
        # when other work shares the cores.
        f("CPU per ballot: all three (ms)", ballot, trivial),
        f("ballots / trivial POSTs by CPU", trivial / ballot),
        f("CPU in the ballot wave: other work (s)", r.cpu.others, r.cpu.wall * cores),
        f("cores busy in the ballot wave (%)", 100 * r.cpu.machine / (r.cpu.wall * cores)),
    ]


def show(rows: list[dict]) -> None:
    """Print the rows as the table people read."""

    def cell(value, width, ratio=False):
        if value is None:
            return " " * width
        if isinstance(value, str):
            return f"{value:>{width}}"
        if isinstance(value, int):
            return f"{value:>{width},}"
        if ratio or abs(value) < 1:
            return f"{value:>{width}.3f}" if abs(value) < 1 else f"{value:>{width}.1f}"
        return f"{value:>{width},.0f}" if abs(value) >= 100 else f"{value:>{width}.1f}"

    print(f"{'figure':<44}{'value':>10}{'baseline':>10}{'ratio':>8}  target")
    for row in rows:
        line = f"{row['figure']:<44}{cell(row['value'], 10)}{cell(row['baseline'], 10)}"
        line += cell(row["ratio"], 8, ratio=True) + f"  {row['target'] or ''}"
        print(line.rstrip())


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: other work on the machine skews the figures."""
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def ms(values, p):
    """The p-th percentile of `values` (seconds), in milliseconds."""
    return statistics.quantiles(values, n=100)[p - 1] * 1000


def autovacuum() -> str:
    """PostgreSQL's autovacuum setting: when off, dead tally row versions pile up."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        return cursor.fetchone()[0]
