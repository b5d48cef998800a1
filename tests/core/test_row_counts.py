"""The counts kept by triggers (congress_office/row_counts.py, decision 263) are exact: after
inserts, deletes, bulk inserts, a rolled-back transaction, TRUNCATE, two writers at once and
folds, the kept count is what COUNT(*) says; the admin's unfiltered lists show the count Django
counted, and a filtered list still counts. PostgreSQL only, but for the SQLite fallback."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef
from django.test import Client
from django.test.utils import CaptureQueriesContext

from congress_office.models import RowCountDelta
from congress_office.row_counts import (
    FOLD_ABOVE,
    column_conditions,
    is_whole_table,
    row_count,
    row_count_fold,
    row_counted,
    rows_counted_again,
    value_key,
)
from delegates.admin.roster import ROSTER_COUNTED_BY
from delegates.models import Delegate
from proposals.admin import PROPOSAL_COUNTED_BY
from proposals.models import Assignment, HandlingUnit, Proposal
from tests.core.small_office import TODAY, office_built
from tests.sign_in import sign_in_as

COUNTED = (Proposal, Assignment, Delegate)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the counts are kept by PostgreSQL's triggers"
)


def counted(model, cursor=None) -> int:
    """COUNT(*) of the table, written out: not through the code under test."""
    if cursor is None:
        with connection.cursor() as own:
            return counted(model, own)
    cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")
    return cursor.fetchone()[0]


def assert_exact():
    for model in COUNTED:
        assert row_count(model) == counted(model), model


def deltas(model) -> int:
    return RowCountDelta.objects.filter(table_name=model._meta.db_table).count()


def co_handling():
    """An assignment to copy: a co-handling unit's (an item has one lead unit a round)."""
    return Assignment.objects.filter(role=Assignment.Role.CO).order_by("pk").first()


def drafts(n: int) -> list[int]:
    """Items that may be deleted: never routed (an assignment protects its item)."""
    routed = Exists(Assignment.objects.filter(proposal=OuterRef("pk")))
    merged = Exists(Proposal.objects.filter(merged_into=OuterRef("pk")))
    found = list(Proposal.objects.exclude(routed).exclude(merged).values_list("pk", flat=True))
    assert len(found) >= n
    return found[:n]


def copies(assignment, units):
    """Unsaved copies of an assignment, one for each unit (one open assignment per unit and
    round: new units keep them apart)."""
    made = []
    for unit in units:
        copy = Assignment.objects.get(pk=assignment.pk)
        copy.pk = None
        copy.unit = unit
        made.append(copy)
    return made


@pytest.fixture
def office(db):
    with office_built():
        yield


@on_postgresql
def test_inserts_deletes_and_bulk_inserts_are_counted(office):
    assert_exact()
    assert row_count(Proposal) > 0 and row_count(Assignment) > 0
    first = co_handling()
    units = HandlingUnit.objects.bulk_create(HandlingUnit(name=f"新单位{n}") for n in range(30))
    copies(first, units[:1])[0].save()  # one row
    assert_exact()
    Assignment.objects.bulk_create(copies(first, units[1:]), batch_size=7)  # five statements
    assert_exact()
    Assignment.objects.filter(unit__in=units[:10]).delete()
    assert_exact()
    Proposal.objects.filter(pk__in=drafts(3)).delete()  # and what goes with them
    assert_exact()
    # a statement that touches no row adds no delta
    before = deltas(Assignment)
    Assignment.objects.filter(pk=-1).delete()
    assert deltas(Assignment) == before
    assert_exact()


@on_postgresql
def test_a_rolled_back_transaction_counts_nothing(office):
    before = {model: row_count(model) for model in COUNTED}
    first = co_handling()
    unit = HandlingUnit.objects.create(name="回滚单位")
    with transaction.atomic():
        Assignment.objects.bulk_create(copies(first, [unit]))
        Proposal.objects.filter(pk__in=drafts(1)).delete()
        assert_exact()  # the transaction sees its own statements
        transaction.set_rollback(True)
    assert {model: row_count(model) for model in COUNTED} == before
    assert_exact()


