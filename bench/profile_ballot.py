"""Where an evaluation ballot spends its CPU: builds load_ballots.py's database (2,000 delegates,
15 subjects × 6 criteria; DATABASE_URL, dropped and created), then, in-process through the
whole middleware stack (django.test.Client), for one delegate after another: the ballot page
(GET), the review (POST action=review) and casting (POST action=submit), each timed and
profiled apart, against the trivial signed-in POST (the language switcher). Prints the median
milliseconds of each, their queries, and the functions with the most cumulative time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/profile_ballot.py
    TIMES=40 LINES=40 PROFILE=get|review|submit|none CLOCK=wall|cpu DUMP=directory
"""

import cProfile
import os
import pstats
import statistics
import time
from urllib.parse import urlencode

import load_ballots  # bench/load_ballots.py: configures the settings, builds the database


def main():
    times, lines = int(os.environ.get("TIMES", "40")), int(os.environ.get("LINES", "40"))
    evaluation, keys, pairs = load_ballots.build()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    url = f"/evaluations/{evaluation.pk}/ballot/"

    def client_of(n):
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = keys[n]
        return client

    def fields(n, action):
        return urlencode({**load_ballots.fields_for(n, pairs), "action": action})

    form = "application/x-www-form-urlencoded"  # as browsers (and load_ballots.py) send it

    def post(client, path, body):
        return client.post(path, body, content_type=form)

    # The bodies encoded before the timing: encoding 92 fields is the browser's work (about
    # 0.3 ms of CPU), not the server's, and the trivial POST has two.
    bodies = {
        (n, action): fields(n, action) for n in range(times + 10) for action in ("review", "submit")
    }
    steps = {
        "trivial": lambda c, n: post(c, "/i18n/setlang/", "language=en"),
        "get": lambda c, n: c.get(url),
        "review": lambda c, n: post(c, url, bodies[n, "review"]),
        "submit": lambda c, n: post(c, url, bodies[n, "submit"]),
    }
    expected = {"trivial": 302, "get": 200, "review": 200, "submit": 302}
    timings = {name: [] for name in steps}
    cpu = {name: [] for name in steps}  # this process's CPU: what a gunicorn worker spends
    # CLOCK=cpu: the profiles count this thread's CPU only, not the wait on PostgreSQL.
    clock = time.thread_time if os.environ.get("CLOCK") == "cpu" else time.perf_counter
    profiles = {name: cProfile.Profile(clock) for name in steps}
    for n in range(times + 3):
        client = client_of(n)
        for name, step in steps.items():
            started, cpu_started = time.perf_counter(), time.thread_time()
            if n >= 3 and os.environ.get("PROFILE", "none") in (name, "all"):
                profiles[name].enable()
            response = step(client, n)
            profiles[name].disable()
            if n >= 3:
                timings[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((time.thread_time() - cpu_started) * 1000)
            assert response.status_code == expected[name], (name, response.status_code)
    for name, values in timings.items():
        wall, used = statistics.median(values), statistics.median(cpu[name])
        print(f"{name:<10}{wall:>8.1f} ms, CPU {used:.1f} ms (medians of {len(values)})")
    for name in ("get", "review", "submit"):
        with CaptureQueriesContext(connection) as queries:
            steps[name](client_of(times + 3 + len(name)), times + 3 + len(name))
        print(f"\n{name}: {len(queries)} queries")
        for query in queries:
            print(f"  {query['sql'][:200]}")
    chosen = os.environ.get("PROFILE", "none")
    for name in steps if chosen == "all" else [chosen] if chosen in steps else []:
        print(f"\n=== {name}")
        stats = pstats.Stats(profiles[name])
        if os.environ.get("DUMP"):  # a directory: each step's profile, for pstats's callers
            stats.dump_stats(os.path.join(os.environ["DUMP"], f"{name}.prof"))
        stats.sort_stats("cumulative").print_stats(lines)
        stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
