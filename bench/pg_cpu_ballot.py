"""What PostgreSQL spends on a ballot, statement by statement: builds load_ballots.py's database
(2,000 delegates, 15 subjects × 6 criteria; DATABASE_URL, dropped and created), then, in-process
(django.test.Client), for one delegate after another, the trivial signed-in POST, the ballot
page, the review and casting, reading the CPU time of the request's PostgreSQL backend
(/proc/PID/schedstat: nanoseconds on a CPU) around each request and each statement. Prints the
backend's CPU per request (mean and median) and per statement (how many, mean), the costliest
first, and the prepared statements' text (`congress_office.plain_sql.execute`). The database
must run on this machine (the backend's /proc entry is read).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/pg_cpu_ballot.py
    TIMES=100 (ballots; the first 5 not counted)  ANALYZE=1 (ANALYZE the database first)
"""

import os
import statistics
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import load_ballots  # bench/load_ballots.py: configures the settings, builds the database


def backend_ns(pid: int) -> int:
    """Nanoseconds the process has spent on a CPU."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


def main():
    times = int(os.environ.get("TIMES", "100"))
    evaluation, keys, pairs = load_ballots.build()
    from django.db import connection
    from django.test import Client

    url = f"/evaluations/{evaluation.pk}/ballot/"
    form = "application/x-www-form-urlencoded"
    with connection.cursor() as cursor:
        if os.environ.get("ANALYZE"):
            cursor.execute("ANALYZE")
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    per_statement, per_request = defaultdict(list), defaultdict(list)

    def timed(execute, sql, params, many, context):
        before = backend_ns(pid)
        try:
            return execute(sql, params, many, context)
        finally:
            per_statement[sql[:150]].append(backend_ns(pid) - before)

    def body(n, action):
        return urlencode({**load_ballots.fields_for(n, pairs), "action": action})

    bodies = {(n, a): body(n, a) for n in range(times) for a in ("review", "submit")}
    steps = {
        "trivial": lambda c, n: c.post("/i18n/setlang/", "language=en", content_type=form),
        "get": lambda c, n: c.get(url),
        "review": lambda c, n: c.post(url, bodies[n, "review"], content_type=form),
        "submit": lambda c, n: c.post(url, bodies[n, "submit"], content_type=form),
    }
    with connection.execute_wrapper(timed):
        for n in range(times):
            client = Client(HTTP_HOST="127.0.0.1")
            client.cookies["sessionid"] = keys[n]
            for name, step in steps.items():
                before = backend_ns(pid)
                step(client, n)
                if n >= 5:
                    per_request[name].append(backend_ns(pid) - before)
    for name, values in per_request.items():
        mean, median = statistics.mean(values) / 1e3, statistics.median(values) / 1e3
        print(f"{name:<10} backend CPU mean {mean:8.1f} µs, median {median:8.1f}")
    print()
    for sql, values in sorted(per_statement.items(), key=lambda kv: -sum(kv[1])):
        print(f"{len(values):>5} × {statistics.mean(values) / 1e3:8.1f} µs  {sql}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        for name, statement in cursor.fetchall():
            print(f"\n{name}: {statement}")


if __name__ == "__main__":
    main()
