"""The items' list read by its statement written once for its shape (congress_office/
kept_pages.py, decision 364): every page holds the rows, values and related rows the ORM reads
for the same queryset, by the kept statement where the shape is kept and as Django does
where not (a search, the lead unit's subquery), in as many queries at two sizes of the office;
a shape whose text depends on a value keeps it in the shape."""

import datetime
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models.query import ModelIterable
from django.test import Client
from django.test.utils import CaptureQueriesContext

from congress_office import kept_pages
from congress_office.kept_pages import kept_page, query_shape, written_conditions
from proposals.models import Proposal
from tests.core.small_office import office_built
from tests.sign_in import sign_in_as

LIST = "/admin/proposals/proposal/"


def office_client() -> Client:
    client = Client()
    sign_in_as(client, get_user_model().objects.get(username="office"))
    return client


def shown(obj) -> dict:
    """What a page's instance holds: its values read, and its related rows' (author, unit)."""
    values = {name: value for name, value in obj.__dict__.items() if not name.startswith("_")}
    related = {
        name: (None if row is None else (type(row), row.pk, row.name))
        for name, row in obj._state.fields_cache.items()
    }
    return {"values": values, "related": related, "db": obj._state.db, "adding": obj._state.adding}


def read_both_ways(client, url: str, kept_reads: list) -> tuple[list, list, list, bool]:
    """(the page's rows as the list read them, as the ORM reads the same queryset, the page
    read's statements, whether it was read by a kept statement: `kept_reads` notes each)."""
    before = len(kept_reads)
    with CaptureQueriesContext(connection) as queries:
        cl = client.get(url).context["cl"]
    ours = list(cl.result_list)
    rows = cl.result_list._chain()  # the same queryset, no rows read, read by the ORM
    rows._iterable_class = ModelIterable
    django = list(rows)
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "proposals_proposal"."id"')]
    shown_ours, shown_django = [shown(obj) for obj in ours], [shown(obj) for obj in django]
    return shown_ours, shown_django, reads, len(kept_reads) > before


@pytest.fixture
def kept_reads(monkeypatch) -> list:
    """The kept statements' reads, as they happen: [(statement, values)]."""
    noted = []
    made = kept_pages.page_instances

    def noting(written, params, prepared=True):
        assert not prepared  # planned for its values each time (decision 364)
        noted.append((written.sql, params))
        return made(written, params, prepared)

    monkeypatch.setattr(kept_pages, "page_instances", noting)
    return noted


def filtered_urls() -> list[tuple[str, bool]]:
    """(a list's address, whether its page is read by a kept statement)."""
    filed = Proposal.objects.filter(session__isnull=False, category__isnull=False).first()
    unit = Proposal.objects.filter(lead_unit__isnull=False).values_list("lead_unit", flat=True)
    return [
        (LIST, True),
        (f"{LIST}?p=2", True),
        (f"{LIST}?o=1", True),
        (f"{LIST}?o=-5.1", True),
        (f"{LIST}?status__exact=closed", True),
        (f"{LIST}?status__exact=closed&kind__exact=proposal", True),
        (f"{LIST}?kind__exact=opinion", True),
        (f"{LIST}?source__exact=delegate", True),
        (f"{LIST}?term__id__exact={filed.term_id}", True),
        (f"{LIST}?category__id__exact={filed.category_id}", True),
        (f"{LIST}?category__isnull=True", True),
        (f"{LIST}?session__id__exact={filed.session_id}", True),
        (f"{LIST}?session__isnull=True", True),
        (f"{LIST}?session__isnull=True&category__isnull=True", True),
        (f"{LIST}?queue=review", True),
        (f"{LIST}?queue=overdue", True),
        (f"{LIST}?time_left=ok", True),
        (f"{LIST}?time_left=soon", True),
        (f"{LIST}?time_left=over", True),
        (f"{LIST}?list=due_this_week", True),
        (f"{LIST}?status__exact=nothing", True),
        (f"{LIST}?handled_by={unit.first()}", True),  # a subquery: its text in the key
        (f"{LIST}?list=cosigning", True),
        (f"{LIST}?q=20", True),  # a search: its patterns the statement's parameters
    ]


