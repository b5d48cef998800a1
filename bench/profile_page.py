"""Where a page spends its time: cProfile over repeated in-process requests (the whole
middleware stack) of one URL as one user of an existing database (DATABASE_URL), after a
warm-up; prints the functions with the most cumulative and own time, and the page's queries.

    DATABASE_URL=postgres://... .venv/bin/python bench/profile_page.py office /admin/
    TIMES=50 LINES=60 PROFILE_OUT=/tmp/p.out ... (then pstats on /tmp/p.out)
    CLOCK=cpu ...   (the profile counts this process's CPU, not the wait on the database: on a
                     busy machine the wall clock follows the other processes)
"""

import cProfile
import os
import pstats
import sys
import time

import benchdb  # bench/benchdb.py: settings

benchdb.configure()


def main():
    benchdb.set_up_as_workers()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    username, url = sys.argv[1], sys.argv[2]
    times = int(os.environ.get("TIMES", "20"))
    client = Client()
    from tests.sign_in import sign_in_as

    sign_in_as(client, get_user_model().objects.get(username=username))
    for _ in range(3):
        assert client.get(url).status_code == 200
    clock = time.process_time if os.environ.get("CLOCK") == "cpu" else time.perf_counter
    profile = cProfile.Profile(clock)
    started = time.perf_counter()
    profile.enable()
    for _ in range(times):
        client.get(url)
    profile.disable()
    print(f"{(time.perf_counter() - started) / times * 1000:.1f} ms a request (profiled)")
    profile.dump_stats(os.environ.get("PROFILE_OUT", "/tmp/profile_page.out"))
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(int(os.environ.get("LINES", "45")))
    stats.sort_stats("tottime").print_stats(20)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for query in queries:
        print(f"{query['time']:>6} {query['sql'][:300]}")


if __name__ == "__main__":
    main()
