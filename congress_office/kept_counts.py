"""A change list's counts run by their statements written once per process (decision 390).

A list counts its rows twice a page, for its paginator and for Django's "N total" (the same
count when nothing is filtered), and a searched one a third time, up to the cap
(search_count.py). The ORM's writing of a count (its clone of the query, the aggregate's
outer query, its compiling) cost three to four times the running of it: 270–390 µs of CPU
against 85. Here a count is keyed as the pages are (kept_pages.py: the query's attributes as
they are and its conditions' text) and its statement kept, Django's own as it ran it the
first time; the same count asked again in the request is answered from the first. A count of
a query the key does not know is Django's."""

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import QuerySet
from django.utils.timezone import get_current_timezone_name

from .kept_pages import query_shape, written_conditions
from .plain_sql import execute

_KEPT_AT_MOST = 256
_NOT_WRITTEN = object()
_kept: dict = {}  # {key: the count's statement, or None when it cannot be run again}
_classes: dict = {}  # {a queryset class: the same with its counts kept}


class KeptCounts(QuerySet):
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
        ran = []

        def noted(execute, sql, values, many, context):
            ran.append((sql, values))
            return execute(sql, values, many, context)

        with connection.execute_wrapper(noted):
            number = super().count()
        if len(_kept) >= _KEPT_AT_MOST:
            _kept.clear()
        sql, values = ran[0] if len(ran) == 1 else ("", None)
        usable = values is not None and list(values) == params and where in sql
        _kept[key] = sql if usable and "%%" not in sql else None
        return number


# What Django's count of a query that is not sliced leaves out (it clears the order and the
# related rows, and selects no column): the list's count and its "N total" are then one.
NOT_COUNTED = frozenset({"order_by", "select_related", "deferred_loading"})


def _count_shape(query) -> tuple | None:
    shape = query_shape(query)
    if shape is None or query.is_sliced:
        return shape
    return tuple(part for part in shape if part[0] not in NOT_COUNTED)


def _hashable(key, params: list):
    try:
        asked = (key, tuple(params))
        hash(asked)
    except TypeError:
        return None
    return asked


def _run(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        execute(cursor, sql, params)
        return cursor.fetchone()[0]


def with_kept_counts(queryset: QuerySet) -> QuerySet:
    """`queryset` (a request's own: a copy of a change list's root) made to count by
    statements written once, its counts and its copies' kept from now on (for the request)."""
    cls = type(queryset)
    if not issubclass(cls, KeptCounts):
        if cls not in _classes:
            _classes[cls] = (
                KeptCounts if cls is QuerySet else type(cls.__name__, (cls, KeptCounts), {})
            )
        queryset.__class__ = _classes[cls]
    queryset._counted = {}
    return queryset
