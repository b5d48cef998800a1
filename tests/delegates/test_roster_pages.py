"""The roster's change list read term by term (delegates/roster_list.py, decision 264): every
page holds the delegates Django's own slice of the list holds, in the same order, also when two
terms start on the same day (their delegates mix by name), and the page costs the same queries
at two sizes of the office."""

import pytest
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext

from delegates.admin.roster import DelegateAdmin
from delegates.models import Delegate, Delegation, ElectoralUnit, Term
from delegates.roster_list import RosterPaginator, roster_page
from tests.core.small_office import office_built
from tests.sign_in import sign_in_as

# As the admin's change list orders the roster (the model's order, then "-pk").
LIST_ORDER = ("term", "name", "pk", "-pk")


def pages_both_ways(per_page: int, rows=None, reads=()):
    if rows is None:
        rows = Delegate.objects.select_related("term").order_by(*LIST_ORDER)
    django, ours = Paginator(rows, per_page), RosterPaginator(rows, per_page)
    ours.reads = reads
    assert ours.count == django.count
    for number in django.page_range:
        yield list(django.page(number).object_list), list(ours.page(number).object_list)


def read_term_by_term(per_page: int, rows=None) -> bool:
    rows = (Delegate.objects.order_by(*LIST_ORDER) if rows is None else rows)[:per_page]
    with CaptureQueriesContext(connection) as queries:
        page = list(roster_page(rows))
    read = queries.captured_queries[-1]["sql"]
    if read.startswith("EXECUTE plain_"):  # the page's statement written once (decision 356)
        assert [row.pk for row in page] == [row.pk for row in roster_page(rows)._chain()]
        read = str(roster_page(rows).query)
    return "LATERAL" in read


@pytest.mark.django_db
def test_every_page_as_django_reads_it():
    with office_built("0.02"):  # 100 delegates in five terms
        for per_page in (7, 20, 50):
            for django, ours in pages_both_ways(per_page):
                assert [d.pk for d in ours] == [d.pk for d in django]
        assert read_term_by_term(7) == (connection.vendor == "postgresql")
        # two terms that start on the same day: Django mixes their delegates by name
        first, second = Term.objects.order_by("-start_date")[:2]
        Term.objects.filter(pk=first.pk).update(start_date=second.start_date)
        mixed = False
        for django, ours in pages_both_ways(7):
            assert [d.pk for d in ours] == [d.pk for d in django]
            mixed |= len({d.term_id for d in django}) > 1
        assert mixed


@pytest.mark.django_db
def test_the_roster_by_status_or_sorted_by_term_as_django_reads_it():
    """Filtered by status alone, or sorted by its term column (`?o=8`: the term's order, then
    the newest first), the list is read term by term too (decision 309): the same pages."""
    with office_built("0.02"):
        Delegate.objects.filter(pk__in=Delegate.objects.order_by("?").values("pk")[:30]).update(
            status=Delegate.Status.TERMINATED
        )
        by_term = Delegate.objects.select_related("term").order_by("term", "-pk")
        lists = [by_term] + [
            Delegate.objects.filter(status=status).order_by(*LIST_ORDER)
            for status in (Delegate.Status.ACTIVE, Delegate.Status.TERMINATED, "nobody")
        ]
        lists.append(by_term.filter(status=Delegate.Status.TERMINATED))
        for rows in lists:
            for per_page in (7, 50):
                for django, ours in pages_both_ways(per_page, rows):
                    assert [d.pk for d in ours] == [d.pk for d in django]
            assert read_term_by_term(7, rows) == (connection.vendor == "postgresql")


