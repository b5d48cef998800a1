"""The session day held for 15 minutes (issue 16, item 8): the load of bench/load_session_day.py
(desks checking delegates in, phones opening the session page and its check-in code, filing
items and casting ballots) against gunicorn, with a Celery worker and Celery beat, PostgreSQL
and a Redis of its own (broker and cache, as in production), while the office accepts the filed
items through the admin's "Accept" action every few seconds, so that notifications are written
and emailed by the worker. Redis is stopped in the middle and started again, empty (it keeps
nothing on disk, as here): whatever it held is gone, and the product must lose nothing.

Every minute the memory (resident set size) of the gunicorn workers and of the Celery worker is
sampled and printed. At the end: errors (must be 0), memory from the first sample after a
minute's warming up to the last (flat: within 15 %), and the end state in the database: the
attendance, the items, the ballots and tallies as in load_session_day.py, and every
notification emailed exactly once (the messages the worker's file email backend wrote), those
whose queueing failed while Redis was away included (the 5-minute sweep of Celery beat sends
them; the run waits up to 6 minutes for it).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/soak_session_day.py
        [--minutes 15] [--delegates 12000] [--restart-at 7.5] [--redis-port 6391]

The roster is large enough that the delegates do not run out before the time is up (about 10 a
second get through on this machine idle); if they do, the check "held for the whole time"
fails. The PostgreSQL database DATABASE_URL names is dropped and created. Exits 1 when a check
fails; asserts nothing about time.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import load_session_day as day_load  # bench/load_session_day.py: the day and its checks
from loadkit import children  # bench/loadkit.py

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
FLAT = 1.15  # the last sample within 15 % of the first
SWEEP_WAIT = 6 * 60  # beat's sweep runs every 5 minutes


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=15)
    parser.add_argument("--delegates", type=int, default=12000)
    parser.add_argument("--restart-at", type=float, help="minute Redis is restarted (half)")
    parser.add_argument("--redis-down", type=float, default=20, help="seconds Redis stays down")
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--review-every", type=float, default=10, help="seconds between accepts")
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--phones", type=int, default=80)
    parser.add_argument("--filing", type=int, default=4, help="every nth delegate files")
    parser.add_argument("--workers", default=os.environ.get("BENCH_WORKERS", "4"))
    args = parser.parse_args()
    args.restart_at = args.minutes / 2 if args.restart_at is None else args.restart_at
    return args


class Redis:
    """A redis-server of the soak's own, keeping nothing on disk, on 127.0.0.1:port."""

    def __init__(self, port):
        self.port, self.process = port, None

    def start(self):
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.kill()  # as a crash: nothing written, everything it held gone
        self.process.wait(10)


