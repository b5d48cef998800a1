"""Every page each role opens, at the large office (manage.py large_office), against a trivial
signed-in page (the password-change form) measured in the same interleaved rounds
(bench/timing.py): office staff (`office`), a delegate (`delegate`), a delegation leader
(`leader`), a handling unit's staff (`unit`) and a committee member who keeps in touch with
delegates (the large office has none: one is appointed here, with the office's service).

The pages are found, not listed, so that new pages are measured too:
- the admin: for each registered model the office may view, its change list plain, with a
  search, and with a sample of each filter's choices (from the model admin's own filter specs),
  its add form and one object's change form; the admin's index and "all sections";
- every role: the pages reachable from its home, following the links of each page found (same
  site, HTML answers only, at most a few variants of each URL name).

Each scale builds its own office (scale 0.1: 2,000 proposals; 1: 20,000; 5: 100,000), so that
growth shows: pages should stay flat.

    .venv/bin/python bench/bench_pages.py                      # scales 0.1 and 1, scratch SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_pages.py
    .venv/bin/python bench/bench_pages.py --scales 0.1,1,5 --rounds 7 --only /admin/proposals
    .venv/bin/python bench/bench_pages.py --existing --own-pages --appoint   # the roles' own pages

`--own-pages` leaves out the admin's model pages (its index, change lists, add, change, delete
and history forms), keeping the office's own pages (the desk, statistics, the term's structure,
results...) and every other role's. `--appoint` appoints the committee member on an existing
office too (once: a second run finds them).

The database named by DATABASE_URL is dropped and created for each scale. Prints figures;
asserts nothing. Target: every page within 3× the trivial page (issue 15)."""

import argparse
import io
import statistics
import sys

import benchdb  # bench/benchdb.py: settings and a fresh database
import figures  # bench/figures.py: --json PATH
import timing  # bench/timing.py

benchdb.configure()
TRIVIAL = "/accounts/password_change/"
TARGET = "<= 3×"
# Pages timed in one set of interleaved rounds with the trivial page: a round of all several
# hundred pages would take seconds, too long for one baseline measure to stand for all.
CHUNK = 8


def appoint_a_committee_member():
    """The large office has no committee member: the delegate's first neighbours on the roster
    get one, appointed through the service, the `leader` account standing for them."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from delegates.contacts import committee_member_set_delegates
    from delegates.models import CommitteeMember, Delegate

    users = get_user_model().objects
    leader = users.get(username="leader")
    own = Delegate.objects.filter(user=leader).order_by("-term__start_date").first()
    if own is None:
        return None
    member = CommitteeMember.objects.create(
        term=own.term, name=own.name, post="县委委员", user=leader
    )
    delegates = list(Delegate.objects.filter(term=own.term).exclude(pk=own.pk).order_by("pk")[:6])
    with transaction.atomic():
        committee_member_set_delegates(
            member=member, delegates=delegates, set_by=users.get(username="office")
        )
    return member


def query_count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


# The admin's own views of a model (its URL names end so) and its index: not the roles' own pages.
ADMIN_MODEL_VIEWS = ("_changelist", "_add", "_change", "_delete", "_history")


def is_admin_model_page(url: str) -> bool:
    from devdata.pages import url_name

    name = url_name(url) or ""
    return name.startswith("admin:") and (
        name.endswith(ADMIN_MODEL_VIEWS) or name in ("admin:index", "admin:sections")
    )


def measure(
    scale: float, rounds: int, only: str, existing: bool = False, own_pages: bool = False
) -> dict:
    """{(role, page name): (ms, trivial ms, queries)} at one scale (`existing`: on the office
    already in the database, whatever its scale, for trying a change again and again)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from congress_office.roles import home_url_for
    from devdata.pages import admin_pages, crawl, is_page

    if not existing:
        connections.close_all()  # the scale before's: its database is dropped
        benchdb.fresh_database()
        out = io.StringIO()
        call_command("large_office", "--scale", str(scale), "--allow-without-debug", stdout=out)
        appoint_a_committee_member()
    users = get_user_model().objects
    roles = {}
    from tests.sign_in import sign_in_as

    for role in ("office", "delegate", "leader", "unit"):
        client = Client()
        user = users.get(username=role)
        sign_in_as(client, user)
        roles[role] = (client, user)
    pages = {}  # (role, name): (client, url)
    office_client, office_user = roles["office"]
    listed = admin_pages(office_user)
    for name, url in listed.items():
        if not own_pages:
            pages[("office", name)] = (office_client, url)
    for role, (client, user) in roles.items():
        known = set(listed.values()) if role == "office" else set()
        seeds = [home_url_for(user)] + (["/delegates/contacts/"] if role == "leader" else [])
        for url in crawl(client, seeds, known):
            pages[(role, url)] = (client, url)
    parts = only.split(",")  # any of them
    pages = {
        key: page
        for key, page in pages.items()
        if any(part in page[1] or part in key[1] for part in parts)
    }
    if own_pages:
        pages = {key: page for key, page in pages.items() if not is_admin_model_page(page[1])}
    # Once every page has been opened (a few make what they show on their first visit): a page
    # that redirects (a list of a model with one row opens its form) or refuses is not one.
    pages = {key: page for key, page in pages.items() if is_page(page[0].get(page[1]))}
    results = {}
    keys = list(pages)
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        by_role = {}
        for key in chunk:
            by_role.setdefault(key[0], []).append(key)
        group = {("trivial", role): (roles[role][0], TRIVIAL) for role in by_role}
        group.update({key: pages[key] for key in chunk})
        timed = timing.median_ms(group, rounds=rounds)
        for key in chunk:
            trivial = timed[("trivial", key[0])]
            results[key] = (timed[key], trivial, query_count(*pages[key]))
        print(".", end="", flush=True, file=sys.stderr)
    print(file=sys.stderr)
    return results


