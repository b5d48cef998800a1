"""A session day under load: 2,000 delegates checked in by the staff at the desks, opening
their session page, filing suggestions and casting ballots, through gunicorn and PostgreSQL on
127.0.0.1 only, bounded in time (5 minutes by default).

The database: a county term with 2,000 active delegates in 25 delegations (accounts and
signed-in web sessions written directly: no password hashing, no login), a session in progress
with its morning and afternoon sittings today, the office's rules as shipped (10 co-signers for
a proposal during a session), an open evaluation of 15 subjects × 6 criteria with all 2,000
entitled. Staff users (secretariat) at the desks.

The day, from 100 clients (threads on http.client, each browser with its own cookies and CSRF
token, following the redirects a browser follows):

- 20 desks take the delegates as they arrive (a seeded order, delegations mixed) and check
  each in through the real pages, a third each way: the QR code (the signed URL the phone's
  code carries: its page, then "check in as present"), by name (search, "present"), from the
  delegation's list (the list, "present");
- 80 phones take each delegate once checked in: the session page ("present") and the
  check-in code's image it names,
  then every fourth files an item through the form (new draft, its page, "submit": half as a
  suggestion, half as a proposal sent on "as a suggestion" for want of co-signers), then the
  ballot (its page, "submit" with a seeded rating or blank on each of the 90 lines, "voted").

Before the day, the baseline in the same run: a trivial signed-in GET (the password-change
form) 20 times from each of the 100 clients. Figures per kind of request: count, requests per
second, client-side p50/p95/p99 (queueing for a worker included) and the server's own time per
request (gunicorn's access log: no queueing) against the trivial page's; CPU used during the
day by the gunicorn workers, PostgreSQL's backends, this load generator and the rest of the
machine. Then the end state in the database: attendance rows, items filed, one receipt per
voter, tallies equal to the ballots sent.

    .venv/bin/python bench/load_session_day.py [--minutes 5] [--json figures.json]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/load_session_day.py

The PostgreSQL database named by DATABASE_URL (default bench_session_day) is dropped and
created. Exits 1 when a check fails (errors, the day unfinished within the bound, the end state);
asserts nothing about time.
"""

import argparse
import http.client
import json
import os
import queue
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

from loadkit import BackendWatch, children, cpu_seconds, machine_busy_seconds  # bench/loadkit.py
from session_day_world import choices_for, populate  # bench/session_day_world.py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_office.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_session_day")
os.environ["DEBUG"] = "false"
os.environ["ALLOWED_HOSTS"] = "127.0.0.1"
HOST, TRIVIAL_EACH = "127.0.0.1", 20
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SELECTED = re.compile(r'<option value="(\d+)" selected>')
# Kinds of request, in the order printed: the X-Load-Kind header names them to gunicorn's log.
KINDS = {
    "trivial": "trivial signed-in GET (baseline)",
    "session": "delegate: session page",
    "code": "delegate: check-in code's image",
    "qr_page": "desk: QR code's page",
    "qr_post": "desk: QR check-in POST",
    "summary": "desk: check-in page after QR",
    "find_name": "desk: search by name",
    "find_list": "desk: delegation's list",
    "check_in": "desk: check-in POST",
    "new_form": "delegate: new item form",
    "draft_post": "delegate: draft POST",
    "draft_proposal": "delegate: draft page, proposal",
    "draft_suggestion": "delegate: draft page, suggestion",
    "submit_post": "delegate: submit POST",
    "item_page": "delegate: item page, submitted",
    "ballot_page": "delegate: ballot page",
    "ballot_post": "delegate: ballot POST",
    "voted_page": "delegate: voted page",
}


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, default=2000)
    parser.add_argument("--minutes", type=float, default=5, help="bound of the day (default 5)")
    parser.add_argument("--desks", type=int, default=20, help="staff checking in (default 20)")
    parser.add_argument("--phones", type=int, default=80, help="delegates at once (default 80)")
    parser.add_argument("--filing", type=int, default=4, help="every nth delegate files")
    parser.add_argument("--workers", default=os.environ.get("BENCH_WORKERS", "4"))
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON rows")
    return parser.parse_args()


