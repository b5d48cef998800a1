"""The deletion page's collector reads the rows below each relation by a statement written once
per process (decision 344): the same statements, to the character and value, and the same
rows, as the ORM's queries it stands for."""

import uuid

import pytest
from django.contrib.admin import site
from django.db import connection, router
from django.test.utils import CaptureQueriesContext

from congress_office import deletion_preview, keyed_reads
from sessions.models import Attendance, Sitting
from tests.core.small_office import office_built
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.kit import S, attendance_taken, session_in

pytestmark = pytest.mark.django_db


def _statements(read) -> tuple[list, list]:
    with CaptureQueriesContext(connection) as queries:
        rows = read()
    return rows, [query["sql"] for query in queries]


@pytest.mark.parametrize("keys", [[1], [3, 1, 2], [2, 2, 5, 2]])
@pytest.mark.parametrize("only", [None, ("id", "sitting_id")])
def test_the_rows_and_statement_are_the_orms(term, keys, only):
    session = session_in(S.IN_PROGRESS, term=term)
    sittings = [
        session.sittings.create(date=session.start_date, part=part)
        for part in ("morning", "afternoon")
    ]
    unit = ElectoralUnitFactory(term=term, seats=6)
    for sitting in sittings:
        attendance_taken(sitting, [enter(term, unit) for _ in range(3)])
    keys = [sittings[(key - 1) % 2].pk if key < 3 else key + 10_000 for key in keys]

    def build(keys):
        rows = Attendance._base_manager.filter(sitting__in=keys).order_by()
        return rows if only is None else rows.only(*only)

    for _ in range(2):  # written, then kept
        ours, our_sql = _statements(
            lambda: keyed_reads.instances_in(f"test:{only}", build, keys, connection.alias)
        )
        orms, orm_sql = _statements(lambda: list(build(keys)))
        assert our_sql == orm_sql
        assert [_loaded(row) for row in ours] == [_loaded(row) for row in orms]
        assert len(ours) == 3 * len(set(keys) & {s.pk for s in sittings})


def _loaded(row) -> tuple:
    """A row's class (which fields it defers), values loaded and state."""
    values = {name: value for name, value in vars(row).items() if name != "_state"}
    return type(row), values, row._state.db, row._state.adding


def test_one_list_in_two_places_and_a_key_not_in_a_list(term):
    """A list in two places is widened in both; a key used otherwise than in an `IN` list
    (here, compared alone) keeps the query from being kept: the ORM writes it each time."""
    session = session_in(S.IN_PROGRESS, term=term)
    sittings = [
        session.sittings.create(date=session.start_date, part=part)
        for part in ("morning", "afternoon")
    ]
    both = [sittings[0].pk, sittings[1].pk, session.pk]

    def twice(keys):
        return Sitting._base_manager.filter(pk__in=keys, session__in=keys).order_by("pk")

    def alone(keys):
        return Sitting._base_manager.filter(pk__in=keys, session=keys[0]).order_by("pk")

    for build in (twice, alone):
        for _ in range(2):
            ours, our_sql = _statements(
                lambda b=build: keyed_reads.instances_in(b.__name__, b, both, connection.alias)
            )
            orms, orm_sql = _statements(lambda b=build: list(b(both)))
            assert (ours, our_sql) == (orms, orm_sql)
    kept = {key: kept for (key, _zone), kept in keyed_reads._kept_statements.items()}
    assert len(kept["twice"][0].places) == 2
    assert kept["alone"] is None


def _collected(objs, keyed: bool, monkeypatch) -> tuple:
    """The collector's rows, protecting rows and statements, reading the rows it loads by
    `_KeyedRows` or by Django's querysets."""
    with monkeypatch.context() as patch:
        if not keyed:
            patch.setattr(deletion_preview._KeyedRows, "reads", lambda *args: False)
        counter = deletion_preview._Counter(using=router.db_for_write(type(objs[0])), origin=objs)
        with CaptureQueriesContext(connection) as queries:
            counter.collect(objs)
            counts = counter.counts(counter.queries())
    rows = {
        model: sorted((obj.pk, type(obj).__name__, obj.get_deferred_fields()) for obj in loaded)
        for model, loaded in counter.data.items()
    }
    protected = sorted((type(obj).__name__, obj.pk) for obj in counter.protected)
    return rows, protected, counts, [q["sql"] for q in queries]


