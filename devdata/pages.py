"""The pages each role can open, found rather than listed, so that a new page is measured
(bench/bench_pages.py) and its queries checked (tests/core/test_page_queries.py) without
anyone adding it to a list:

- the admin: for each registered model the user may view, its change list plain, with a
  search that finds something, and with a sample of each filter's choices (the model admin's
  own filter specs), its add form and one object's change form; the admin's index and "all
  sections";
- any role: the pages reachable from a start (its home), following the links of each page
  found (same site, HTML answers only, a few variants of each URL name).

A development tool, like the large office it runs on."""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

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


def admin_pages(user) -> dict:
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


def searched_field(model, path: str) -> str:
    """The field a search field names, without the lookup it may end with
    (`title__caseless_contains`)."""
    try:
        get_fields_from_path(model, path)
    except (FieldDoesNotExist, NotRelationField):
        return path.rpartition(LOOKUP_SEP)[0]
    return path


def search_term(model_admin, model, first) -> str:
    """The first characters of the first searched field of the first row: a search that
    finds something."""
    fields = model_admin.get_search_fields(None) if first is not None else ()
    if not fields:
        return ""
    field = searched_field(model, fields[0].lstrip("^=@"))
    value = model.objects.filter(pk=first.pk).values_list(field, flat=True).first()
    return str(value or "")[:2]


def crawl(client, seeds: list[str], known: set[str]) -> dict:
    """{url: url} of the HTML pages reachable from `seeds` (breadth first, DEPTH links), a few
    variants of each URL name; admin lists and forms the registry gave (`known`) are followed
    but not returned again."""
    found, seen, per_name = {}, set(seeds), {}
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
