"""A change list's counts run by their statements written once per process (decision 390).

A list counts its rows twice a page, for its paginator and for Django's "N total" (the same
count when nothing is filtered), and a searched one a third time, up to the cap
(search_count.py). The ORM's writing of a count (its clone of the query, the aggregate's
outer query, its compiling) cost three to four times the running of it: 270–390 µs of CPU
against 85. Here a count is keyed as the pages are (kept_pages.py: the query's attributes as
they are and its conditions' text) and its statement kept, Django's own as it ran it the
first time; the same count asked again in the request is answered from the first. A count of
a query the key does not know is Django's."""

import datetime
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connection, models
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils.timezone import get_current_timezone_name

from .kept_pages import query_shape, written_conditions
from .plain_sql import execute

_KEPT_AT_MOST = 256
_NOT_WRITTEN = object()
_kept: dict = {}  # {key: the count's statement, or None when it cannot be run again}
_classes: dict = {}  # {(a queryset class, what it is made): the same with that kept}
# The kinds of value a facet's condition is keyed by (a choice's value, an id, True for
# "is empty"): their equality is their statement's.
PLAIN_VALUES = (str, int, bool, type(None), datetime.date, Decimal)


class KeptAggregates(QuerySet):
    """Under a queryset's own class: its `aggregate()` of filtered counts (a filter's facets)
    by a statement written once for the query's key and the counts' (decision 418)."""

    def aggregate(self, *args, **kwargs):
        counts = None if args or self.db != DEFAULT_DB_ALIAS else _counts_key(kwargs, self.model)
        shape = counts and _count_shape(self.query, _names(counts))
        conditions = shape and written_conditions(self)
        if conditions is None:
            return super().aggregate(*args, **kwargs)
        where, params = conditions
        key = ("aggregate", shape, where, get_current_timezone_name(), counts)
        kept = _kept.get(key, _NOT_WRITTEN)  # once: another thread may empty the dict
        if kept is None:
            return super().aggregate(**kwargs)
        if kept is not _NOT_WRITTEN:
            sql, before, names = kept
            return dict(zip(names, _row(sql, before + params), strict=True))
        result, ran = _noted(lambda: super(KeptAggregates, self).aggregate(**kwargs))
        sql, values = ran[0] if len(ran) == 1 else ("", None)
        # the counts' own values first, the conditions' last: another list's go in their places
        before = None if values is None else list(values)[: len(values) - len(params)]
        usable = before is not None and before + params == list(values) and where in sql
        _keep(key, (sql, before, list(result)) if usable else None)
        return result


class KeptCounts(KeptAggregates):
    """Under a queryset's own class (`with_kept_counts`): its `count()`, where it would be
    Django's, by a statement written once; the counts of a request's querysets made from the
    same one (`_counted`) kept for the request."""

    _counted = None  # {(key, parameters): count} of the request

    def _clone(self):
        clone = super()._clone()
        clone._counted = self._counted
        return clone

    def count(self):
        if self._result_cache is not None or self.db != DEFAULT_DB_ALIAS:
            return super().count()
        shape = _count_shape(self.query)
        conditions = shape and written_conditions(self)
        if conditions is None:
            return super().count()
        where, params = conditions
        key = (shape, where, get_current_timezone_name())
        asked = _hashable(key, params)
        if self._counted is not None and asked in self._counted:
            return self._counted[asked]
        sql = _kept.get(key, _NOT_WRITTEN)  # once: another thread may empty the dict
        if sql is _NOT_WRITTEN:
            number = self._counted_first(key, where, params)
        elif sql is None:
            number = super().count()
        else:
            number = _run(sql, params)
        if self._counted is not None and asked is not None:
            self._counted[asked] = number
        return number

    def _counted_first(self, key, where: str, params: list) -> int:
        """Django's count, its statement kept for `key` when its parameters are the
        conditions' values and its text holds the conditions' (another request's values then
        go in their places)."""
        number, ran = _noted(super().count)
        sql, values = ran[0] if len(ran) == 1 else ("", None)
        usable = values is not None and list(values) == params and where in sql
        _keep(key, sql if usable else None)
        return number


