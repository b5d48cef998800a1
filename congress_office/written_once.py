"""Model instances of an ORM query written once per process: the query is built for two
stand-in ids (`congress_office.stand_ins`, decision 184), its SQL kept when the two writings
differ in the stand-in's places alone, and run prepared with the real id in them
(`plain_sql.execute`); the rows become instances by the ORM's own compiler and populators, as
`QuerySet.__iter__` makes them (decision 303). On the item pages the ORM's writing of a small
read cost several times the database's answering it (docs/performance.md). The one way of
reading rows written once: the own pages' reads, and the change pages' objects and inline rows
(`plain_admin_reads`, decision 324).

The query must depend on the id alone (and on nothing a request changes, such as the clock:
a statement whose two writings differ elsewhere is written for the real id on every call),
read model instances (no `values()`, no `prefetch_related`), and be read whole. Relations a
related manager would set on each row (`proposal.cosignatures` sets `proposal`) are the
caller's to set."""

from collections.abc import Callable
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.db.models.query import ModelIterable, get_related_populators
from django.utils import timezone

from .plain_sql import execute
from .stand_ins import stand_in_places, with_id

STAND_INS = (-730_201, -730_202)  # ids no row has


class _Written(NamedTuple):
    sql: str
    params: list
    places: list[int]
    compiler: object  # the SQLCompiler that wrote it: its select, columns' converters
    converters: dict
    init_list: list[str]
    start: int
    end: int
    populators: list
    annotations: dict


_written: dict = {}  # {(key, time zone): _Written, or None when it cannot be reused}


def instances(key: str, build: Callable, pk) -> list:
    """The instances `build(pk)` (a queryset depending on `pk` alone) reads, in its order.
    `key` names the query in this process (one key, one `build`)."""
    written = _written_for(key, build)
    if written is None:
        return list(build(pk))
    return _made(written, with_id(written.params, written.places, pk))


def fixed_instances(key, build: Callable) -> list:
    """The instances `build()` reads: a queryset that depends on nothing at all (every row of a
    table, in an order), its statement kept when two writings of it are the same (decision
    343). `key` names the query in this process (one key, one `build`)."""
    written = _written_for(("fixed", key), lambda _pk: build(), fixed=True)
    if written is None:
        return list(build())
    return _made(written, written.params)


def fixed_rows(key, build: Callable):
    """(rows, make) for the statement `fixed_instances(key, build)` runs: its rows as the
    database gives them, converted as the ORM converts them (each a list or tuple of the
    columns read), and `make()`, the instances `fixed_instances` would give for them, without
    reading them again; None where that statement is not kept (decision 376)."""
    written = _written_for(("fixed", key), lambda _pk: build(), fixed=True)
    if written is None:
        return None
    rows = rows_of(written, written.params)
    return rows, lambda: _instances(written, rows)


def _made(written: _Written, params: list, prepared: bool = True) -> list:
    """The rows of the statement written, run with `params`, made instances. `prepared`: run
    as the connection's prepared statement; otherwise sent with its values, planned for them."""
    return _instances(written, rows_of(written, params, prepared))


def rows_of(written: _Written, params: list, prepared: bool = True) -> list:
    """The rows of the statement written, run with `params`, converted as the ORM does."""
    with connection.cursor() as cursor:
        if prepared:
            execute(cursor, written.sql, params)
        else:
            cursor.execute(written.sql, params)
        rows = cursor.fetchall()
    return converted(written, rows)


def converted(written: _Written, rows: list) -> list:
    """The rows of the statement written, as the database gave them, converted as the ORM
    does."""
    compiler = written.compiler
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    if written.converters:
        rows = list(compiler.apply_converters(rows, written.converters))
    return rows


def _instances(written: _Written, rows: list) -> list:
    """The rows read by `rows_of` made instances, as `QuerySet.__iter__` makes them: without
    `Model.__init__`'s walk of every field where every model made is plain (`plain_model`,
    decision 595), the ORM's `from_db` and populators otherwise."""
    compiler = written.compiler
    model = compiler.query.model
    if plain_model(model) and all(map(_plain_populator, written.populators)):
        return _made_plain(written, model, rows)
    made = []
    for row in rows:
        obj = model.from_db(connection.alias, written.init_list, row[written.start : written.end])
        for populator in written.populators:
            populator.populate(row, obj)
        for name, place in written.annotations.items():
            setattr(obj, name, row[place])
        made.append(obj)
    return made