def build(args):
    """A fresh database with the day's rows (bench/session_day_world.py)."""
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
    return populate(count=args.delegates, desks=args.desks, minutes=args.minutes)


class Failed(Exception):
    """A request whose answer was not the one a browser expects; counted as an error."""


class Recorder:
    def __init__(self):
        self.times = {kind: [] for kind in KINDS}  # client-side seconds, per kind
        self.errors = []

    def error(self, text):
        self.errors.append(text)


class Browser:
    """One browser: its own cookies, a new connection per request (sync workers close it)."""

    def __init__(self, port, session_key, recorder):
        self.port, self.cookies, self.recorder = port, {"sessionid": session_key}, recorder

    def request(self, kind, method, path, fields=None, *, expect=200, to=None):
        """(body, Location); Failed unless the status is `expect` (and, for a redirect, the
        Location is `to` or matches it when `to` is a compiled pattern)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        headers["X-Load-Kind"] = kind
        if fields is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, path, fields and urlencode(fields), headers)
            response = connection.getresponse()
            body = response.read().decode()
        finally:
            connection.close()
        self.recorder.times[kind].append(time.perf_counter() - started)
        for header in response.msg.get_all("Set-Cookie") or []:  # a deleted cookie becomes ""
            self.cookies.update((name, m.value) for name, m in SimpleCookie(header).items())
        location = response.getheader("Location", "")
        if response.status != expect:
            raise Failed(f"{method} {KINDS[kind]}: {response.status} {location}")
        if isinstance(to, re.Pattern):
            to = location if to.fullmatch(location) else to.pattern
        if to is not None and to != location:
            raise Failed(f"{method} {KINDS[kind]}: redirected to {location}")
        if 'class="message message-error"' in body:
            raise Failed(f"{method} {KINDS[kind]}: the page shows an error")
        return body, location

    def form(self, kind, path, must_have=""):
        """GET a page with a form: its CSRF token (and the body)."""
        body, _location = self.request(kind, "GET", path)
        if not TOKEN.search(body) or must_have not in body:
            raise Failed(f"GET {KINDS[kind]}: no form {must_have}")
        return TOKEN.search(body).group(1), body


def check_in(desk, world, person):
    """A desk checks a delegate in: by the QR code, by name or from the delegation's list."""
    sitting = f"/sessions/sittings/{world.sitting.pk}/check-in/"
    if person.token:
        scan = f"/sessions/check-in/{person.token}/"
        token, body = desk.form("qr_page", scan)
        fields = {"csrfmiddlewaretoken": token, "sitting": SELECTED.search(body).group(1)}
        desk.request("qr_post", "POST", scan, fields, expect=302, to=sitting)
        body, _location = desk.request("summary", "GET", sitting)
    else:
        by_name = person.n % 3 == 1
        kind, method = ("find_name", "search") if by_name else ("find_list", "list")
        query = {"q": person.name} if by_name else {"delegation": person.delegation}
        page = f"{sitting}?{urlencode(query)}"
        token, _body = desk.form(kind, page, must_have=f'name="delegate" value="{person.pk}"')
        fields = {"csrfmiddlewaretoken": token, "delegate": person.pk, "method": method}
        row = f"{page}#delegate-{person.pk}"  # back to the person's row
        desk.request("check_in", "POST", page, fields | {"status": "present"}, expect=302, to=row)
        body, _location = desk.request(kind, "GET", page)
    if 'class="message message-success"' not in body:
        raise Failed(f"check-in of {person.name}: no confirmation")


ITEM = re.compile(r"/proposals/(\d+)/")