def rss(pids) -> float:
    """Resident memory of the processes, in MB (those gone count 0)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total / MB


def start_celery(workdir, log):
    """A worker (one child, as a small deployment runs it) and beat, as docker-compose does."""
    celery = str(ROOT / ".venv/bin/celery")
    worker = subprocess.Popen(
        [celery, "-A", "congress_office", "worker", "--loglevel=INFO", "--concurrency", "1"],
        cwd=ROOT,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    beat = subprocess.Popen(
        [celery, "-A", "congress_office", "beat", "--loglevel=INFO"]
        + ["--schedule", os.path.join(workdir, "beat-schedule")],
        cwd=ROOT,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    return worker, beat


def office_accepts(port, world, key, recorder, stop, accepted):
    """The office, through the admin: every few seconds, "Accept" on the items filed since."""
    from proposals.models import Proposal

    browser = day_load.Browser(port, key, recorder)
    changelist = "/admin/proposals/proposal/"
    while not stop.wait(world.review_every):
        ids = list(
            Proposal.objects.filter(session=world.session, status="submitted")
            .order_by("pk")
            .values_list("pk", flat=True)[:100]
        )
        if not ids:
            continue
        try:
            token, _body = browser.form("trivial", "/accounts/password_change/")
            fields = [("csrfmiddlewaretoken", token), ("action", "accept"), ("apply", "1")]
            fields += [("category", world.category_ids[0]), ("index", "0")]
            fields += [("_selected_action", pk) for pk in ids]
            browser.request("trivial", "POST", changelist, fields, expect=302, to=changelist)
            accepted.extend(ids)
        except Exception as error:  # noqa: BLE001 - counted as an error, shown at the end
            recorder.error(f"office accepting: {error!r}")


def sample_memory(server, worker, samples, stop, started, progress):
    """Every minute: minute, gunicorn workers' MB, Celery worker's MB (its pool included)."""

    def take():
        minute = (time.monotonic() - started) / 60
        web = rss(children(server.pid))
        tasks = rss([worker.pid, *children(worker.pid)])
        samples.append((minute, web, tasks))
        print(
            f"{minute:5.1f} min: gunicorn workers {web:6.1f} MB, Celery worker {tasks:6.1f} MB; "
            + progress(),
            file=sys.stderr,
            flush=True,
        )

    take()
    while not stop.wait(60):
        take()
    take()


def notifications_settled(emails_dir):
    """Wait (up to beat's sweep and a minute) until every notification with an address is
    emailed; (notifications, emailed, files the email backend wrote)."""
    from django.db import connection

    from congress_office.models import Notification

    waited = time.monotonic() + SWEEP_WAIT
    while True:
        unsent = Notification.objects.filter(emailed_at__isnull=True, user__email__gt="").count()
        if not unsent or time.monotonic() > waited:
            break
        connection.close()
        time.sleep(5)
    time.sleep(3)  # a chunk being recorded
    everyone = Notification.objects.filter(user__email__gt="")
    # The file backend appends a connection's messages to one file, a line of dashes after
    # each; two connections may share a file (it is named by the second and an object id).
    written = b"".join(path.read_bytes() for path in Path(emails_dir).iterdir())
    return (
        everyone.count(),
        everyone.filter(emailed_at__isnull=False).count(),
        written.count(b"\n" + b"-" * 79 + b"\n"),
    )


def main():
    args = arguments()
    workdir = tempfile.mkdtemp(prefix="soak-")
    emails = os.path.join(workdir, "emails")
    os.makedirs(emails)
    redis = Redis(args.redis_port)
    redis_url = f"redis://127.0.0.1:{args.redis_port}"
    # As in production (.env.example): the broker and the cache on Redis; emails to files.
    os.environ |= {
        "CELERY_BROKER_URL": f"{redis_url}/0",
        "CACHE_URL": f"rediscache://127.0.0.1:{args.redis_port}/1",
        "EMAIL_URL": f"filemail:///{emails}",
    }
    begun = time.perf_counter()
    world = day_load.build(args)
    world.filing, world.review_every = args.filing, args.review_every
    from django.contrib.auth import get_user_model
    from django.db.models import Value
    from django.db.models.functions import Concat

    # Delegates with an address: the office's acceptances are emailed to them.
    get_user_model().objects.filter(username__startswith="d").update(
        email=Concat("username", Value("@example.org"))
    )
    from django.db import connection

    connection.close()
    print(f"built in {time.perf_counter() - begun:.0f} s; logs in {workdir}", file=sys.stderr)
    with socket.socket() as probe:
        probe.bind((day_load.HOST, 0))
        port = probe.getsockname()[1]
    access = os.path.join(workdir, "access.log")
    recorder, accepted, stop = day_load.Recorder(), [], threading.Event()
    processes = []
    # Stopped (Ctrl-C, a timeout's SIGTERM) or failed, the soak takes its processes with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    with open(os.path.join(workdir, "processes.log"), "w+b") as log:
        redis.start()
        try:
            server = day_load.start_server(port, args, log, access)
            processes.append(server)
            worker, beat = start_celery(workdir, log)
            processes += [worker, beat]
            try:
                result = run(args, port, world, server, worker, redis, recorder, accepted, stop)
            finally:
                stop.set()
                server.terminate()
                server.wait(30)
            settled = notifications_settled(emails)
        finally:
            for process in processes[1:]:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(60)
            redis.stop()
        log.seek(0)
        result.unqueued = log.read().count(b"Could not queue")
    errors = recorder.errors + result.day.errors
    if errors:
        print(*errors[:10], sep="\n")
    report(args, world, result, settled, accepted, errors)
    shutil.rmtree(emails, ignore_errors=True)


def run(args, port, world, server, worker, redis, recorder, accepted, stop):
    """The day, the office's acceptances, the memory samples and Redis's restart, at once."""
    samples, started = [], time.monotonic()
    deadline = started + args.minutes * 60
    holder = {}

    def progress():
        done = holder.get("done")
        return f"{len(accepted)} accepted, {len(recorder.errors)} office errors" + (
            "" if done is None else f", {len(done.voted)} voted"
        )

    sampler = threading.Thread(
        target=sample_memory, args=(server, worker, samples, stop, started, progress)
    )
    sampler.start()
    office = threading.Thread(
        target=office_accepts, args=(port, world, world.staff_keys[0], recorder, stop, accepted)
    )
    office.start()
    restarted = {"down": None, "up": None}

    def restart_redis():
        if stop.wait(args.restart_at * 60):
            return
        redis.stop()
        restarted["down"] = time.monotonic() - started
        time.sleep(args.redis_down)
        redis.start()
        restarted["up"] = time.monotonic() - started
        print(f"Redis restarted at {restarted['down'] / 60:.1f} min", file=sys.stderr, flush=True)

    threading.Thread(target=restart_redis, daemon=True).start()
    day_recorder, done, wall = day_load.day(port, world, args, deadline)
    holder["done"] = done
    stop.set()
    office.join()
    sampler.join()
    return SimpleNamespace(day=day_recorder, done=done, wall=wall, samples=samples, **restarted)


def report(args, world, result, settled, accepted, errors):
    from proposals.models import Proposal

    end = day_load.verify(world, result.done)
    warm = [sample for sample in result.samples if sample[0] >= 1] or result.samples
    first, last = warm[0], warm[-1]
    notifications, emailed, files = settled
    items = Proposal.objects.filter(session=world.session)
    requests = sum(len(v) for v in result.day.times.values())
    print(
        f"soak: {args.minutes:g} min, {len(world.people):,} delegates on the roster, "
        f"{args.desks} desks + {args.phones} phones, gunicorn {args.workers} sync workers, "
        f"a Celery worker and beat, Redis restarted at "
        f"{(result.down or float('nan')) / 60:.1f} min "
        f"(down {args.redis_down:g} s); load average now {os.getloadavg()[0]:.1f}"
    )
    print(f"{'minute':>7}{'gunicorn workers MB':>22}{'Celery worker MB':>19}")
    for minute, web, tasks in result.samples:
        print(f"{minute:7.1f}{web:22.1f}{tasks:19.1f}")
    held = result.wall >= args.minutes * 60 - 5
    through = len(result.done.through)
    web, tasks = f"{first[1]:.0f} → {last[1]:.0f}", f"{first[2]:.0f} → {last[2]:.0f}"
    filed, accepted_now = items.count(), items.filter(status="accepted").count()
    checks = [
        ("held for the whole time (min)", f"{result.wall / 60:.1f}", held),
        ("requests served", f"{requests:,}", requests > 0),
        ("delegates through the whole day", f"{through:,}", through > 0),
        ("errors", len(errors), not errors),
        ("Redis was restarted", "yes" if result.up else "NO", result.up is not None),
        ("gunicorn workers' memory, first → last (MB)", web, last[1] <= first[1] * FLAT),
        ("Celery worker's memory, first → last (MB)", tasks, last[2] <= first[2] * FLAT),
        ("attendance = the delegates checked in", f"{end.present:,}", end.present_match),
        ("items = the items filed", f"{filed:,}", filed == len(result.done.filed)),
        ("items accepted by the office", f"{len(accepted):,}", accepted_now == len(accepted)),
        ("receipts = the delegates who voted", f"{end.receipts:,}", end.voters_match),
        ("delegates counted twice", end.twice, end.twice == 0),
        ("tallies equal the ballots sent", "yes" if end.exact else "NO", end.exact),
        ("notifications emailed", f"{emailed:,} of {notifications:,}", emailed == notifications),
        ("  of them not queued while Redis was away", f"{result.unqueued:,}", True),
        ("emails sent = notifications", f"{files:,}", files == notifications > 0),
    ]
    print(f"\n{'check':<48}{'value':>16}  held")
    for name, value, held in checks:
        print(f"{name:<48}{str(value):>16}  {'yes' if held else 'NO'}")
    failed = [name for name, _value, held in checks if not held]
    print("CHECKS FAILED: " + "; ".join(failed) if failed else "checks held")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
