"""Every admin page of the office (each change list plain, searched and with a sample of each
filter's choices, its add form, one object's change form, the index) in as many queries at
two sizes of the large office: the pages found as bench/bench_pages.py finds them
(devdata/pages.py), so a new model admin or filter is checked without being listed here. The
office is built at each size inside a transaction rolled back once its pages are counted."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devdata.pages import admin_pages, is_page
from sessions.models import Session
from tests.sign_in import sign_in_as

SIZES = ("0.005", "0.02")  # 100 and 400 proposals, 25 and 100 delegates
TODAY = "2026-11-23"
# Pages whose queries grow with the data for a reason of their own, and that reason.
GROWING = {}


def _count_pages(scale: str) -> dict:
    """{page name: queries} at one size, the office built and undone."""
    with transaction.atomic():
        call_command(
            "large_office",
            "--scale",
            scale,
            "--today",
            TODAY,
            "--allow-without-debug",
            stdout=io.StringIO(),
        )
        office = get_user_model().objects.get(username="office")
        client = Client()
        sign_in_as(client, office)
        counts = {}
        for name, url in {**admin_pages(office), **_more_pages(admin_pages(office))}.items():
            client.get(url)  # what a process reads once and keeps (content types, say)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if is_page(response):
                counts[name] = len(queries)
        transaction.set_rollback(True)
    return counts


def _more_pages(listed: dict) -> dict:
    """Each list with its filters' counts shown (decision 220), and the deletion page of the
    sessions with the fewest and the most rows to take with them (decision 218)."""
    pages = {
        f"{name} with counts": f"{url}{'&' if '?' in url else '?'}_facets=True"
        for name, url in listed.items()
        if name.endswith(" list")
    }
    sessions = Session.objects.annotate(rows=Count("sittings__attendances")).order_by("rows", "pk")
    for which, session in (("fewest", sessions.first()), ("most", sessions.last())):
        pages[f"session delete, {which} rows"] = (
            f"/admin/congress_sessions/session/{session.pk}/delete/"
        )
    return pages


@pytest.fixture(scope="module")
def counted(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return {scale: _count_pages(scale) for scale in SIZES}


@pytest.fixture
def pages(counted, db):
    return counted


def test_every_admin_page_in_the_same_queries_at_both_sizes(pages):
    small, large = (pages[scale] for scale in SIZES)
    both = sorted(set(small) & set(large))
    # the office's change lists and forms are all there, not just a few
    assert len(both) > 150
    for name in (
        "proposals.proposal list",
        "delegates.delegate list",
        "admin index",
        "delegates.activity list with counts",
        "proposals.assignment list with counts",
        "session delete, most rows",
    ):
        assert name in both
    grew = {
        name: (small[name], large[name])
        for name in both
        if small[name] != large[name] and name not in GROWING
    }
    assert grew == {}, "\n".join(f"{name}: {n}" for name, n in grew.items())


@pytest.mark.parametrize(
    "name, most",
    [
        ("admin index", 20),
        ("proposals.proposal list", 13),
        ("proposals.assignment list", 11),
        ("delegates.delegate list", 13),
        ("delegates.activity list with counts", 15),
        ("session delete, most rows", 40),
    ],
)
def test_the_busiest_lists_in_few_queries(pages, name, most):
    for scale in SIZES:
        assert pages[scale][name] <= most, (scale, pages[scale][name])