def _merged(djangos: list, ours: list) -> list:
    """Django's statements with those ours reads together (decision 414: each a branch of a
    `UNION ALL`, its rows' keys numbered) replaced by that statement, where the first of
    them was."""
    unions = [sql for sql in ours if " UNION ALL " in sql]
    merged = []
    for sql in djangos:
        head, _from, rest = sql.partition(" FROM ")
        branch = f', {head.removeprefix("SELECT ")} AS "id" FROM {rest}'
        ends = [f"{branch}{end}" for end in (")", " UNION ALL ")]
        union = next(
            (u for u in unions if any(end in u for end in ends) or u.endswith(branch)), None
        )
        if union is None:
            merged.append(sql)
        elif union not in merged:
            merged.append(union)
    return merged


def test_the_collector_reads_and_counts_as_with_djangos_querysets(db, monkeypatch):
    """The first and last rows of every model of the large office: the same rows (their
    classes: the same fields deferred), the same protection and counts, the same statements
    in the same order but for the relations' keys read together (decision 414)."""
    read = []

    def counted(key, build, keys, using):
        read.append(key)
        return keyed_reads.instances_in(key, build, keys, using)

    monkeypatch.setattr(deletion_preview, "instances_in", counted)
    with office_built():
        compared = together = 0
        for model in site._registry:
            rows = model._default_manager.order_by("pk")
            for obj in {rows.first(), rows.last()} - {None}:
                djangos = _collected([obj], False, monkeypatch)
                ours = _collected([obj], True, monkeypatch)
                assert ours[:3] == djangos[:3], (model, obj.pk)
                assert _merged(djangos[3], ours[3]) == ours[3], (model, obj.pk)
                compared += 1
                together += any(" UNION ALL " in sql for sql in ours[3])
    assert compared > 30
    assert together  # a session's relations: read together
    assert len(set(read)) > 5  # relations read by kept statements, with and without `only`
    kept = keyed_reads._kept_statements.items()
    assert any(key.startswith("deletion counts:") and it for (key, _zone), it in kept)


def test_keys_not_whole_numbers_are_written_by_the_orm(db):
    """A receipt's key is a UUID, which the stand-ins are not: its rows are read by the
    ORM's statement, written each time (a delegate's deletion page read them so)."""
    from sessions.models import ElectionReceipt

    keys = [uuid.uuid4(), uuid.uuid4()]

    def build(keys):
        return ElectionReceipt._base_manager.filter(pk__in=keys).order_by("pk")

    ours, our_sql = _statements(
        lambda: keyed_reads.instances_in("test:uuid", build, keys, connection.alias)
    )
    assert ours == [] and our_sql == _statements(lambda: list(build(keys)))[1]
    assert not any(key == "test:uuid" for key, _zone in keyed_reads._kept_statements)


def test_the_instances_are_made_by_the_orm_when_it_does_more(term, monkeypatch):
    """The rows are made without `Model.__init__` (decision 402) only as `from_db` would make
    them: with a receiver of `post_init`, or a model's own `__init__`, they are the ORM's,
    which sends the signal and runs the model's code."""
    from django.db.models import Model
    from django.db.models.signals import post_init

    from congress_office.page_instances import _plain

    session = session_in(S.IN_PROGRESS, term=term)
    sitting = session.sittings.create(date=session.start_date, part="morning")

    def build(keys):
        return Sitting._base_manager.filter(pk__in=keys).order_by("pk")

    def read():
        return keyed_reads.instances_in("test:made", build, [sitting.pk], connection.alias)

    made = []

    def receiver(sender, instance, **kwargs):
        made.append(instance)

    assert _plain(Sitting)
    read()
    assert made == []  # no receiver yet: nothing sent
    post_init.connect(receiver, sender=Sitting)
    try:
        rows = read()
    finally:
        post_init.disconnect(receiver, sender=Sitting)
    assert made == rows and [row.pk for row in rows] == [sitting.pk]

    def own_init(self, *args, **kwargs):
        Model.__init__(self, *args, **kwargs)
        self.noted = True

    monkeypatch.setattr(Sitting, "__init__", own_init)
    assert not _plain(Sitting)
    assert [row.noted for row in read()] == [True]
