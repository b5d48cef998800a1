"""The session day's pages in-process (bench/load_session_day.py serves them through gunicorn):
the day's database (bench/session_day_world.py, 2,000 delegates in 25 delegations) half-way
through, 1,000 delegates checked in, a few items filed and ballots cast; every page the desks
and the phones open, timed in interleaved rounds with the trivial signed-in page (the
password-change form, as in the load run) through the whole middleware stack
(bench/timing.py), then each POST of the day, and the session page and its check-in code's
image as a delegate first opens them, interleaved with the trivial page too.

    .venv/bin/python bench/bench_session_day_pages.py              # a scratch SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/...py  # this file
    ... --profile "desk: delegation's list"    # where a page spends its time (cProfile)

The database named by DATABASE_URL is dropped and created. Prints figures; asserts nothing.
Target: each page and POST within 3× the trivial page (issue 15, item 5)."""

import cProfile
import os
import pstats
import statistics
import sys
import time
from urllib.parse import urlencode

import benchdb  # bench/benchdb.py: settings and a fresh database
import figures  # bench/figures.py: --json PATH
import timing  # bench/timing.py

benchdb.configure()
COUNT = int(os.environ.get("BENCH_DELEGATES", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
DESKS = 2
TARGET = "≤ 3×"


def half_way(world):
    """Half the delegates checked in at the morning sitting, as the desks would have."""
    from django.contrib.auth import get_user_model

    from sessions.models import Attendance

    office = get_user_model().objects.get(username="office")
    Attendance.objects.bulk_create(
        Attendance(
            sitting=world.sitting,
            delegate_id=p.pk,
            status=Attendance.Status.PRESENT,
            method=Attendance.Method.LIST,
            recorded_by=office,
        )
        for p in world.people[: COUNT // 2]
    )


def browser(key):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def item_fields(world, n, kind):
    return {
        "kind": kind,
        "title": f"关于第{n}号代表所提事项的建议",
        "category": world.category_ids[n % len(world.category_ids)],
        "situation": "本地群众反映强烈，情况如下。" * 30,
        "recommendations": "建议有关部门研究解决。" * 30,
        "session": world.session.pk,
    }


def ballot_fields(world, n):
    from session_day_world import choices_for  # bench/session_day_world.py

    choices = choices_for(n, world.pairs)
    return {f"c-{s}-{c}": rating for (s, c), rating in choices.items()} | {"action": "submit"}


def file_draft(world, n, kind):
    phone = browser(world.people[n].key)
    response = phone.post("/proposals/new/", item_fields(world, n, kind))
    assert response.status_code == 302, response.status_code
    return response["Location"]


def pages_of_the_day(world):
    """{name: (client, url)}: every GET of the day, the trivial page first."""
    desk = browser(world.staff_keys[0])
    sitting = f"/sessions/sittings/{world.sitting.pk}/check-in/"
    found, listed = world.people[COUNT - 2 : COUNT]
    scanned = next(p for p in reversed(world.people[: COUNT // 2]) if p.token)  # checked in
    phone = browser(world.people[1].key)
    voter = browser(world.people[2].key)
    assert voter.post(f"/evaluations/{world.evaluation.pk}/ballot/", ballot_fields(world, 2))[
        "Location"
    ].endswith("/voted/")
    proposal, suggestion = file_draft(world, 4, "proposal"), file_draft(world, 8, "suggestion")
    submitted = file_draft(world, 12, "suggestion")
    author = browser(world.people[12].key)
    assert author.post(f"{submitted}submit/", {}).status_code == 302
    return {
        "trivial signed-in page (delegate)": (phone, "/accounts/password_change/"),
        "trivial signed-in page (desk)": (desk, "/accounts/password_change/"),
        "desk: check-in page (after QR)": (desk, sitting),
        "desk: search by name": (desk, f"{sitting}?{urlencode({'q': found.name})}"),
        "desk: delegation's list": (
            desk,
            f"{sitting}?{urlencode({'delegation': listed.delegation})}",
        ),
        "desk: QR code's page": (desk, f"/sessions/check-in/{scanned.token}/"),
        "delegate: session page": (phone, f"/sessions/{world.session.pk}/"),
        "delegate: new item form": (phone, "/proposals/new/"),
        "delegate: draft page, proposal": (browser(world.people[4].key), proposal),
        "delegate: draft page, suggestion": (browser(world.people[8].key), suggestion),
        "delegate: item page, submitted": (author, submitted),
        "delegate: ballot page": (phone, f"/evaluations/{world.evaluation.pk}/ballot/"),
        "delegate: voted page": (voter, f"/evaluations/{world.evaluation.pk}/voted/"),
    }


def posts_of_the_day(world):
    """{name: post(round) -> response}: each POST of the day on fresh rows each round, and
    the session page as each delegate first opens it."""
    desk = browser(world.staff_keys[1])
    sitting = f"/sessions/sittings/{world.sitting.pk}/check-in/"
    waiting = iter(world.people[COUNT // 2 : COUNT - 10])
    drafts = {}

    def check_in(_n):
        person = next(waiting)
        page = f"{sitting}?{urlencode({'delegation': person.delegation})}"
        fields = {"delegate": person.pk, "method": "list", "status": "present"}
        return desk.post(page, fields)

    def qr(_n):
        person = next(p for p in waiting if p.token)
        return desk.post(f"/sessions/check-in/{person.token}/", {"sitting": world.sitting.pk})

    def draft(n):
        person = world.people[20 + n]  # rounds ≤ 40
        phone = browser(person.key)
        response = phone.post("/proposals/new/", item_fields(world, person.n, "proposal"))
        drafts[n] = (phone, response["Location"])
        return response

    def submit(n):
        phone, item = drafts[n]
        return phone.post(f"{item}submit/", {"as_suggestion": "1"})

    def ballot(n):
        person = world.people[60 + n]
        ballot = f"/evaluations/{world.evaluation.pk}/ballot/"
        return browser(person.key).post(ballot, ballot_fields(world, person.n))

    def first_view(n):
        """A delegate's session page as the day's load run has it: their first view of the
        day, whose check-in code is drawn (later views take it from the cache)."""
        phone = browser(world.people[COUNT // 2 + 100 + n].key)
        return phone.get(f"/sessions/{world.session.pk}/")

    def code_drawn(n):
        """The check-in code's image the session page names, as each delegate's phone first
        fetches it: drawn (later fetches take it from the cache, or the phone keeps it)."""
        person = world.people[COUNT // 2 + 100 + n]
        code = f"/sessions/{world.session.pk}/check-in-code/{person.pk}.svg"
        return browser(person.key).get(code)

    return {
        "delegate: session page, first view": first_view,
        "delegate: check-in code's image, first (drawn)": code_drawn,
        "desk: check-in POST": check_in,
        "desk: QR check-in POST": qr,
        "delegate: draft POST": draft,
        "delegate: submit POST (as a suggestion)": submit,
        "delegate: ballot POST": ballot,
    }


def time_posts(trivial, posts, rounds):
    """{name: median ms}: each round the trivial page once, then each request once (each
    POST, and a GET that must be new each time)."""
    client, url = trivial
    timings = {"trivial": [], **{name: [] for name in posts}}
    for n in range(rounds):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        timings["trivial"].append((time.perf_counter() - started) * 1000)
        for name, post in posts.items():
            started = time.perf_counter()
            response = post(n)
            timings[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 302), (name, response.status_code)
    return {name: statistics.median(values) for name, values in timings.items()}


def profile(pages, name, rounds):
    client, url = pages[name]
    client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    stats.print_stats(r"^(?!.*site-packages)(?!.*python3)", 40)  # the project's own code
    stats.print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def main():
    benchdb.fresh_database()
    from django.db import connection
    from session_day_world import populate  # bench/session_day_world.py

    begun = time.perf_counter()
    world = populate(count=COUNT, desks=DESKS, minutes=60)
    half_way(world)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # autovacuum's statistics (docs/performance.md)
    built = time.perf_counter() - begun
    pages = pages_of_the_day(world)
    if "--profile" in sys.argv:
        profile(pages, sys.argv[sys.argv.index("--profile") + 1], ROUNDS)
        return
    timed = timing.median_ms(pages, rounds=ROUNDS)
    trivial = timed.pop("trivial signed-in page (delegate)")
    posted = time_posts(pages["trivial signed-in page (delegate)"], posts_of_the_day(world), ROUNDS)
    post_trivial = posted.pop("trivial")

    print(
        f"the session day's pages, {COUNT} delegates, half checked in, {connection.vendor}, "
        f"built in {built:.0f} s, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'figure':<52}{'value':>8}{'baseline':>10}{'ratio':>8}  target")
    print(f"{'trivial signed-in page, delegate (ms)':<52}{trivial:>8.1f}")
    rows = [figures.figure("trivial signed-in page, delegate (ms)", trivial)]
    for name, value, baseline in [
        *((n, v, trivial) for n, v in timed.items()),
        *((n, v, post_trivial) for n, v in posted.items()),
    ]:
        target = "" if name.startswith("trivial") else TARGET
        ratio = value / baseline
        print(f"{name + ' (ms)':<52}{value:>8.1f}{baseline:>10.1f}{ratio:>8.1f}  {target}")
        rows.append(figures.figure(f"{name} (ms)", value, baseline, target=target or None))
    figures.write(rows)


if __name__ == "__main__":
    main()
