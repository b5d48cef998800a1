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

The database named by DATABASE_URL is dropped and created for each scale. Prints figures;
asserts nothing. Target: every page within 3× the trivial page (issue 15)."""

import argparse
import io
import statistics
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import benchdb  # bench/benchdb.py: settings and a fresh database
import figures  # bench/figures.py: --json PATH
import timing  # bench/timing.py

benchdb.configure()
TRIVIAL = "/accounts/password_change/"
TARGET = "<= 3×"
# Pages timed in one set of interleaved rounds with the trivial page: a round of all several
# hundred pages would take seconds, too long for one baseline measure to stand for all.
CHUNK = 8
DEPTH = 3  # links followed from a role's home
VARIANTS = 4  # of one URL name (different objects or query strings), beyond the admin's lists
FILTER_SAMPLE = 3  # choices of one filter: the first, a middle and the last
# Not pages: downloads, steps that answer a POST, the way out.
NOT_PAGES = ("logout", "set_language", "jsi18n", "autocomplete", "view_on_site", "healthz")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.found.append(href)


def links_of(html: str, base: str) -> list[str]:
    from urllib.parse import urljoin

    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.found:
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            continue
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        found.append(parts.path + (f"?{query}" if query else ""))
    return found


def url_name(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def is_page(response) -> bool:
    return response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")


def admin_pages(client, user) -> dict:
    """{name: url} of the admin's lists (plain, searched, filtered), add and change forms."""
    from django.contrib import admin
    from django.contrib.admin.views.main import SEARCH_VAR
    from django.test import RequestFactory
    from django.urls import reverse

    pages = {"admin index": reverse("admin:index"), "admin sections": reverse("admin:sections")}
    factory = RequestFactory()
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        request = factory.get("/")
        request.user = user
        if not model_admin.has_view_permission(request):
            continue
        label = f"{meta.app_label}.{meta.model_name}"
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        pages[f"{label} list"] = changelist
        first = model_admin.get_queryset(request).order_by("pk").first()
        term = search_term(model_admin, model, first)
        if term:
            pages[f"{label} list, search {term}"] = f"{changelist}?{urlencode({SEARCH_VAR: term})}"
        cl = model_admin.get_changelist_instance(request)
        for spec in cl.filter_specs:
            choices = [c for c in spec.choices(cl) if not c.get("selected")]
            choices = [c for c in choices if c["query_string"] not in ("?", "")]
            for choice in sample(choices):
                query = choice["query_string"]
                pages[f"{label} list, {spec.title}: {choice['display']}"] = changelist + query
        if model_admin.has_add_permission(request):
            pages[f"{label} add"] = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        if first is not None:
            pages[f"{label} change"] = reverse(
                f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]
            )
    return pages


def sample(choices: list) -> list:
    if len(choices) <= FILTER_SAMPLE:
        return choices
    return [choices[0], choices[len(choices) // 2], choices[-1]]


def search_term(model_admin, model, first) -> str:
    """The first characters of the first searched field of the first row: a search that
    finds something."""
    fields = model_admin.get_search_fields(None) if first is not None else ()
    if not fields:
        return ""
    field = fields[0].lstrip("^=@")
    value = model.objects.filter(pk=first.pk).values_list(field, flat=True).first()
    return str(value or "")[:2]


def crawl(client, seeds: list[str], known: set[str]) -> dict:
    """{url: url} of the HTML pages reachable from `seeds` (breadth first, DEPTH links), a few
    variants of each URL name; admin lists and forms the registry gave (`known`) are followed
    but not returned again."""
    found, seen, per_name = {}, set(seeds) | set(known), {}
    frontier = list(seeds)
    for _depth in range(DEPTH + 1):
        following = []
        for url in frontier:
            response = client.get(url)
            if not is_page(response):
                continue
            if url not in known:
                found[url] = url
            for link in links_of(response.content.decode(), url):
                name = url_name(link)
                if link in seen or name is None or any(n in name for n in NOT_PAGES):
                    continue
                seen.add(link)
                if per_name.get(name, 0) >= VARIANTS:
                    continue
                per_name[name] = per_name.get(name, 0) + 1
                following.append(link)
        frontier = following
    return found


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


def measure(scale: float, rounds: int, only: str) -> dict:
    """{(role, page name): (ms, trivial ms, queries)} at one scale."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from congress_office.roles import home_url_for

    benchdb.fresh_database()
    out = io.StringIO()
    call_command("large_office", "--scale", str(scale), "--allow-without-debug", stdout=out)
    appoint_a_committee_member()
    users = get_user_model().objects
    roles = {}
    for role in ("office", "delegate", "leader", "unit"):
        client = Client()
        user = users.get(username=role)
        client.force_login(user)
        roles[role] = (client, user)
    pages = {}  # (role, name): (client, url)
    office_client, office_user = roles["office"]
    listed = admin_pages(office_client, office_user)
    for name, url in listed.items():
        pages[("office", name)] = (office_client, url)
    for role, (client, user) in roles.items():
        known = set(listed.values()) if role == "office" else set()
        seeds = [home_url_for(user)] + (["/delegates/contacts/"] if role == "leader" else [])
        for url in crawl(client, seeds, known):
            pages[(role, url)] = (client, url)
    pages = {key: page for key, page in pages.items() if only in page[1] or only in key[1]}
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
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", default="", help="only pages whose URL or name has this")
    parser.add_argument("--json", default=None, help="write the figures there (bench/figures.py)")
    args = parser.parse_args()
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    if args.scale and args.scale not in scales:
        scales.append(args.scale)
    import django

    django.setup()
    from django.db import connection

    measured = {scale: measure(scale, args.rounds, args.only) for scale in scales}
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