def worst_ratio(measured: dict, key) -> float:
    return max(r[key][0] / r[key][1] for r in measured.values() if key in r)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="0.1,1", help="comma-separated (0.1, 1, 5)")
    parser.add_argument("--scale", type=float, help="add one scale (5: 100,000 proposals)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="", help="only pages whose URL or name has this, or a,b")
    parser.add_argument(
        "--existing", action="store_true", help="measure the office already in the database"
    )
    parser.add_argument("--own-pages", action="store_true", help="not the admin's model pages")
    parser.add_argument(
        "--appoint", action="store_true", help="appoint the committee member (--existing)"
    )
    parser.add_argument("--json", default=None, help="write the figures there (bench/figures.py)")
    args = parser.parse_args()
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    if args.scale and args.scale not in scales:
        scales.append(args.scale)
    benchdb.set_up_as_workers()
    from django.db import connection

    if args.existing:  # one office, whatever its scale: named by its proposals, measured once
        from proposals.models import Proposal

        scales = [Proposal.objects.count() / 20000]
        if args.appoint:
            from delegates.models import CommitteeMember

            if not CommitteeMember.objects.filter(user__username="leader").exists():
                appoint_a_committee_member()
    measured = {}
    for scale in scales:
        measured[scale] = measure(scale, args.rounds, args.only, args.existing, args.own_pages)
        if len(scales) > 1:  # each scale as soon as it is measured: the next takes long
            report({scale: measured[scale]}, connection.vendor)
            print()
    report(measured, connection.vendor)


def report(measured: dict, vendor: str) -> None:
    scales = list(measured)
    keys = []
    for results in measured.values():
        keys += [key for key in results if key not in keys]
    proposals = ", ".join(f"{round(20000 * s):,}" for s in scales)
    print(f"every page, each role, large office at {proposals} proposals, {vendor}")
    trivials = {s: statistics.median(t for _ms, t, _q in measured[s].values()) for s in scales}
    head = "".join(f"{'ms':>9}{'×':>7}{'q':>5}" for _ in scales)
    print(f"{'role':<9}{'page':<70}{head}")
    print(f"{'':<9}{'trivial signed-in page (median of the chunks)':<70}", end="")
    print("".join(f"{trivials[s]:>9.1f}{'':>12}" for s in scales))
    rows = [figures.figure(f"trivial page, scale {s:g} (ms)", trivials[s]) for s in scales]
    for key in sorted(keys, key=lambda k: -worst_ratio(measured, k)):
        role, name = key
        cells = ""
        for s in scales:
            if key not in measured[s]:
                cells += f"{'':>21}"
                continue
            ms, trivial, queries = measured[s][key]
            flag = "!" if ms / trivial > 3 else " "
            cells += f"{ms:>9.1f}{ms / trivial:>6.1f}{flag}{queries:>5}"
            rows.append(
                figures.figure(
                    f"{role}: {name}, scale {s:g}, {queries} queries (ms)",
                    ms,
                    trivial,
                    TARGET,
                )
            )
        print(f"{role:<9}{name[:69]:<70}{cells}")
    for s in scales:
        over = [k for k, (ms, t, _q) in measured[s].items() if ms / t > 3]
        print(f"scale {s:g}: {len(measured[s])} pages, {len(over)} over 3×")
        rows.append(figures.figure(f"pages over 3×, scale {s:g}", len(over), target="0"))
    figures.write(rows)


if __name__ == "__main__":
    main()