def _made_plain(written: _Written, model, rows: list) -> list:
    """`_instances` of plain models: each row its own instances, as the ORM makes them. The
    ORM's `from_db` was most of an item page's reads: 115 instances, 2.2 ms of its CPU."""
    # Read once: each read through `django.db.connection` asks asgiref's Local (decision 364).
    alias = connection.alias
    names, start, end = written.init_list, written.start, written.end
    populators, annotations = written.populators, written.annotations.items()
    made = []
    for row in rows:
        obj = made_plain(model, names, row[start:end], alias)
        for populator in populators:
            _populate(populator, row, obj, alias)
        for name, place in annotations:
            setattr(obj, name, row[place])
        made.append(obj)
    return made


def _populate(populator, row, from_obj, alias: str) -> None:
    """Django's `RelatedPopulator.populate`, the related row made by `made_plain`."""
    values = row[populator.cols_start : populator.cols_end]
    obj = None
    if values[populator.pk_idx] is not None:
        obj = made_plain(populator.model_cls, populator.init_list, values, alias)
        for inner in populator.related_populators:
            _populate(inner, row, obj, alias)
    populator.local_setter(from_obj, obj)
    if obj is not None:
        populator.remote_setter(obj, from_obj)


def _plain_populator(populator) -> bool:
    return (
        populator.reorder_for_init is None
        and plain_model(populator.model_cls)
        and all(map(_plain_populator, populator.related_populators))
    )


def plain_model(model) -> bool:
    """Whether `from_db` would do nothing but set the values: Django's own `from_db` and
    `__init__`, and no init signal's receiver for `Model.__init__` to send."""
    return (
        model.from_db.__func__ is Model.from_db.__func__
        and model.__init__ is Model.__init__
        and not (signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model))
    )


def made_plain(model, names, values, alias: str):
    """What `model.from_db(alias, names, values)` makes of a plain model, without
    `__init__`'s walk (decision 364): its state loaded, the values read in its `__dict__`."""
    obj = model.__new__(model)
    obj._state = state = ModelState()
    state.adding = False
    state.db = alias
    obj.__dict__.update(zip(names, values, strict=True))
    return obj


def statement_for(key, build: Callable) -> _Written | None:
    """The statement `instances(key, build, pk)` runs, written once (its `params` with the
    stand-in's id in `places`), or None where it is written for each id."""
    return _written_for(key, build)


def instances_from(written: _Written, rows: list) -> list:
    """The instances of the statement written made of its rows read (`converted`)."""
    return _instances(written, rows)


def _written_for(key, build: Callable, fixed: bool = False) -> _Written | None:
    cache_key = (key, timezone.get_current_timezone_name())
    if cache_key not in _written:
        first, second = (_write(build(pk)) for pk in STAND_INS)
        places = None
        if first is not None and second is not None:
            if fixed:  # no id: the two writings must be the same, to the value
                places = [] if first[:2] == second[:2] else None
            else:
                places = stand_in_places(first[:2], second[:2], STAND_INS)
        # Some fifty queries (the own pages', the change pages' objects and inline rows, the
        # duties' by year) in a time zone or two: kept all, never more than this.
        if len(_written) >= 256:
            _written.clear()
        _written[cache_key] = None if places is None else _kept(first, places)
    return _written[cache_key]


def _write(queryset):
    """(sql, params, compiler), or None for a query this cannot run as written."""
    if (
        queryset._iterable_class is not ModelIterable
        or queryset._prefetch_related_lookups
        or queryset._known_related_objects
        or queryset.query.combinator
    ):
        raise ValueError("written_once reads model instances of a plain query")
    compiler = queryset.query.get_compiler(using=connection.alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    if not sql or "%%" in sql:  # a literal percent: not for PREPARE's numbering
        return None
    return sql, tuple(params), compiler


def _kept(first, places: list[int]) -> _Written:
    sql, params, compiler = first
    select, klass_info = compiler.select, compiler.klass_info
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    fields = [column[0] for column in select[0 : compiler.col_count]]
    return _Written(
        sql=sql,
        params=list(params),
        places=places,
        compiler=compiler,
        converters=compiler.get_converters(fields),
        init_list=[column[0].target.attname for column in select[start:end]],
        start=start,
        end=end,
        populators=get_related_populators(klass_info, select, connection.alias),
        annotations=dict(compiler.annotation_col_map or {}),
    )


def statement_of(queryset) -> _Written | None:
    """The statement `queryset` is written as and what makes its rows instances, for a caller
    that keeps it under a key of its own (everything the statement's text depends on) and runs
    it again with other values in its parameters' places (`instances_of`); None for a query
    this cannot run as written. Its `params` are those it was written with."""
    first = _write(queryset)
    return None if first is None else _kept(first, [])


def instances_of(written: _Written, params: list, prepared: bool = True) -> list:
    """The instances of the statement `written` (`statement_of`) run with `params` (`prepared`
    or not: `_made`)."""
    return _made(written, params, prepared)
