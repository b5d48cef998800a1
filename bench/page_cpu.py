"""The process CPU one page costs the web process, against the trivial signed-in page, for
comparing two versions of the code on a busy machine (wall time there follows the other
processes; this process's CPU time much less): each round requests every page TIMES times and
the trivial page as often, interleaved, and the medians of the rounds are printed in ms of
process CPU per request, with the ratio. The database's own CPU is not in it (another process).

    DATABASE_URL=postgres://... .venv/bin/python bench/page_cpu.py office /admin/ /desk/
    ROUNDS=9 TIMES=10 ...                     (defaults 7 and 10)

Run from the checkout whose code is to be measured: bench/benchdb.py puts its own checkout
first on the path. Prints figures; asserts only that each answer is 200."""

import os
import statistics
import sys
import time

import benchdb  # bench/benchdb.py: settings

benchdb.configure()
TRIVIAL = "/accounts/password_change/"


def cpu_ms(client, url: str, times: int) -> float:
    started = time.process_time()
    for _ in range(times):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return (time.process_time() - started) * 1000 / times


def main():
    benchdb.set_up_as_workers()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.sign_in import sign_in_as

    username, urls = sys.argv[1], sys.argv[2:]
    rounds, times = int(os.environ.get("ROUNDS", "7")), int(os.environ.get("TIMES", "10"))
    client = Client()
    sign_in_as(client, get_user_model().objects.get(username=username))
    pages = [TRIVIAL, *urls]
    for url in pages:
        cpu_ms(client, url, 3)
    samples = {url: [] for url in pages}
    for _ in range(rounds):
        for url in pages:
            samples[url].append(cpu_ms(client, url, times))
    trivial = statistics.median(samples[TRIVIAL])
    print(f"{'page':60} {'CPU ms':>8} {'ratio':>6}")
    for url in pages:
        ms = statistics.median(samples[url])
        print(f"{url[:60]:60} {ms:8.2f} {ms / trivial:6.2f}")


if __name__ == "__main__":
    main()
