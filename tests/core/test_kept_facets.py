"""A list's facets (`?_facets=True`) read by their statement written once (congress_office/
kept_counts.py, `KeptAggregates`; decision 418) count what Django counts, with other values in
the same statement; an aggregate the key does not know is Django's; a filter's facets without
a filter that filters nothing read the list's own rows (list_links.py); a count by a value is
sent with its values, not prepared (decision 419)."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext

from congress_office import kept_counts
from congress_office.kept_counts import with_kept_aggregates, with_kept_counts
from congress_office.list_links import OfficeChangeList
from delegates.models import Activity, ActivityParticipation
from tests.core.factories import office_user
from tests.core.kept_kit import nothing_kept_in, page
from tests.delegates.factories import ActivityFactory, TermFactory
from tests.sign_in import sign_in_as

nothing_kept = nothing_kept_in(kept_counts._kept)
FACETS = "/admin/delegates/activity/?_facets=True"


def _facets(kinds) -> dict:
    return {f"{i}__c": Count("pk", filter=Q(kind__exact=kind)) for i, kind in enumerate(kinds)}


@pytest.fixture
def terms(db):
    """Two terms' activities: the first's of two kinds, the second's of one."""
    first, second = TermFactory(), TermFactory()
    for kind in (Activity.Kind.INSPECTION, Activity.Kind.INSPECTION, Activity.Kind.RESEARCH):
        ActivityFactory(term=first, kind=kind)
    ActivityFactory(term=second, kind=Activity.Kind.RESEARCH)
    return first, second


def test_the_kept_facets_count_what_django_counts(terms, django_assert_num_queries):
    kinds = ["inspection", "research", "other"]  # as a filter's choices give them
    for term in (*terms, terms[0]):
        djangos = QuerySet.aggregate(Activity.objects.filter(term=term), **_facets(kinds))
        with django_assert_num_queries(1):
            ours = with_kept_aggregates(Activity.objects.all()).filter(term=term)
            assert ours.aggregate(**_facets(kinds)) == djangos
    assert djangos == {"0__c": 2, "1__c": 1, "2__c": 0}
    (kept,) = [value for key, value in kept_counts._kept.items() if key[0] == "aggregate"]
    sql, before, names = kept  # written once, run for the other term with its value
    assert "FILTER" in sql and before == kinds and names == list(djangos)


def test_other_choices_are_another_statement(terms):
    for kinds in (["inspection"], ["research"]):
        rows = with_kept_aggregates(Activity.objects.filter(term=terms[0]))
        assert rows.aggregate(**_facets(kinds)) == {"0__c": 2 if "inspection" in kinds else 1}
    assert len(kept_counts._kept) == 2
    # a value's type is in its key: 1 and True are equal, but are not written alike
    assert kept_counts._condition_key(Q(a=1)) != kept_counts._condition_key(Q(a=True))


def test_an_aggregate_the_key_does_not_know_is_djangos(terms):
    rows = with_kept_aggregates(Activity.objects.filter(term=terms[0]))
    assert rows.aggregate(last=Max("date"), n=Sum("pk"))["last"] is not None
    assert rows.aggregate(n=Count("pk", filter=Q(topic__in=["a"])))["n"] == 0  # a list value
    grouped = rows.annotate(n=Count("participations"))
    assert grouped.aggregate(m=Count("pk", filter=Q(n__gte=0))) == {"m": 3}  # of an annotation
    assert kept_counts._kept == {}


def test_the_facets_of_rows_grouped_by_an_aggregate_are_kept(terms):
    """The briefings' and solicitations' lists count their reads and answers (an aggregate
    annotation: their rows grouped, counted in a subquery)."""
    for term in (*terms, terms[0]):
        rows = Activity.objects.annotate(n=Count("participations")).filter(term=term)
        djangos = QuerySet.aggregate(rows, **_facets(["inspection", "research"]))
        assert with_kept_aggregates(rows).aggregate(**_facets(["inspection", "research"])) == (
            djangos
        )
        assert with_kept_counts(rows._chain()).count() == QuerySet.count(rows)
    assert djangos == {"0__c": 2, "1__c": 1}
    assert len([kept for kept in kept_counts._kept.values() if kept]) == 2  # facets, count


def test_a_plain_annotation_is_not_in_a_counts_key(terms):
    """The activities' participants by subquery (their admin's annotation): dropped by a
    count, which is kept; a count of the annotation itself is not."""
    participants = ActivityParticipation.objects.filter(activity=OuterRef("pk")).values("pk")[:1]
    annotated = with_kept_counts(Activity.objects.annotate(first=Subquery(participants)))
    for term in (*terms, terms[0]):
        assert annotated.filter(term=term).count() == Activity.objects.filter(term=term).count()
    assert [sql for sql in kept_counts._kept.values() if sql] != []
    kept_counts._kept.clear()
    assert annotated.aggregate(n=Count("first")) == {"n": 0}
    assert kept_counts._kept == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared on PostgreSQL only")
def test_a_count_by_a_value_is_sent_with_it_and_one_without_is_prepared(terms):
    for _ in range(2):  # written, then kept (a request's counts: each its own)
        counted = with_kept_counts(Activity.objects.all())
        with CaptureQueriesContext(connection) as queries:
            assert counted.filter(term=terms[1]).count() == 1
            assert counted.count() == 4
    by_value, whole = (query["sql"] for query in queries)
    assert by_value.startswith("SELECT COUNT(*)") and str(terms[1].pk) in by_value
    assert whole.startswith("EXECUTE ")


def _facets_page(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        written = page(client, FACETS)
    return written, len(queries)


def test_the_facets_page_is_djangos_and_reads_as_much_at_two_sizes(terms, monkeypatch):
    client = Client()
    sign_in_as(client, office_user())
    _facets_page(client)  # writes the statements
    ours, queries = _facets_page(client)
    assert "(3)" in ours  # a term's count beside its choice
    urls = (f"{FACETS}&kind__exact=research", f"{FACETS}&delegation__find=x")  # chosen, typed
    others = [page(client, url) for url in urls]
    with monkeypatch.context() as django:
        django.setattr(kept_counts.KeptAggregates, "aggregate", QuerySet.aggregate)
        django.setattr(OfficeChangeList, "_filters_nothing", lambda self, parameters: False)
        assert page(client, FACETS) == ours
        assert [page(client, url) for url in urls] == others
    for term in terms:
        ActivityFactory.create_batch(3, term=term, kind=Activity.Kind.TRAINING)
    more, more_queries = _facets_page(client)
    assert more != ours and more_queries == queries


def test_a_date_hierarchys_first_and_last_dates_are_kept(terms):
    Activity.objects.filter(term=terms[0], kind="research").update(date="2024-01-02")
    for term in (*terms, terms[0]):
        rows = Activity.objects.filter(term=term)
        djangos = QuerySet.aggregate(rows, first=Min("date"), last=Max("date"))
        assert with_kept_aggregates(rows).aggregate(first=Min("date"), last=Max("date")) == (
            djangos
        )
    assert djangos["first"] == datetime.date(2024, 1, 2) != djangos["last"]
    kept = 1 if connection.vendor == "postgresql" else 0  # SQLite's dates are converted text
    assert len([sql for sql in kept_counts._kept.values() if sql]) == kept
    # not a date of its own (a related row's), nor a sum: Django's
    rows = with_kept_aggregates(Activity.objects.filter(term=terms[0]))
    assert rows.aggregate(first=Min("term__start_date"), n=Sum("pk"))["first"] is not None
    assert len([sql for sql in kept_counts._kept.values() if sql]) == kept