def file_item(phone, world, person):
    """New draft through the form, its page, "submit" (a proposal: "as a suggestion")."""
    proposal = person.n // world.filing % 2 == 0
    token, _body = phone.form("new_form", "/proposals/new/")
    fields = {
        "csrfmiddlewaretoken": token,
        "kind": "proposal" if proposal else "suggestion",
        "title": f"关于第{person.n}号代表所提事项的建议",
        "category": world.category_ids[person.n % len(world.category_ids)],
        "situation": "本地群众反映强烈，情况如下。" * 30,
        "recommendations": "建议有关部门研究解决。" * 30,
        "session": world.session.pk,
    }
    new = "/proposals/new/"
    _body, item = phone.request("draft_post", "POST", new, fields, expect=302, to=ITEM)
    kind = "draft_proposal" if proposal else "draft_suggestion"
    token, _body = phone.form(kind, item, must_have=f'action="{item}submit/"')
    fields = {"csrfmiddlewaretoken": token}
    if proposal:
        fields["as_suggestion"] = "1"
    phone.request("submit_post", "POST", f"{item}submit/", fields, expect=302, to=item)
    phone.request("item_page", "GET", item)


def vote(phone, world, person):
    ballot = f"/evaluations/{world.evaluation.pk}/ballot/"
    voted = f"/evaluations/{world.evaluation.pk}/voted/"
    token, _body = phone.form("ballot_page", ballot)
    choices = choices_for(person.n, world.pairs)
    fields = {f"c-{s}-{c}": rating for (s, c), rating in choices.items()}
    fields |= {"csrfmiddlewaretoken": token, "action": "submit"}
    phone.request("ballot_post", "POST", ballot, fields, expect=302, to=voted)
    phone.request("voted_page", "GET", voted)


def together(calls, recorder):
    """Run the calls in a thread each, all at once; the wall time."""

    def run(call):
        try:
            call()
        except Exception as error:  # noqa: BLE001 - counted as an error, shown at the end
            recorder.error(repr(error))

    started = time.perf_counter()
    with ThreadPoolExecutor(len(calls)) as pool:
        list(pool.map(run, calls))
    return time.perf_counter() - started


def baseline(port, world, clients):
    """The trivial signed-in GET from as many clients as the day has: its wall time."""
    recorder, go = Recorder(), threading.Barrier(clients)

    def client(key):
        browser = Browser(port, key, recorder)
        go.wait(60)
        for _ in range(TRIVIAL_EACH):
            browser.request("trivial", "GET", "/accounts/password_change/")

    wall = together([lambda p=p: client(p.key) for p in world.people[:clients]], recorder)
    return recorder, wall


def day(port, world, args, deadline):
    """The session day: desks check the arrivals in, phones take them once inside."""
    recorder, done = Recorder(), SimpleNamespace(checked_in=[], filed=[], voted=[], through=[])
    arrivals, inside = queue.Queue(), queue.Queue()
    order = list(world.people)
    random.Random(2026).shuffle(order)
    for person in order:
        arrivals.put(person)

    def over():
        return time.monotonic() > deadline

    def desk(key):
        browser = Browser(port, key, recorder)
        while not over():
            try:
                person = arrivals.get_nowait()
            except queue.Empty:
                return
            try:
                check_in(browser, world, person)
            except Exception as error:  # noqa: BLE001 - counted, the desk goes on
                recorder.error(repr(error))
                continue
            done.checked_in.append(person.n)
            inside.put(person)

    def phone():
        while not over():
            try:
                person = inside.get(timeout=0.5)
            except queue.Empty:
                continue
            if person is None:
                return
            browser = Browser(port, person.key, recorder)
            try:
                body, _location = browser.request(
                    "session", "GET", f"/sessions/{world.session.pk}/"
                )
                code = f"/sessions/{world.session.pk}/check-in-code/{person.pk}.svg"
                if f'src="{code}"' not in body:  # the image the page names, as a phone fetches it
                    raise Failed(f"GET {KINDS['session']}: no check-in code")
                if "<svg" not in browser.request("code", "GET", code)[0]:
                    raise Failed(f"GET {KINDS['code']}: no image")
                if person.n % args.filing == 0 and not over():
                    file_item(browser, world, person)
                    done.filed.append(person.n)
                if over():
                    return
                vote(browser, world, person)
                done.voted.append(person.n)
                done.through.append(person.n)
            except Exception as error:  # noqa: BLE001 - counted, the phone goes on
                recorder.error(repr(error))

    def desks():
        together([lambda k=k: desk(k) for k in world.staff_keys], recorder)
        for _ in range(args.phones):
            inside.put(None)

    def progress(finished):
        """A line on stderr every 30 s: how far the day is."""
        while not finished.wait(30):
            print(
                f"{time.perf_counter() - started:4.0f} s: {len(done.checked_in)} checked in, "
                f"{len(done.filed)} filed, {len(done.voted)} voted, {len(recorder.errors)} errors",
                file=sys.stderr,
                flush=True,
            )

    started, finished = time.perf_counter(), threading.Event()
    threading.Thread(target=progress, args=(finished,), daemon=True).start()
    together([desks, *[phone] * args.phones], recorder)
    finished.set()
    return recorder, done, time.perf_counter() - started