@on_postgresql
def test_a_fold_keeps_the_count_and_leaves_one_row(office):
    first = co_handling()
    units = HandlingUnit.objects.bulk_create(HandlingUnit(name=f"折叠{n}") for n in range(20))
    for copy in copies(first, units):
        copy.save()
    assert deltas(Assignment) > 20
    row_count_fold(Assignment)
    assert deltas(Assignment) == 1
    assert_exact()
    # a read that finds more than FOLD_ABOVE deltas sums them, then folds them
    unit = units[0]
    for _ in range(FOLD_ABOVE // 2 + 1):
        Assignment.objects.filter(unit=unit).delete()
        copies(first, [unit])[0].save()
    assert deltas(Assignment) > FOLD_ABOVE
    total = counted(Assignment)
    assert row_count(Assignment) == total
    assert deltas(Assignment) == 1
    assert row_count(Assignment) == total


@on_postgresql
def test_truncate_and_counting_again(office):
    rows_counted_again(Proposal)
    assert deltas(Proposal) == 1
    assert_exact()
    with connection.cursor() as cursor:
        # everything that refers to the assignments goes with them
        cursor.execute("TRUNCATE proposals_assignment CASCADE")
    assert row_count(Assignment) == 0 == counted(Assignment)
    assert_exact()


class Writer:
    """A second connection to the test database, its own transactions (not Django's)."""

    def __init__(self):
        self.raw = connection.get_new_connection(connection.get_connection_params())
        self.raw.autocommit = False

    def execute(self, sql, params=()):
        with self.raw.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else None

    def commit(self):
        self.raw.commit()

    def rollback(self):
        self.raw.rollback()

    def close(self):
        self.raw.close()


def _copy_sql() -> str:
    columns = [f.column for f in Assignment._meta.concrete_fields if not f.primary_key]
    chosen = ", ".join("%s" if column == "unit_id" else column for column in columns)
    return (
        f"INSERT INTO proposals_assignment ({', '.join(columns)}) "
        f"SELECT {chosen} FROM proposals_assignment WHERE id = %s"
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_and_two_folds_at_once():
    call_command(
        "large_office", "--scale", "0.005", "--today", TODAY, "--allow-without-debug",
        stdout=io.StringIO(),
    )  # fmt: skip
    first = co_handling()
    units = HandlingUnit.objects.bulk_create(HandlingUnit(name=f"并发{n}") for n in range(8))
    one, two = Writer(), Writer()
    try:
        # both insert and delete inside open transactions, interleaved
        one.execute(_copy_sql(), [units[0].pk, first.pk])
        two.execute(_copy_sql(), [units[1].pk, first.pk])
        one.execute(_copy_sql(), [units[2].pk, first.pk])
        two.execute("DELETE FROM proposals_assignment WHERE unit_id = %s", [units[1].pk])
        two.execute(_copy_sql(), [units[3].pk, first.pk])
        assert_exact()  # neither is committed: this connection sees neither
        kept = one.execute("SELECT congress_office_row_count('proposals_assignment')")
        assert kept == one.execute("SELECT count(*) FROM proposals_assignment")  # its own rows
        one.commit()
        assert_exact()
        # a fold while the other writer's rows are uncommitted leaves them for later
        row_count_fold(Assignment)
        two.commit()
        assert_exact()
        # two folds at once: the first holds its rows until it commits, the second skips
        # them and never waits
        one.execute(_copy_sql(), [units[4].pk, first.pk])
        one.commit()
        one.execute("SELECT congress_office_row_count_fold('proposals_assignment')")
        two.execute(_copy_sql(), [units[5].pk, first.pk])
        two.commit()
        two.execute("SELECT congress_office_row_count_fold('proposals_assignment')")
        two.commit()
        one.commit()
        assert_exact()
        assert deltas(Assignment) == 2  # one fold's sum and the other's
        # and a writer that gives up counts nothing
        one.execute(_copy_sql(), [units[6].pk, first.pk])
        one.rollback()
        assert_exact()
    finally:
        one.close()
        two.close()


@on_postgresql
def test_the_admin_shows_the_count_django_counts(office):
    client = Client()
    sign_in_as(client, get_user_model().objects.get(username="office"))
    for url, model in (
        ("/admin/proposals/proposal/", Proposal),
        ("/admin/proposals/assignment/", Assignment),
        ("/admin/delegates/delegate/", Delegate),
    ):
        cl = client.get(url).context["cl"]
        assert cl.result_count == counted(model)
        # the count is the kept one, not a COUNT(*) of the list
        assert is_whole_table(cl.queryset)
    cl = client.get("/admin/delegates/delegate/").context["cl"]
    assert cl.full_result_count == counted(Delegate)
    # a filtered list counts its own rows, and the delegates' full count is the kept one
    term = Delegate.objects.order_by("pk")[0].term_id
    cl = client.get(f"/admin/delegates/delegate/?term__id__exact={term}").context["cl"]
    assert not is_whole_table(cl.queryset)
    assert cl.result_count == Delegate.objects.filter(term=term).count() < counted(Delegate)
    assert cl.full_result_count == counted(Delegate)
    cl = client.get("/admin/proposals/assignment/?role__exact=lead").context["cl"]
    assert cl.result_count == Assignment.objects.filter(role="lead").count()


def _kept_count_reads(queries) -> int:
    return sum("congress_office_row_count(" in query["sql"] for query in queries)


@on_postgresql
def test_a_list_reads_the_kept_count_once(office):
    """The page's count and Django's full count (where the list shows it) are the same whole
    table's: one read (decision 282); a filtered list reads it once too, for its full count."""
    client = Client()
    sign_in_as(client, get_user_model().objects.get(username="office"))
    for url in (
        "/admin/proposals/proposal/",
        "/admin/proposals/assignment/",
        "/admin/delegates/delegate/",
    ):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            cl = client.get(url).context["cl"]
        assert _kept_count_reads(queries) == 1, url
        assert cl.result_count == counted(cl.model)
        assert cl.full_result_count in (None, cl.result_count)  # None: not shown
    # filtered by its term, the roster reads the term's kept count too (decision 320)
    term = Delegate.objects.order_by("pk")[0].term_id
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/admin/delegates/delegate/?term__id__exact={term}")
    assert _kept_count_reads(queries) == 2


@on_postgresql
def test_a_kept_count_read_is_shared_by_copies_only(office):
    """Copies of one queryset share the count read; a queryset made again reads it again,
    and so sees the rows written since."""
    proposals = row_counted(Proposal.objects.all())
    before = proposals.count()
    with CaptureQueriesContext(connection) as queries:
        assert proposals.order_by("pk").count() == proposals.all().count() == before
    assert len(queries) == 0
    Proposal.objects.filter(pk__in=drafts(1)).delete()
    assert proposals.count() == before  # the page's number, read once
    assert row_counted(Proposal.objects.all()).count() == before - 1 == counted(Proposal)


def test_only_a_whole_table_reads_the_kept_count(db):
    proposals = row_counted(Proposal.objects.all())
    assert is_whole_table(proposals.order_by("-created_at").select_related("author"))
    for part in (
        proposals.filter(status="draft"),
        proposals.distinct(),
        proposals[:5],
        proposals.values("status").annotate(n=Count("pk")),
    ):
        assert not is_whole_table(part)


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's fallback")
def test_sqlite_counts_as_django_does(office):
    assert row_count(Proposal) is None
    assert row_counted(Proposal.objects.all()).count() == Proposal.objects.count() > 0


def counted_by(model, column: str) -> dict:
    """{value: rows} of the table, written out."""
    with connection.cursor() as cursor:
        table = model._meta.db_table
        cursor.execute(f"SELECT {column}, count(*) FROM {table} GROUP BY {column}")
        # an empty value (NULL) is a value of its own (decision 365)
        return {None if value is None else str(value): n for value, n in cursor.fetchall()}


def kept_by(model, column: str, values) -> dict:
    table = model._meta.db_table
    return {value: row_count(model, key=value_key(table, column, value)) for value in values}


def assert_exact_by_value():
    """Every value's kept count is COUNT(*)'s, and a value without rows has none or 0."""
    for model, columns in (
        (Delegate, ROSTER_COUNTED_BY),
        (Assignment, ("role",)),
        (Proposal, PROPOSAL_COUNTED_BY),
    ):
        for column in columns:
            expected = counted_by(model, column)
            choices = model._meta.get_field(column).choices or []  # the term: ids, no choices
            values = {str(value) for value, _label in choices} | set(expected) | {None}
            for value, kept in kept_by(model, column, values).items():
                assert (kept or 0) == expected.get(value, 0), (model, column, value)


@on_postgresql
def test_counts_by_value_follow_inserts_updates_deletes_and_truncate(office):
    """The counts by value (decision 320) after every kind of write: a delegate's status,
    gender and education changed one by one and in bulk, rows added and deleted, a rolled-back
    change, TRUNCATE, and counting again after a load that bypassed the triggers."""
    assert_exact_by_value()
    first = co_handling()
    units = HandlingUnit.objects.bulk_create(HandlingUnit(name=f"按值{n}") for n in range(6))
    Assignment.objects.bulk_create(copies(first, units[:4]))
    copies(first, units[4:5])[0].save()
    assert_exact_by_value()
    Assignment.objects.filter(unit__in=units[:2]).delete()
    assert_exact_by_value()
    delegate = Delegate.objects.order_by("pk").first()
    delegate.status = Delegate.Status.SUSPENDED
    delegate.gender = "female" if delegate.gender == "male" else "male"
    delegate.save()
    assert_exact_by_value()
    Delegate.objects.filter(pk__in=Delegate.objects.order_by("-pk").values("pk")[:5]).update(
        education=Delegate.Education.POSTGRADUATE, status=Delegate.Status.TERMINATED
    )
    assert_exact_by_value()
    # an item's status and kind as the workflow changes them (decision 353): one row saved,
    # then a bulk update of several
    item = Proposal.objects.exclude(status=Proposal.Status.CLOSED).order_by("pk").first()
    item.status = Proposal.Status.CLOSED
    item.kind = Proposal.Kind.SUGGESTION
    item.save()
    assert_exact_by_value()
    Proposal.objects.filter(pk__in=Proposal.objects.order_by("-pk").values("pk")[:3]).update(
        status=Proposal.Status.DRAFT
    )
    assert_exact_by_value()
    # the category and the session at filing emptied, set and added, empty, by a new item
    # and taken away with it (decision 365): an empty one is counted as a value
    filed = Proposal.objects.filter(session__isnull=False, category__isnull=False).first()
    item.category, item.session = None, None
    item.save()
    assert_exact_by_value()
    last = Proposal.objects.order_by("-pk").values("pk")[:3]
    Proposal.objects.filter(pk__in=last).update(category=None, session=filed.session)
    assert_exact_by_value()
    Proposal.objects.filter(pk__in=last).update(category=filed.category_id, session=None)
    assert_exact_by_value()
    added = Proposal.objects.get(pk=filed.pk)
    added.pk, added.number, added.session, added.category = None, "", None, None
    added.save()
    assert_exact_by_value()
    Proposal.objects.filter(pk=added.pk).delete()
    assert_exact_by_value()
    with transaction.atomic():
        Delegate.objects.update(occupation=Delegate.Occupation.FARMER)
        assert_exact_by_value()  # the transaction sees its own change
        transaction.set_rollback(True)
    assert_exact_by_value()
    # a load that bypassed the triggers, then counted again
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no trigger fires
        cursor.execute(
            "UPDATE delegates_delegate SET gender = 'female' WHERE id = %s", [delegate.pk]
        )
        cursor.execute("RESET session_replication_role")
    rows_counted_again(Delegate, by=ROSTER_COUNTED_BY)
    assert_exact()
    assert_exact_by_value()
    after = copies(first, units[5:])  # of an assignment TRUNCATE removes, its item kept
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the writes' checks done: none pending
        cursor.execute("TRUNCATE proposals_assignment CASCADE")
    assert kept_by(Assignment, "role", ["lead", "co"]) == {"lead": None, "co": None}
    assert_exact_by_value()
    Assignment.objects.bulk_create(after)
    assert kept_by(Assignment, "role", ["co"]) == {"co": 1} == counted_by(Assignment, "role")


@on_postgresql
def test_a_role_never_changes(office):
    """The assignments' role is counted without UPDATE triggers: a change of it is refused."""
    from django.db import InternalError

    assignment = co_handling()
    with pytest.raises(InternalError), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(role=Assignment.Role.LEAD)
    Assignment.objects.filter(pk=assignment.pk).update(role=Assignment.Role.CO, round=1)
    assignment.save()  # every column written again, the role unchanged
    assert_exact_by_value()


@on_postgresql
def test_a_list_filtered_by_a_kept_value_reads_its_count(office):
    client = Client()
    sign_in_as(client, get_user_model().objects.get(username="office"))
    gender = Delegate.objects.values_list("gender", flat=True).first()
    term = Proposal.objects.values_list("term_id", flat=True).first()
    filed = Proposal.objects.filter(session__isnull=False, category__isnull=False).first()
    category, session = filed.category_id, filed.session_id
    by_category, by_session = {"category": category}, {"session": session}
    assert Proposal.objects.filter(session=None).exists()
    assert Proposal.objects.filter(category=None).exists()
    for url, model, condition in (
        ("/admin/proposals/assignment/?role__exact=co", Assignment, {"role": "co"}),
        (f"/admin/delegates/delegate/?gender__exact={gender}", Delegate, {"gender": gender}),
        ("/admin/delegates/delegate/?status__exact=active", Delegate, {"status": "active"}),
        ("/admin/proposals/proposal/?status__exact=closed", Proposal, {"status": "closed"}),
        ("/admin/proposals/proposal/?kind__exact=proposal", Proposal, {"kind": "proposal"}),
        ("/admin/proposals/proposal/?source__exact=delegate", Proposal, {"source": "delegate"}),
        (f"/admin/proposals/proposal/?term__id__exact={term}", Proposal, {"term_id": term}),
        # the category and the session at filing, an empty one too (decision 365)
        (f"/admin/proposals/proposal/?category__id__exact={category}", Proposal, by_category),
        ("/admin/proposals/proposal/?category__isnull=True", Proposal, {"category": None}),
        (f"/admin/proposals/proposal/?session__id__exact={session}", Proposal, by_session),
        ("/admin/proposals/proposal/?session__isnull=True", Proposal, {"session": None}),
    ):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            cl = client.get(url).context["cl"]
        assert cl.result_count == model.objects.filter(**condition).count() > 0
        assert not any("COUNT(*)" in query["sql"].upper() for query in queries), url
    # a value no row has: 0 from its missing deltas, in as many queries
    url = "/admin/delegates/delegate/?occupation__exact=nobody"
    with CaptureQueriesContext(connection) as queries:
        cl = client.get(url).context["cl"]
    assert cl.result_count == 0
    assert not any("COUNT(*)" in query["sql"].upper() for query in queries)
    # two values at once: counted as Django does
    url = f"/admin/delegates/delegate/?gender__exact={gender}&status__exact=active"
    with CaptureQueriesContext(connection) as queries:
        cl = client.get(url).context["cl"]
    assert cl.result_count == Delegate.objects.filter(gender=gender, status="active").count()
    assert any("COUNT(*)" in query["sql"].upper() for query in queries)


def test_only_one_kept_value_reads_its_count(db):
    assignments = row_counted(Assignment.objects.all(), by=("role",))
    assert column_conditions(assignments.filter(role="lead")) == [("role", "lead")]
    assert column_conditions(assignments.filter(unit=7)) == [("unit_id", 7)]
    assert column_conditions(assignments) == []
    # `IS NULL` only when asked (the counts' read; decision 365)
    items = Proposal.objects.all()
    assert column_conditions(items.filter(session=None), nulls=True) == [("session_id", None)]
    assert column_conditions(items.filter(session=None)) is None
    assert column_conditions(items.filter(session__isnull=False), nulls=True) is None
    for other in (
        assignments.exclude(role="lead"),
        assignments.filter(role__in=["lead"]),
        assignments.filter(proposal__status="draft"),
        assignments.filter(role="lead").distinct(),
    ):
        assert column_conditions(other) is None


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's fallback")
def test_sqlite_counts_each_value_as_django_does(office):
    assignments = row_counted(Assignment.objects.all(), by=("role",))
    assert assignments.filter(role="co").count() == Assignment.objects.filter(role="co").count()