def _noted(run) -> tuple:
    """(what `run()` gives, [(statement, parameters) it ran])."""
    ran = []

    def noted(execute, sql, values, many, context):
        ran.append((sql, values))
        return execute(sql, values, many, context)

    with connection.execute_wrapper(noted):
        return run(), ran


def _keep(key, kept) -> None:
    """`kept` (a statement, or what runs it) for `key`; None: the key's are Django's."""
    if len(_kept) >= _KEPT_AT_MOST:
        _kept.clear()
    sql = kept[0] if isinstance(kept, tuple) else kept
    _kept[key] = None if sql is None or "%%" in sql else kept  # PREPARE numbers each %s


def _counts_key(aggregates: dict, model) -> tuple | None:
    """The aggregates `{name: Count(column, filter=Q(...))}` as they are, hashable; None for
    any other aggregate (a sum, a count of an expression, a condition not a plain `Q`) but
    the first and last of a date of the model's own (the date hierarchy's `Min` and `Max`:
    on PostgreSQL a date is read as the database gives it)."""
    counts = []
    for name, aggregate in aggregates.items():
        args, kwargs = aggregate._constructor_args
        if type(aggregate) in (Min, Max) and not kwargs and _own_date(model, args):
            counts.append((name, type(aggregate), args[0]))
            continue
        if type(aggregate) is not Count:
            return None
        if len(args) != 1 or type(args[0]) is not str or set(kwargs) - {"filter", "distinct"}:
            return None
        condition = kwargs.get("filter")
        written = None if condition is None else _condition_key(condition)
        if condition is not None and written is None:
            return None
        counts.append((name, args[0], kwargs.get("distinct", False) is True, written))
    return tuple(counts) or None


def _own_date(model, args: tuple) -> bool:
    # PostgreSQL gives a date; SQLite its text, which the ORM converts
    if len(args) != 1 or type(args[0]) is not str or connection.vendor != "postgresql":
        return False
    try:
        field = model._meta.get_field(args[0])
    except FieldDoesNotExist:
        return False
    return type(field) is models.DateField and field.model is model


def _names(counts: tuple) -> frozenset:
    """The fields or annotations the counts (`_counts_key`) read: each lookup's first name."""
    names = set()

    def read(condition):
        for child in condition[2]:
            if len(child) == 3 and type(child[0]) is str and type(child[1]) is type:
                names.add(child[0].split("__")[0])
            else:
                read(child)

    for _name, column, *more in counts:
        if type(column) is type:  # a date's first or last
            names.add(more[0])
            continue
        names.add(column.split("__")[0])
        if more[1] is not None:
            read(more[1])
    return frozenset(names)


def _condition_key(condition) -> tuple | None:
    """A `Q` of lookups and plain values, each value with its type (1 and True are equal, but
    not written alike); None for anything else."""
    if type(condition) is not Q:
        return None
    children = []
    for child in condition.children:
        if type(child) is Q:
            part = _condition_key(child)
        elif (
            type(child) is tuple
            and len(child) == 2
            and type(child[0]) is str
            and type(child[1]) in PLAIN_VALUES
        ):
            part = (child[0], type(child[1]), child[1])
        else:
            part = None
        if part is None:
            return None
        children.append(part)
    return (condition.connector, condition.negated, tuple(children))


# What Django's count of a query that is not sliced leaves out (it clears the order and the
# related rows, and selects no column): the list's count and its "N total" are then one.
NOT_COUNTED = frozenset({"order_by", "select_related", "deferred_loading"})