def start_server(port, args, log, access):
    env = dict(os.environ, CONN_MAX_AGE="60", LOG_LEVEL="WARNING")
    command = [ROOT / ".venv/bin/gunicorn", "congress_office.wsgi:application"]
    command += ["--bind", f"{HOST}:{port}", "--workers", args.workers, "--timeout", "300"]
    command += ["--access-logfile", access, "--access-logformat", "%({x-load-kind}i)s %(s)s %(D)s"]
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


def server_times(access):
    """{kind: [server seconds]} from gunicorn's access log (kind, status, microseconds)."""
    times = defaultdict(list)
    for line in Path(access).read_text().splitlines():
        kind, _status, micro = line.split()
        times[kind].append(int(micro) / 1e6)
    return times


def verify(world, done):
    """The end state, read from the database."""
    from django.db.models import Count

    from evaluations.models import Receipt
    from evaluations.tallies import online_counts
    from proposals.models import Proposal, ProposalEvent
    from sessions.models import Attendance

    present = Attendance.objects.filter(sitting=world.sitting, status="present")
    items = Proposal.objects.filter(session=world.session)
    receipts = Receipt.objects.filter(evaluation=world.evaluation)
    voters = set(receipts.values_list("delegate_id", flat=True))
    pk_of = {p.pk: p.n for p in world.people}
    cells, totals = Counter(), Counter()
    for (s, c, r), n in online_counts(world.evaluation).items():
        cells[(s, c, r)] += n
        totals[(s, c)] += n
    sent = Counter(
        (s, c, rating or "abstain")
        for pk in voters
        for (s, c), rating in choices_for(pk_of[pk], world.pairs).items()
    )
    filed_as_proposal = sum(1 for n in done.filed if n // world.filing % 2 == 0)
    return SimpleNamespace(
        present=present.count(),
        methods=Counter(present.values_list("method", flat=True)),
        present_match=set(present.values_list("delegate_id", flat=True))
        == {world.people[n].pk for n in done.checked_in},
        submitted=items.filter(status="submitted", kind="suggestion").count(),
        other_items=items.exclude(status="submitted", kind="suggestion").count(),
        # A proposal sent on as a suggestion: its submission says how many co-signers it had.
        noted=ProposalEvent.objects.filter(
            proposal__in=items, action="submitted", params__has_key="needed"
        ).count(),
        filed_as_proposal=filed_as_proposal,
        receipts=receipts.count(),
        twice=receipts.values("delegate").annotate(n=Count("pk")).filter(n__gt=1).count(),
        voters_match=voters == {world.people[n].pk for n in done.voted},
        full=sum(1 for total in totals.values() if total == len(voters)),
        exact=cells == sent,
    )


def ms(values, p):
    if len(values) < 2:
        return values[0] * 1000 if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] * 1000


