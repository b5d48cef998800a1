"""Change lists whose pages and counts are read by statements written once (congress_office/
kept_pages.py, kept_counts.py; decisions 388 and 390) read what Django reads: every page of
the votes', agenda items' and assignments' lists (plain, searched, filtered by each sampled
choice, sorted by each column, a later page) holds the instances the ORM makes of its query
(the same rows, values, deferred columns and related rows) and counts what Django counts,
the statement written once and run again with other values; a query the key does not know is
read and counted as Django does."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, F, Model, QuerySet
from django.db.models.query import ModelIterable
from django.db.models.signals import post_init
from django.template import Context, Template
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from congress_office import kept_counts, kept_pages
from congress_office.kept_counts import with_kept_counts
from congress_office.kept_lists import KeptLists
from congress_office.kept_pages import kept_page, query_shape, written_conditions
from congress_office.row_counts import row_counted
from congress_office.search_count import SEARCH_COUNT_CAP
from devdata.pages import admin_pages, is_page
from proposals.models import Assignment
from sessions.models import Session, Vote
from tests.core.factories import office_user
from tests.core.small_office import office_built
from tests.sessions.factories import SessionFactory, SittingFactory
from tests.sign_in import sign_in_as

DJANGOS = Template("{% load admin_list %}{% result_list cl %}")


def _kept_admins() -> list:
    return [ma for ma in admin.site._registry.values() if isinstance(ma, KeptLists)]


def _fields(row: Model | None) -> dict | None:
    if row is None:  # a nullable related row not set (an item without a lead unit)
        return None
    loaded = row.get_deferred_fields()
    return {
        field.attname: getattr(row, field.attname)
        for field in row._meta.concrete_fields
        if field.attname not in loaded
    } | {"deferred": loaded, "adding": row._state.adding, "db": row._state.db}


def _read(rows: list, related: list[str]) -> list:
    return [(_fields(row), {name: _fields(getattr(row, name)) for name in related}) for row in rows]


def _urls(office) -> dict:
    """{name: url} of the kept lists: as bench_pages finds them, sorted by each column, a
    later page."""
    kept = {f"/admin/{ma.opts.app_label}/{ma.opts.model_name}/": ma for ma in _kept_admins()}
    urls = {}
    for name, url in admin_pages(office).items():
        base = url.split("?")[0]
        if " list" in name and base in kept:
            urls[name] = url
            if "?" not in url:
                for index in range(len(kept[base].list_display)):
                    urls[f"{name} by column {index}"] = f"{url}?{ORDER_VAR}=-{index}"
                urls[f"{name} page 2"] = f"{url}?{PAGE_VAR}=2"
    return urls


def _compared() -> dict:
    """{list: (its page's rows as read, as the ORM reads its query; its counts, Django's;
    its queries' texts when asked again)}."""
    compared = {}
    with office_built("0.02"):
        office = get_user_model().objects.get(username="office")
        client = Client()
        sign_in_as(client, office)
        for name, url in _urls(office).items():
            response = client.get(url)  # the first of its shape writes its statements
            if not is_page(response):
                continue
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            cl = response.context["cl"]
            related = list(cl.result_list.query.select_related or ())
            afresh = cl.result_list._chain()  # its query read afresh by the ORM
            afresh._iterable_class = ModelIterable
            djangos = list(afresh)
            compared[name] = (
                _read(cl.result_list, related),
                _read(djangos, related),
                (cl.result_count, cl.full_result_count),
                (QuerySet.count(cl.queryset._chain()), QuerySet.count(cl.root_queryset._chain())),
                [query["sql"] for query in queries],
            )
    return compared


@pytest.fixture(scope="module")
def lists(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return _compared()


@pytest.mark.django_db
def test_the_kept_lists_pages_hold_the_orms_instances_and_counts(lists):
    names = " ".join(lists)
    for model in ("vote", "agendaitem", "assignment"):
        assert f".{model} list" in names
    assert len(lists) > 40
    for name, (ours, djangos, counts, djangos_counts, _queries) in lists.items():
        assert ours == djangos, name
        # a search counts up to its cap (search_count.py)
        cap = SEARCH_COUNT_CAP if "search" in name else djangos_counts[0]
        assert counts[0] == min(djangos_counts[0], cap), name
        assert counts[1] in (None, djangos_counts[1]), name


@pytest.mark.django_db
def test_the_pages_statements_are_written_once(lists, monkeypatch):
    """After the first page of a shape, the others run its statements: no page of the votes'
    list asked again has the ORM write its page's statement, nor count votes by one it wrote
    (the page and a count by a value are sent with their values: decisions 364, 419)."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    votes = {name: q for name, (*_, q) in lists.items() if ".vote list" in name}
    assert len(votes) > 10
    for name, queries in votes.items():
        assert not any(
            'FROM "congress_sessions_vote"' in sql and not sql.startswith("SELECT")
            for sql in queries
        ), name
    written = []
    monkeypatch.setattr(kept_pages, "statement_of", lambda rows: written.append(rows))
    monkeypatch.setattr(
        kept_counts.KeptCounts, "_counted_first", lambda *asked: written.append(asked)
    )
    with office_built("0.02"):
        client = Client()
        sign_in_as(client, get_user_model().objects.get(username="office"))
        for url in ("/admin/congress_sessions/vote/", "/admin/congress_sessions/vote/?p=2"):
            client.get(url)
            client.get(url)
    assert written == []  # every page's statement was kept from the fixture's first pages


@pytest.fixture
def votes(db):
    """Votes of two sessions."""
    sessions = [SessionFactory(), SessionFactory()]
    sittings = {session: SittingFactory(session=session) for session in sessions}
    for number, session in enumerate(sessions * 3):
        Vote.objects.create(
            session=session,
            sitting=sittings[session],
            matter="resolution",
            subject=f"关于第{number}项",
            round=1,
            entitled=100,
            present=90,
            votes_for=80 - number,
            votes_against=number,
            abstentions=10,
            quorum_met=True,
            passed=number % 2 == 0,
            rule={},
        )
    return sessions


def test_the_same_shape_with_other_values_reads_other_rows(votes):
    """A statement kept for one session's page is run for the other's: its own rows."""
    for session in votes * 2:
        page = Vote.objects.select_related("session").filter(session=session).order_by("pk")
        page = page.only("subject", "session__name")[:2]
        ours = kept_page(page._chain())
        assert ours._result_cache is None  # read when it is read (decision 364)
        ours = kept_pages._read(ours)
        assert ours is not None  # by the kept statement
        djangos = list(page)
        assert _read(ours, ["session"]) == _read(djangos, ["session"])
        assert {vote.session_id for vote in ours} == {session.pk}


def test_with_a_receiver_of_post_init_the_page_is_made_by_the_orm(votes):
    made = []

    def receiver(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(receiver, sender=Vote)
    try:
        page = kept_page(Vote.objects.filter(session=votes[0]).order_by("pk")[:3])
        assert len(page) == 3
    finally:
        post_init.disconnect(receiver, sender=Vote)
    assert made == list(page)


def test_a_query_the_key_does_not_know_is_read_as_djangos(votes):
    plain = Vote.objects.filter(session=votes[0])
    assert query_shape(plain.query) is not None
    for unknown in (
        plain.annotate(n=Count("state_changes")),
        plain.distinct(),
        plain.extra(select={"one": "1"}),
        plain.order_by(F("subject").desc()),
        plain.select_for_update(),
        plain.values("subject"),
    ):
        assert query_shape(unknown.query) is None or unknown._iterable_class is not (
            plain._iterable_class
        )
        page = kept_page(unknown[:2])
        assert kept_pages._read(page) is None  # left to Django's own read
    odd = plain.all()
    odd.query.something_new = 1  # an attribute this has not met
    assert query_shape(odd.query) is None
    assert written_conditions(Vote.objects.filter(pk__in=[])) is None


def test_a_statement_whose_parameters_are_not_its_conditions_is_not_kept(votes, monkeypatch):
    """Kept only when the conditions' values are the statement's parameters in their order."""
    page = Vote.objects.filter(session=votes[0]).order_by("pk")[:2]
    monkeypatch.setattr(kept_pages, "_kept", {})
    monkeypatch.setattr(
        kept_pages, "written_conditions", lambda rows: ('"congress_sessions_vote"."x"', [])
    )
    assert kept_pages._read(kept_page(page._chain())) is None
    assert list(kept_pages._kept.values()) == [None]
    assert [vote.pk for vote in kept_page(page._chain())] == [vote.pk for vote in page]


FACETS = ("aggregate", "grouped")  # kept_counts' keys of other statements than counts


def test_the_kept_counts_count_what_django_counts(votes, django_assert_num_queries):
    first, second = votes
    for session in (first, second, first):
        rows = with_kept_counts(Vote.objects.all()).filter(session=session)
        assert rows.count() == QuerySet.count(Vote.objects.filter(session=session)) == 3
    searched = with_kept_counts(Vote.objects.all()).filter(subject__contains="第1")
    assert searched.order_by()[:5].count() == 1
    # the list's count and its "N total", the same count asked twice: one query
    root = with_kept_counts(Vote.objects.all())
    with django_assert_num_queries(1):
        assert root.order_by("subject").count() == root.count() == 6
    # the counts kept, not the facets' aggregates or a filter's grouped counts (418, 449)
    counts = [sql for key, sql in kept_counts._kept.items() if key[0] not in FACETS]
    assert counts and all(sql is None or "COUNT(*)" in sql for sql in counts)


def test_a_kept_count_of_a_table_counted_by_triggers_reads_the_kept_count(db):
    """The assignments' whole table is counted by its kept count (decision 263), not by the
    kept statement: the queryset's own count comes first."""
    counted = row_counted(Assignment.objects.all())
    rows = with_kept_counts(counted)
    order = type(rows).__mro__
    assert order.index(type(counted)) < order.index(kept_counts.KeptCounts)
    with CaptureQueriesContext(connection) as queries:
        assert rows.count() == 0
    if connection.vendor == "postgresql":
        assert "congress_office_row_count" in queries[0]["sql"]


def test_the_votes_list_reads_its_sessions_once(votes):
    client = Client()
    sign_in_as(client, office_user())
    response = client.get("/admin/congress_sessions/vote/")
    rows = response.context["cl"].result_list
    assert len(rows) == 6
    # the page's rows share one instance of each session (they are only shown)
    assert len({id(vote.session) for vote in rows}) == len({vote.session_id for vote in rows})
    assert {type(vote.session) for vote in rows} == {Session}


@pytest.mark.parametrize("grouped", [False, True])
def test_an_integers_cell_is_djangos_whether_numbers_are_grouped_or_not(votes, grouped):
    """An integer's cell is its digits when numbers are not grouped (decision 389), and
    Django's grouping when the settings group them: the rows as Django's `result_list`."""
    Vote.objects.filter(pk=Vote.objects.order_by("pk")[0].pk).update(entitled=12345)
    client = Client()
    sign_in_as(client, office_user())
    with override_settings(USE_THOUSAND_SEPARATOR=grouped):
        response = client.get("/admin/congress_sessions/vote/")
        cl = response.context["cl"]
        djangos = DJANGOS.render(Context({"cl": cl, "opts": cl.opts}))
    page = response.content.decode()
    assert djangos in page
    assert ('<td class="field-entitled">12345</td>' in page) is not grouped
