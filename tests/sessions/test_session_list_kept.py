"""The sessions' change list reads its page and counts by statements written once per process
(`KeptLists`, decisions 388 and 390; sixteenth pass, decision 515): one count a page where
Django ran two, the same number of queries at 2 and 20 sessions, and a session added, renamed,
or a page sorted by another column shown at once (the page's rows are read on every request,
by a statement keyed by its order and conditions)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office import kept_pages
from sessions.models import Session
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/congress_sessions/session/"
# By name, by term then start date descending: what bench_pages.py opens (the list's column
# headers' links).
SORTED = [f"{LIST}?o=1", f"{LIST}?o=1.-3", f"{LIST}?o=2.-3", f"{LIST}?o="]


def _names(page: str) -> list[str]:
    return re.findall(r'<th class="field-name"><a href="[^"]*">([^<]*)</a>', page)


def _queries(office, url: str) -> tuple[int, int]:
    office.get(url)  # the first opening also fills the process's caches
    with CaptureQueriesContext(connection) as queries:
        assert office.get(url).status_code == 200
    counts = [q for q in queries if "COUNT(" in q["sql"].upper()]
    return len(queries), len(counts)


@pytest.mark.parametrize("url", [LIST, *SORTED])
def test_the_sorted_lists_count_once_in_as_many_queries_at_two_sizes(office, term, url):
    SessionFactory.create_batch(2, term=term)
    few = _queries(office, url)
    SessionFactory.create_batch(18, term=term)
    many = _queries(office, url)

    assert few == many
    assert few[1] <= 1  # Django's paginator and its "N total" count once (kept_counts)


def _sorted_both_ways(office, term) -> tuple[list, list]:
    SessionFactory(term=term, name="甲会议")
    SessionFactory(term=term, name="乙会议")
    by_name = list(Session.objects.order_by("name").values_list("name", flat=True))
    assert _names(office.get(f"{LIST}?o=1").content.decode()) == by_name
    return by_name, _names(office.get(f"{LIST}?o=-1").content.decode())


def test_a_statement_kept_without_its_order_would_show_another_orders_rows(
    office, term, monkeypatch
):
    """What the next test's first check would find with a key too short: the order left out
    of the page's key, the list sorted the other way shows the first order's rows."""
    monkeypatch.setattr(kept_pages, "_kept", {})
    monkeypatch.setitem(kept_pages._WRITTEN_FROM, "order_by", lambda order: ())
    by_name, other_way = _sorted_both_ways(office, term)
    assert other_way == by_name


def test_a_session_added_renamed_or_sorted_otherwise_shows_at_once(office, term):
    by_name, other_way = _sorted_both_ways(office, term)
    # The same statement kept for another order would show the first order's rows.
    assert other_way == by_name[::-1]
    first, second = Session.objects.order_by("pk")

    SessionFactory(term=term, name="丙会议")
    second.name = "丁会议"
    second.save()
    shown = _names(office.get(f"{LIST}?o=-1").content.decode())
    assert shown == list(Session.objects.order_by("-name").values_list("name", flat=True))
    assert "丙会议" in shown and "丁会议" in shown and first.name in shown
    assert _names(office.get(f"{LIST}?q=丁").content.decode()) == ["丁会议"]