@pytest.mark.django_db
def test_filtered_by_personal_fields_or_sorted_by_term_and_a_column_as_django_reads_it():
    """Filtered by the delegate's own fields (a personal field, several at once) or its term,
    or sorted by the term and then another column of the delegate's (`?o=8.-1`, `?o=-8`,
    `?o=8.3`), the list is read term by term too (decision 320): the same pages and order."""
    with office_built("0.02"):
        first, second = Term.objects.order_by("-start_date")[:2]
        # two terms that start on the same day mix their delegates in every order
        Term.objects.filter(pk=first.pk).update(start_date=second.start_date)
        rows = Delegate.objects.select_related("term")
        gender = Delegate.objects.values_list("gender", flat=True).first()
        education = Delegate.objects.values_list("education", flat=True).last()
        lists = [
            rows.filter(gender=gender).order_by(*LIST_ORDER),
            rows.filter(gender=gender, education=education).order_by(*LIST_ORDER),
            rows.filter(occupation="nobody's").order_by(*LIST_ORDER),
            rows.order_by("term", "-name", "-pk"),
            rows.order_by("-term", "-pk"),
            rows.order_by("term", "gender", "-pk"),
            rows.filter(education=education).order_by("-term", "name", "-pk"),
            rows.filter(term=second).order_by(*LIST_ORDER),  # its term: the others read none
            rows.filter(term=first, gender=gender).order_by("term", "-name", "-pk"),
        ]
        for listed in lists:
            for per_page in (7, 50):
                for django, ours in pages_both_ways(per_page, listed):
                    assert [d.pk for d in ours] == [d.pk for d in django]
            assert read_term_by_term(7, listed) == (connection.vendor == "postgresql")


@pytest.mark.django_db
def test_the_roster_by_a_delegation_or_a_unit_as_django_reads_it():
    """Filtered by a related row (a delegation, an electoral unit), Django's own page is read
    by its statement written once (decision 356): the same rows for each row and page, with
    the list's columns or all of them."""
    with office_built("0.02"):
        rows = Delegate.objects.select_related("term", "delegation", "electoral_unit")
        rows = rows.order_by(*LIST_ORDER)
        delegations = Delegation.objects.order_by("pk")[:3]
        units = ElectoralUnit.objects.order_by("pk")[:2]
        lists = [rows.filter(delegation=delegation) for delegation in delegations]
        lists += [rows.filter(electoral_unit=unit) for unit in units]
        lists.append(rows.filter(delegation=delegations[0], status=Delegate.Status.ACTIVE))
        for listed in lists:
            for per_page in (3, 50):
                for reads in ((), DelegateAdmin.list_reads):
                    for django, ours in pages_both_ways(per_page, listed, reads):
                        assert [d.pk for d in ours] == [d.pk for d in django]
                        assert [d.name for d in ours] == [d.name for d in django]
                        assert [str(d.term) for d in ours] == [str(d.term) for d in django]


@pytest.mark.django_db
def test_a_filtered_or_reordered_list_is_read_as_django_reads_it():
    with office_built():
        rows = Delegate.objects.order_by(*LIST_ORDER)
        for other in (
            Delegate.objects.order_by("-name", "pk")[:10],
            Delegate.objects.order_by("term", "delegation", "-pk")[:10],  # a related column
            Delegate.objects.order_by("term", "name")[:10],  # not down to the id
        ):
            assert roster_page(other) is other
        # Otherwise filtered or searched, in the list's order: Django's rows, the page's ids
        # read first on PostgreSQL (decision 479), with the related rows the list shows.
        shown = rows.select_related("term", "delegation", "electoral_unit")
        for other in (
            shown.filter(delegation__isnull=False),
            shown.filter(name__contains="张"),
            shown.filter(status="active", name__contains="张"),
            shown.exclude(status="active"),
        ):
            for per_page in (3, 10):
                for django, ours in pages_both_ways(per_page, other, DelegateAdmin.list_reads):
                    assert [_shown(d) for d in ours] == [_shown(d) for d in django]
            sliced = other[:10]
            assert (roster_page(sliced) is sliced) == (connection.vendor != "postgresql")


def _shown(delegate) -> tuple:
    delegation = delegate.delegation.name if delegate.delegation_id else None
    return (
        delegate.pk,
        delegate.name,
        delegate.term.name,
        delegate.electoral_unit.name,
        delegation,
    )