def _count_shape(query, counted: frozenset = frozenset()) -> tuple | None:
    """The query's key (kept_pages.query_shape) as its counts read it. A count leaves out the
    list's annotations, unless it is of one of them (`counted`, the names the counts read):
    the key holds only their names and which of them are aggregates (the rows are then
    grouped and counted in a subquery, the annotations' joins kept: those are in the key);
    a condition on one is in the conditions' text (decision 418)."""
    if query.annotations:
        if (
            not counted.isdisjoint(query.annotations)
            or query.group_by not in (None, True)
            or any(
                getattr(annotation, "contains_over_clause", True)
                for annotation in query.annotations.values()
            )
        ):
            return None
        unannotated = _Attributes()
        unannotated.__dict__.update(vars(query), annotations={}, group_by=None)
        shape = query_shape(unannotated)
        if shape is not None:
            aggregates = tuple(
                (name, getattr(annotation, "contains_aggregate", True))
                for name, annotation in query.annotations.items()
            )
            shape = (*shape, ("annotations", aggregates, query.group_by))
    else:
        shape = query_shape(query)
    if shape is None or query.is_sliced:
        return shape
    return tuple(part for part in shape if part[0] not in NOT_COUNTED)


class _Attributes:
    """A query's attributes, for `query_shape` to read."""


def _hashable(key, params: list):
    try:
        asked = (key, tuple(params))
        hash(asked)
    except TypeError:
        return None
    return asked


def _run(sql: str, params: list) -> int:
    return _row(sql, params)[0]


def _row(sql: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        if params:
            # Sent with its values, not prepared: after five runs a prepared statement may
            # take a generic plan for every value, and a count by a value few rows have
            # (the proposals from reception days, 7%) walked the whole table, 16-20 ms
            # instead of 1-4 (decision 419). Without values the plan is the same either way.
            cursor.execute(sql, params)
        else:
            execute(cursor, sql, params)
        return cursor.fetchone()


def with_kept_counts(queryset: QuerySet) -> QuerySet:
    """`queryset` (a request's own: a copy of a change list's root) made to count by
    statements written once, its counts and its copies' kept from now on (for the request)."""
    _made(queryset, KeptCounts)._counted = {}
    return queryset


def with_kept_aggregates(queryset: QuerySet) -> QuerySet:
    """`queryset` (a request's own: a copy of a change list's root) made to read its filters'
    facets by statements written once (decision 418)."""
    return _made(queryset, KeptAggregates)


def _made(queryset: QuerySet, kept: type) -> QuerySet:
    cls = type(queryset)
    if not issubclass(cls, kept):
        if (cls, kept) not in _classes:
            # a plain queryset, or one whose facets were kept before its counts
            made = kept if issubclass(kept, cls) else type(cls.__name__, (cls, kept), {})
            _classes[cls, kept] = made
        queryset.__class__ = _classes[cls, kept]
    return queryset


# Keys the database gives as the ORM gives them (no converter on either backend).
_WHOLE_NUMBERS = frozenset(
    {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}
)


def grouped_counts(queryset: QuerySet, column: str, counted: str) -> dict | None:
    """{each value of `column`: the rows of `queryset` with it, counted by `counted`} (a
    filter's facets by a related row's key, decision 449), by the statement Django ran the
    first time, kept as the facets' aggregate is (decision 418: the query's key and its
    conditions' text, the column and what is counted). None where the key does not know the
    query or the column's values are not whole numbers: the caller counts as Django does."""
    if queryset.db != DEFAULT_DB_ALIAS:
        return None
    shape = _count_shape(queryset.query, frozenset({column.split("__")[0], counted}))
    conditions = shape and written_conditions(queryset)
    if conditions is None:
        return None
    where, params = conditions
    key = ("grouped", shape, where, get_current_timezone_name(), column, counted)
    sql = _kept.get(key, _NOT_WRITTEN)  # once: another thread may empty the dict
    if sql is None:
        return None
    if sql is not _NOT_WRITTEN:
        with connection.cursor() as cursor:
            if params:  # planned for its values, as a count is (decision 419)
                cursor.execute(sql, params)
            else:
                execute(cursor, sql, params)
            return dict(cursor.fetchall())
    grouped = queryset.order_by().values(column).annotate(rows=Count(counted))
    select = grouped.query.select
    if len(select) != 1 or select[0].output_field.get_internal_type() not in _WHOLE_NUMBERS:
        _keep(key, None)
        return None
    rows, ran = _noted(lambda: [(group[column], group["rows"]) for group in grouped])
    sql, values = ran[0] if len(ran) == 1 else ("", None)
    usable = values is not None and list(values) == params and where in sql
    _keep(key, sql if usable else None)
    return dict(rows)