def main():
    args = arguments()
    begun = time.perf_counter()
    world = build(args)
    world.filing = args.filing
    built = time.perf_counter() - begun
    clients = args.desks + args.phones
    from django.db import connection

    database = connection.settings_dict["NAME"]
    connection.close()
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    workdir = tempfile.mkdtemp(prefix="session-day-")
    access = os.path.join(workdir, "access.log")
    with open(os.path.join(workdir, "gunicorn.log"), "w+b") as log:
        server = start_server(port, args, log, access)
        watch = BackendWatch(database)
        try:
            base, base_wall = baseline(port, world, clients)
            workers = children(server.pid)
            cpu_before = (cpu_seconds(workers), time.process_time(), machine_busy_seconds())
            watch.sample()
            pg_before = dict(watch.seen)
            watch.start()
            deadline = time.monotonic() + args.minutes * 60
            r, done, wall = day(port, world, args, deadline)
            watch.stop.set()
            watch.join()
            watch.sample()
            cpu = SimpleNamespace(
                workers=cpu_seconds(workers) - cpu_before[0],
                client=time.process_time() - cpu_before[1],
                machine=machine_busy_seconds() - cpu_before[2],
                postgres=sum(v - pg_before.get(pid, 0) for pid, v in watch.seen.items()),
            )
        finally:
            server.terminate()
            server.wait(30)
        if r.errors or base.errors:
            log.seek(0)
            print(log.read().decode()[-3000:], *r.errors[:10], *base.errors[:5], sep="\n")
    served = server_times(access)
    end = verify(world, done)
    count = len(world.people)
    filing = len([p for p in world.people if p.n % args.filing == 0])
    rows = figures(args, world, r, base, base_wall, wall, served, done, end, cpu, count, filing)
    print(
        f"session day: {count} delegates, {args.desks} desks + {args.phones} phones, gunicorn "
        f"{args.workers} sync workers, postgresql, bound {args.minutes:g} min, built in "
        f"{built:.0f} s, machine load average before the day {os.getloadavg()[0]:.1f}"
    )
    print_kinds(r, base, served, wall, base_wall)
    print()
    print(f"{'figure':<46}{'value':>10}{'baseline':>10}{'ratio':>8}  target")
    for row in rows:
        if row["kind"] is None:
            value, baseline_, ratio = (
                _fmt(row["value"]),
                _fmt(row["baseline"]),
                _fmt(row["ratio"], 2),
            )
            print(f"{row['figure']:<46}{value:>10}{baseline_:>10}{ratio:>8}  {row['target']}")
    failed = [row["figure"].strip() for row in rows if not row["held"]]
    print(f"total wall time {time.perf_counter() - begun:.0f} s; logs in {workdir}")
    print("CHECKS FAILED: " + "; ".join(failed) if failed else "checks held")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [
                    {"figure": row["figure"].strip()}
                    | {k: row[k] for k in ("value", "baseline", "ratio", "target")}
                    for row in rows
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
    sys.exit(1 if failed else 0)


def _fmt(value, digits=None):
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.{digits}f}" if digits is not None else f"{value:.1f}"


def print_kinds(r, base, served, wall, base_wall):
    """One line per kind: count, per second, client p50/p95/p99, server time and its ratio to
    the trivial page's, share of the workers' time."""
    trivial_server = statistics.fmean(served["trivial"])
    busy = sum(sum(v) for kind, v in served.items() if kind != "trivial")
    print(
        f"{'kind of request':<36}{'count':>7}{'per s':>7}{'p50':>7}{'p95':>7}{'p99':>7}"
        f"{'server':>8}{'ratio':>7}{'share':>7}"
    )
    for kind, label in KINDS.items():
        times = base.times[kind] if kind == "trivial" else r.times[kind]
        if not times:
            continue
        seconds = base_wall if kind == "trivial" else wall
        server = statistics.fmean(served[kind]) if served[kind] else 0.0
        share = "" if kind == "trivial" else f"{100 * sum(served[kind]) / busy:.0f}%"
        print(
            f"{label:<36}{len(times):>7}{len(times) / seconds:>7.1f}{ms(times, 50):>7.0f}"
            f"{ms(times, 95):>7.0f}{ms(times, 99):>7.0f}{server * 1000:>8.1f}"
            f"{server / trivial_server:>7.1f}{share:>7}"
        )
    print("(ms; p50/p95/p99 at the client, queueing included; server: mean time in the worker)")


