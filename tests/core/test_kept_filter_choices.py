"""The lists' filters' choices kept by the rows read (congress_office/kept_filter_choices.py,
decision 448): the sidebar is Django's (the choices made anew, `KEEP` off) in both languages,
opened again and after a category, session, unit or delegation is added, renamed or removed;
a label that reads the database is not kept; the lists read as many queries with more rows;
a related filter's facets are Django's grouped counts (`kept_counts.grouped_counts`)."""

import re

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from congress_office import kept_counts, kept_filter_choices
from congress_office.kept_counts import grouped_counts
from congress_office.kept_filter_choices import choices_of
from delegates.models import Activity, Term
from proposals.models import HandlingUnit, ProposalCategory
from sessions.models import Session
from tests.core.kept_kit import djangos, nothing_kept_in, page
from tests.delegates.factories import ActivityFactory, DelegationFactory, TermFactory
from tests.proposals.factories import HandlingUnitFactory, ProposalCategoryFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_filter_choices._choices)

ITEMS = "/admin/proposals/proposal/"
LISTS = [ITEMS, "/admin/delegates/activity/", "/admin/delegates/delegate/"]


def _sidebar(html: str) -> str:
    found = re.search(r'<nav id="changelist-filter".*?</nav>', html, re.S)
    assert found, "the list has its filters"
    return found.group(0)


def _office(size: int, term) -> None:
    ActivityFactory.create_batch(size, term=term)
    for n in range(size):
        ProposalCategoryFactory(name=f"类别{n}")
    HandlingUnitFactory.create_batch(size)
    SessionFactory.create_batch(size, term=term)
    DelegationFactory.create_batch(size, term=term)


def _same_as_djangos(client, url: str) -> str:
    for language in ("zh-hans", "en"):
        kept = page(client, url, language)
        assert kept == djangos(kept_filter_choices, client, url, language), (url, language)
    return _sidebar(kept)


def test_the_lists_filters_are_djangos_opened_again_and_after_rows_change(office, term):
    _office(3, term)
    for url in LISTS:
        _same_as_djangos(office, url)
        _same_as_djangos(office, url)  # opened again: the choices kept
    assert kept_filter_choices._choices  # the items' filters' choices were kept

    category = ProposalCategory.objects.first()
    category.name = "改名的类别"
    category.save()
    unit = HandlingUnit.objects.order_by("pk").first()
    unit.name = "改名的单位"
    unit.save()
    session = Session.objects.order_by("pk").first()
    session.name = "改名的会议"
    session.save()
    ProposalCategoryFactory(name="新的类别")
    sidebar = _same_as_djangos(office, ITEMS)
    for name in ("改名的类别", "改名的单位", "新的类别"):
        assert name in sidebar, name
    TermFactory()  # a second term: the filter by term is shown
    _same_as_djangos(office, ITEMS)
    term.name = "改名的届"
    term.save()
    ProposalCategory.objects.filter(name="新的类别").delete()
    sidebar = _same_as_djangos(office, ITEMS)
    assert "新的类别" not in sidebar and "改名的届" in sidebar
    delegation = DelegationFactory(term=term, name="新的代表团")
    assert delegation.name in _same_as_djangos(office, "/admin/delegates/delegate/")


def test_a_label_that_reads_the_database_is_not_kept(term):
    rows = [(term.pk,)]

    def make():
        return [Term.objects.get(pk=pk) for (pk,) in rows]

    shape = ("test", "terms read again")
    assert [str(choice) for choice in choices_of(shape, rows, make)] == [str(term)]
    assert not kept_filter_choices._choices
    assert [str(choice) for choice in choices_of(("test", "plain"), rows, lambda: [term])]
    assert kept_filter_choices._choices  # without a read it is kept


@pytest.mark.parametrize("url", [*LISTS, f"{ITEMS}?_facets=True", f"{LISTS[1]}?_facets=True"])
def test_the_lists_queries_do_not_grow_with_the_rows(office, term, url):
    counts = []
    for size in (3, 12):
        _office(size, term)
        office.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert office.get(url).status_code == 200
        counts.append(len(queries))
        djangos(kept_filter_choices, office, url)
        with CaptureQueriesContext(connection) as queries:
            djangos(kept_filter_choices, office, url)
        counts.append(len(queries))  # the same queries as with the labels made anew
    assert len(set(counts)) == 1, counts


def _djangos_groups(rows, column: str) -> dict:
    grouped = rows.order_by().values(column).annotate(rows=Count("pk"))
    return {group[column]: group["rows"] for group in grouped}


def test_a_related_filters_facets_by_the_statement_django_ran(term):
    """`kept_counts.grouped_counts` (decision 449): Django's grouped counts, then the kept
    statement's for other conditions' values and rows written since; one query each."""
    kept_counts._kept.clear()
    other = TermFactory()
    ActivityFactory.create_batch(3, term=term)
    ActivityFactory(term=other, kind=Activity.Kind.RESEARCH)
    rows = Activity.objects.all()
    assert grouped_counts(rows, "term__id", "id") == _djangos_groups(rows, "term__id")
    ActivityFactory(term=other)
    for kind in (Activity.Kind.INSPECTION, Activity.Kind.RESEARCH):
        some = Activity.objects.filter(kind=kind)
        with CaptureQueriesContext(connection) as queries:
            kept = grouped_counts(some, "term__id", "id")
        assert len(queries) == 1
        assert kept == _djangos_groups(some, "term__id")
    with CaptureQueriesContext(connection) as queries:
        kept = grouped_counts(rows, "term__id", "id")
    assert kept == _djangos_groups(rows, "term__id") and len(queries) == 1
    assert grouped_counts(rows, "kind", "id") is None  # a text's groups: counted by Django