def _roster_page_queries(url: str) -> int:
    client = Client()
    sign_in_as(client, get_user_model().objects.get(username="office"))
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_roster_in_the_same_queries_at_two_sizes():
    counted = {}
    for scale in ("0.005", "0.02"):  # 25 and 100 delegates
        with office_built(scale):
            counted[scale] = {
                "first page": _roster_page_queries("/admin/delegates/delegate/"),
                "by term": _roster_page_queries(
                    f"/admin/delegates/delegate/?term__id__exact={Term.objects.first().pk}"
                ),
                "by status": _roster_page_queries(
                    "/admin/delegates/delegate/?status__exact=active"
                ),
                "sorted by term": _roster_page_queries("/admin/delegates/delegate/?o=8"),
                "by gender": _roster_page_queries("/admin/delegates/delegate/?gender__exact=male"),
                # each read from its own index, term by term (decision 477)
                "by a rare status": _roster_page_queries(
                    "/admin/delegates/delegate/?status__exact=terminated"
                ),
                "by education": _roster_page_queries(
                    "/admin/delegates/delegate/?education__exact=postgraduate"
                ),
                "by occupation": _roster_page_queries(
                    "/admin/delegates/delegate/?occupation__exact=frontline_worker"
                ),
                "by term and name": _roster_page_queries("/admin/delegates/delegate/?o=8.-1"),
                "by name and term": _roster_page_queries("/admin/delegates/delegate/?o=-1.8"),
                "searched": _roster_page_queries("/admin/delegates/delegate/?q=%E5%BC%A0"),
            }
    assert counted["0.005"] == counted["0.02"]
    assert counted["0.005"]["first page"] <= 13
    # Sorted by term, the list reads as the first page does; by status, it also counts the
    # delegates of that status (decision 309), where the whole roster's count is kept
    # (PostgreSQL: on SQLite both pages count twice, as Django does).
    first = counted["0.005"]["first page"]
    assert counted["0.005"]["sorted by term"] == first
    assert counted["0.005"]["by status"] == first + (connection.vendor == "postgresql")
    # Filtered by a personal field, its count is kept as the status's (decision 320); sorted
    # by term and name, or name and term, as the first page; searched, it counts its rows.
    assert counted["0.005"]["by gender"] == counted["0.005"]["by status"]
    for filtered in ("by a rare status", "by education", "by occupation"):
        assert counted["0.005"][filtered] == counted["0.005"]["by status"]
    assert counted["0.005"]["by term and name"] == counted["0.005"]["by name and term"] == first
    assert counted["0.005"]["searched"] == counted["0.005"]["by status"]


def test_the_list_orders_as_the_model_does():
    # The term by term read assumes this order: the term's own (newest start first), then name.
    assert Delegate._meta.ordering == ["term", "name", "pk"]
    assert Term._meta.ordering == ["-start_date"]


def _values(obj) -> dict:
    return {name: value for name, value in obj.__dict__.items() if name != "_state"}


@pytest.mark.django_db
def test_the_page_made_as_the_orm_makes_it():
    """The page's instances made without `__init__` (delegates/page_instances.py, decision
    356) hold what the ORM's hold: the values read, the same deferred fields, their related
    rows; with a receiver of `post_init` they are made by the ORM, which sends it."""
    if connection.vendor != "postgresql":
        pytest.skip("on SQLite the page is read as Django reads it")
    with office_built("0.02"):
        rows = Delegate.objects.select_related("term", "delegation", "electoral_unit")
        rows = rows.order_by(*LIST_ORDER)[:20]
        reads = DelegateAdmin.list_reads
        ours, django = list(roster_page(rows, reads)), list(rows.only(*reads))
        assert len(ours) == 20
        for mine, theirs in zip(ours, django, strict=True):
            assert _values(mine) == _values(theirs)
            assert mine.get_deferred_fields() == theirs.get_deferred_fields()
            assert (mine._state.adding, mine._state.db) == (False, theirs._state.db)
            for name in ("term", "delegation", "electoral_unit"):
                assert _values(getattr(mine, name)) == _values(getattr(theirs, name))
                assert getattr(mine, name)._state.adding is False
        made = []

        def receiver(sender, instance, **kwargs):
            made.append(instance)

        post_init.connect(receiver, sender=Delegate)
        try:
            assert [d.pk for d in roster_page(rows, reads)] == [d.pk for d in django]
        finally:
            post_init.disconnect(receiver, sender=Delegate)
        assert len(made) == 20


def test_a_model_with_its_own_from_db_is_made_the_orms_way(monkeypatch):
    """A model that overrides `from_db` (to note what it loaded, say) is not made without it
    (delegates/page_instances.py): the shortcut stands only for Django's own."""
    from delegates.page_instances import _plain

    assert _plain(Delegate)

    def noting(cls, db, field_names, values):
        return super(Delegate, cls).from_db(db, field_names, values)

    monkeypatch.setattr(Delegate, "from_db", classmethod(noting))
    assert not _plain(Delegate)
