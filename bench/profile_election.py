"""Where an election's online ballot spends the web process's CPU, as bench/profile_ballot.py
for an evaluation's: on load_election.py's database (a county election of 31 seats, 38
candidates, 2,000 delegates checked in), in-process through the whole middleware stack
(django.test.Client), delegate after delegate, the trivial signed-in POST (the language
switcher), the ballot page (GET) and casting (POST action=submit; in a transaction rolled back,
so the database is the same after a run), interleaved. Prints each request's median process
CPU in ms, (GET + submit) / trivial, and with PROFILE=get|submit the functions costing the
most process CPU (cProfile on time.process_time).

    BUILD=1 DATABASE_URL=postgres://... .venv/bin/python bench/profile_election.py
        builds the database (dropped and created) and writes what the runs need to STATE
    DATABASE_URL=postgres://... CODE=/work/main .venv/bin/python bench/profile_election.py
        measures the code of the checkout CODE (default: this one) on that database
    TIMES=60 START=0 (the first delegate) PROFILE=none|get|submit LINES=40 STATE=path
    PG=1: also PostgreSQL's backend CPU per request and statement (bench/pg_cpu_ballot.py's way)
"""

import cProfile
import json
import os
import pstats
import re
import statistics
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import load_election  # bench/load_election.py: configures the settings, builds the database

STATE = Path(os.environ.get("STATE", "/tmp/profile_election.json"))
FORM = "application/x-www-form-urlencoded"  # as browsers (and load_election.py) send it


def build():
    election_round, keys, candidates, _office = load_election.build()
    STATE.write_text(
        json.dumps({"round": election_round.pk, "keys": keys, "candidates": candidates})
    )
    print(f"built; round {election_round.pk}, state in {STATE}")


def measure():
    state = json.loads(STATE.read_text())
    import django

    django.setup()
    from django.db import transaction
    from django.test import Client

    times, start = int(os.environ.get("TIMES", "60")), int(os.environ.get("START", "0"))
    from django.urls import reverse

    url = reverse("sessions:election_ballot", args=[state["round"]])
    keys, candidates = state["keys"], state["candidates"]
    bodies = {n: urlencode(load_election.fields_for(n, candidates)) for n in range(len(keys))}

    # One client (its handler loads the middleware once, as a worker does), each delegate's
    # browser its cookies: the session's only, so the page's GET sets the CSRF cookie.
    voter_client = Client(HTTP_HOST="127.0.0.1")

    def browser(n):
        voter_client.cookies = SimpleCookie({"sessionid": keys[n]})
        return voter_client

    trivial_client = Client(HTTP_HOST="127.0.0.1")
    trivial_client.cookies["sessionid"] = keys[-1]

    def trivial(_client, _n):
        return trivial_client.post("/i18n/setlang/", "language=zh-hans", content_type=FORM)

    def submit(client, n):
        with transaction.atomic():
            response = client.post(url, bodies[n], content_type=FORM)
            transaction.set_rollback(True)
        return response

    backend = _backend_cpu() if os.environ.get("PG") else None
    steps = {
        "trivial": (trivial, 302),
        "get": (lambda c, n: c.get(url), 200),
        "submit": (submit, 302),
    }
    chosen = os.environ.get("PROFILE", "none")
    profiles = {name: cProfile.Profile(time.process_time) for name in steps}
    cpu = {name: [] for name in steps}
    for i in range(times + 3):
        n = (start + i) % (len(keys) - 1)
        client = browser(n)
        for name, (step, expected) in steps.items():
            if i >= 3 and chosen == name:
                profiles[name].enable()
            started = time.process_time()
            if backend is not None:
                with backend.request(name if i >= 3 else None):
                    response = step(client, n)
            else:
                response = step(client, n)
            used = time.process_time() - started
            profiles[name].disable()
            assert response.status_code == expected, (name, response.status_code)
            if i >= 3:
                cpu[name].append(used * 1000)
    medians = {name: statistics.median(values) for name, values in cpu.items()}
    import sessions

    code = str(Path(sessions.__file__).parents[1])  # the checkout whose code ran
    print(
        f"{code}: trivial {medians['trivial']:.2f}, GET {medians['get']:.2f},"
        f" submit {medians['submit']:.2f} ms CPU (medians of {times});"
        f" (GET + submit) / trivial {(medians['get'] + medians['submit']) / medians['trivial']:.2f}"
    )
    if backend is not None:
        backend.show()
    if chosen in steps:
        stats = pstats.Stats(profiles[chosen])
        if os.environ.get("DUMP"):  # a file: the profile, for pstats's callers
            stats.dump_stats(os.environ["DUMP"])
        lines = int(os.environ.get("LINES", "40"))
        stats.sort_stats("cumulative").print_stats(lines)
        stats.sort_stats("tottime").print_stats(25)


def _backend_cpu():
    """PG=1: the CPU time of the request's PostgreSQL backend (/proc/PID/schedstat, as
    bench/pg_cpu_ballot.py reads it) per request and per statement (the database must run on
    this machine)."""
    from collections import defaultdict
    from contextlib import contextmanager

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    stat = Path(f"/proc/{pid}/schedstat")

    def ns() -> int:
        return int(stat.read_text().split()[0])

    per_request, per_statement, current = defaultdict(list), defaultdict(list), [None]

    def timed(execute, sql, params, many, context):
        before = ns()
        try:
            return execute(sql, params, many, context)
        finally:
            if current[0]:
                text = re.sub(r'"s\d+_x\d+"', '"savepoint"', sql[:110])  # the test's nesting
                per_statement[current[0], text].append(ns() - before)

    connection.execute_wrappers.append(timed)

    class Backend:
        @contextmanager
        def request(self, name):
            current[0], before = name, ns()
            yield
            if name:
                per_request[name].append(ns() - before)
            current[0] = None

        def show(self):
            for name, values in per_request.items():
                print(f"PostgreSQL {name:<8} median {statistics.median(values) / 1e3:7.1f} µs")
            for (name, sql), values in sorted(per_statement.items()):
                mean = statistics.mean(values) / 1e3
                print(f"  {name:<8} {len(values):>4} × {mean:7.1f} µs  {sql}")

    return Backend()


if __name__ == "__main__":
    if os.environ.get("CODE"):  # another checkout's code, measured on the same database
        sys.path.insert(0, os.environ["CODE"])
    build() if os.environ.get("BUILD") else measure()