@pytest.mark.django_db
def test_every_page_holds_what_the_orm_reads(kept_reads):
    with office_built("0.01"):  # 200 items
        # overdue by the clock's day (the office's is another): the lists by a day have rows
        late = Proposal.objects.order_by("pk").values("pk")[:60]
        Proposal.objects.filter(pk__in=late).update(
            status="assigned",
            lead_deadline=datetime.date(2020, 1, 6),
            lead_amber_on=datetime.date(2020, 1, 1),
        )
        client = office_client()
        empty = []
        for url, kept in filtered_urls():
            client.get(url)  # the shape's statement written
            ours, django, reads, read_kept = read_both_ways(client, url, kept_reads)
            assert ours == django, url
            assert len(reads) == 1, (url, reads)  # one read of the page, its values in it
            assert read_kept == kept, url
            if not ours:
                empty.append(url)
        # the office's day is not the clock's: some queues are empty, most lists are not
        assert len(empty) <= 6 and f"{LIST}?time_left=over" not in empty, empty
        assert f"{LIST}?queue=overdue" not in empty
        # the second page of the same shape reads its own rows by the first page's statement
        first, _, _, _ = read_both_ways(client, LIST, kept_reads)
        second, django, _, _ = read_both_ways(client, f"{LIST}?p=2", kept_reads)
        assert second == django and {r["values"]["id"] for r in first}.isdisjoint(
            {r["values"]["id"] for r in second}
        )
        # two statuses of one page each (or of more each): one statement, their own values
        counts = Counter(Proposal.objects.values_list("status", flat=True))
        one_page = sorted(status for status, n in counts.items() if n <= 50)
        first, second = one_page[:2] if len(one_page) > 1 else sorted(counts)[:2]
        for status in (first, second):
            read_both_ways(client, f"{LIST}?status__exact={status}", kept_reads)
        (one, one_values), (other, other_values) = kept_reads[-2:]
        assert one == other and (one_values, other_values) == ([first], [second])


@pytest.mark.django_db
@pytest.mark.parametrize("scale", ["0.005", "0.02"])
def test_the_lists_queries_are_as_many_at_two_sizes(scale):
    """The kept reads (and counts: decision 365) make no query more or fewer whatever the
    office's size: the same eleven as the plain list."""
    with office_built(scale):
        client = office_client()
        filed = Proposal.objects.filter(session__isnull=False, category__isnull=False).first()
        for url in (
            LIST,
            f"{LIST}?session__isnull=True",
            f"{LIST}?category__id__exact={filed.category_id}",
            f"{LIST}?time_left=ok",
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            assert len(queries) == 11, (url, [q["sql"][:80] for q in queries])
            if "time_left" not in url:  # counted from the kept deltas
                assert not any("COUNT(*)" in q["sql"].upper() for q in queries), url


def shape_of(**condition) -> tuple:
    """(the key of the page's statement: its query's shape and its conditions' text, their
    values)."""
    rows = Proposal.objects.filter(**condition).order_by("-pk")
    where, values = written_conditions(rows)
    return (query_shape(rows.query), where), values


def test_a_value_whose_writing_depends_on_it_is_part_of_the_shape(db):
    """`IS NULL` and `IS NOT NULL` have no parameter but two texts: two shapes. Two statuses
    are one shape, their values its parameter."""
    assert shape_of(session__isnull=True)[0] != shape_of(session__isnull=False)[0]
    assert shape_of(session__isnull=True)[1] == []
    closed, draft = shape_of(status="closed"), shape_of(status="draft")
    assert closed[0] == draft[0] and (closed[1], draft[1]) == (["closed"], ["draft"])
    assert shape_of(status="closed")[0] != shape_of(kind="closed")[0]


def test_shapes_not_kept(db):
    """An annotation or DISTINCT: read as Django does. A join used by a condition, a
    subquery, a list of values: each its own key, by its text."""
    from django.db.models import Count, Exists, OuterRef

    from proposals.models import Assignment

    rows = Proposal.objects.order_by("-pk")
    for other in (rows.annotate(n=Count("assignments")), rows.distinct()):
        assert query_shape(other.query) is None, str(other.query)
    assert query_shape(rows.filter(status="draft", kind="proposal").query) is not None
    keys = {
        shape_of(author__name="x")[0],
        shape_of(status__in=["draft", "closed"])[0],
        shape_of(status__in=["draft", "closed", "assigned"])[0],
        shape_of(submitted_at__date=datetime.date(2026, 1, 1))[0],
        (
            query_shape(rows.query),
            written_conditions(
                rows.filter(Exists(Assignment.objects.filter(proposal=OuterRef("pk"))))
            )[0],
        ),
    }
    assert len(keys) == 5


@pytest.mark.django_db
def test_a_search_is_kept_with_its_pattern_and_nothing_is_read_before_the_rows(kept_reads):
    with office_built():
        kept_pages._kept.clear()
        found = Proposal.objects.filter(title__contains="建").order_by("-pk")
        read = kept_page(found[:5])
        assert [p.pk for p in read] == list(found.values_list("pk", flat=True)[:5])
        # the LIKE pattern is the statement's parameter, as its conditions write it
        assert [values for _sql, values in kept_reads] == [["%建%"]]
        proposals = Proposal.objects.filter(kind="proposal").order_by("-pk")
        kept = kept_page(proposals[:5])
        assert kept._result_cache is None  # nothing read until the rows are
        assert [p.pk for p in kept] == list(proposals.values_list("pk", flat=True)[:5])
        assert [values for _sql, values in kept_reads][1:] == [["proposal"]]


@pytest.mark.django_db
def test_an_action_reads_no_page(kept_reads):
    """The page is read when it is shown: an action's POST that redirects (here, with no
    item chosen) reads none, as Django's list reads none."""
    with office_built():
        client = office_client()
        client.get(LIST)
        kept_reads.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(LIST, {"action": "remind", "index": 0})
        assert response.status_code == 302
        assert kept_reads == []
        assert not any(q["sql"].startswith('SELECT "proposals_proposal"."id"') for q in queries)