def figures(args, world, r, base, base_wall, wall, served, done, end, cpu, count, filing):
    """Rows {figure, value, baseline, ratio, target, held, kind}: per kind of request (kind
    set), then the day's figures and the end state."""
    rows = []

    def row(figure, value, baseline=None, target="", held=True, kind=None):
        ratio = value / baseline if isinstance(baseline, int | float) and baseline else None
        ratio = None if ratio is None else round(ratio, 3)
        rows.append(
            {
                "figure": figure,
                "value": value,
                "baseline": baseline,
                "ratio": ratio,
                "target": target,
                "held": held,
                "kind": kind,
            }
        )

    trivial, trivial_server = base.times["trivial"], statistics.fmean(served["trivial"])
    for kind, label in KINDS.items():
        times, seconds = (trivial, base_wall) if kind == "trivial" else (r.times[kind], wall)
        if not times:
            continue
        at = {} if kind == "trivial" else {p: round(ms(trivial, p), 1) for p in (50, 95, 99)}
        row(f"{label} (per s)", round(len(times) / seconds, 2), kind=kind)
        for p in (50, 95, 99):
            row(f"{label} p{p} (ms)", round(ms(times, p), 1), at.get(p), kind=kind)
        server = statistics.fmean(served[kind]) * 1000 if served[kind] else 0.0
        at = None if kind == "trivial" else round(trivial_server * 1000, 1)
        row(f"{label} server (ms)", round(server, 1), at, kind=kind)
    requests = sum(len(v) for v in r.times.values())
    bound = args.minutes * 60
    row("day's wall time (s)", round(wall, 1), bound, f"≤ {bound:g}", wall <= bound + 60)
    row(
        "delegates through the whole day",
        len(done.through),
        count,
        f"{count:,}",
        len(done.through) == count,
    )
    row(
        "requests, all kinds (per s)", round(requests / wall, 1), round(len(trivial) / base_wall, 1)
    )
    row(
        "errors: the day, the baseline",
        len(r.errors) + len(base.errors),
        None,
        "0",
        not r.errors and not base.errors,
    )
    row(
        "attendance rows, present",
        end.present,
        count,
        f"{count:,}",
        end.present == count and end.present_match,
    )
    row(
        "  checked in by QR / name / list",
        f"{end.methods['qr']}/{end.methods['search']}/{end.methods['list']}",
    )
    row(
        "items filed (submitted suggestions)",
        end.submitted,
        filing,
        f"{filing:,}",
        end.submitted == filing == len(done.filed) and end.other_items == 0,
    )
    row(
        "  of them proposals sent as suggestions",
        end.noted,
        end.filed_as_proposal,
        "all",
        end.noted == end.filed_as_proposal,
    )
    row(
        "receipts (ballots counted)",
        end.receipts,
        count,
        f"{count:,}",
        end.receipts == count and end.voters_match,
    )
    row("delegates counted twice", end.twice, None, "0", end.twice == 0)
    row(
        "subject × criterion totals = receipts",
        end.full,
        len(world.pairs),
        f"{len(world.pairs)}",
        end.full == len(world.pairs),
    )
    row("tallies equal the ballots sent", "yes" if end.exact else "NO", None, "yes", end.exact)
    row("CPU in the day: gunicorn workers (s)", round(cpu.workers, 1))
    row("CPU in the day: PostgreSQL backends (s)", round(cpu.postgres, 1))
    row("CPU in the day: this load generator (s)", round(cpu.client, 1))
    others = cpu.machine - cpu.workers - cpu.postgres - cpu.client
    row("CPU in the day: the rest of the machine (s)", round(others, 1))
    row(
        f"CPU in the day: the machine's {os.cpu_count()} cores (s)",
        round(cpu.machine, 1),
        round(wall * os.cpu_count(), 1),
    )
    return rows


if __name__ == "__main__":
    main()
