"""Median server times of pages, measured in interleaved rounds: each round requests every
page once, the baseline among them, so a slower or busier moment of a shared machine weighs on
all of them alike instead of on whichever page it fell on. Requests go in-process through the
whole middleware stack (django.test.Client)."""

import statistics
import time

WARM_UP = 3


def median_ms(pages: dict, rounds: int) -> dict:
    """{name: median milliseconds} for pages given as {name: (client, url)}; every answer
    must be 200."""
    for client, url in pages.values():
        for _ in range(WARM_UP):
            client.get(url)
    timings = {name: [] for name in pages}
    for _ in range(rounds):
        for name, (client, url) in pages.items():
            started = time.perf_counter()
            response = client.get(url)
            timings[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return {name: statistics.median(values) for name, values in timings.items()}
