"""A change list's page read by its statement written once per process (decision 388).

The ORM writes a list's page's statement anew on every request, and makes each row an
instance through `Model.__init__`: for the votes' and the assignments' fifty rows with their
related rows, about 1 ms of the page's CPU, more than the database spends answering it. The
roster's page was the first read by a statement written once (decision 356), keyed by what it
knows of its own statement; here a list's page is keyed by everything the ORM's writing of
its statement reads: the query's attributes as they are (its tables and joins and how often
each is used, its order, the related rows and the columns it reads, the page's bounds) and its
conditions as written, on each request (their text; their values are the statement's
parameters, and no more than that: checked when it is written). Anything the key does not
know (an annotation, DISTINCT, `extra`, a filtered relation, an order by an expression, an
attribute of the query this module has not met) and the page is read as Django reads it.

The rows are made instances without `Model.__init__` where that is the ORM's own result
(page_instances.py), and set as the page's queryset's result: the change list, its paginator
and its template see a read queryset as before."""

from operator import itemgetter

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import DEFAULT_DB_ALIAS
from django.db.models.query import ModelIterable
from django.db.models.sql import Query
from django.utils.timezone import get_current_timezone_name

from .page_instances import page_instances
from .written_once import instances_of, statement_of

# The query's attributes the statement's text reads, kept in the key as they are.
AS_THEY_ARE = frozenset(
    {
        "model",
        "alias_cols",
        "base_table",
        "low_mark",
        "high_mark",
        "default_cols",
        "default_ordering",
        "standard_ordering",
        "max_depth",
        "alias_prefix",
        "subq_aliases",
    }
)
# Attributes no writing of the statement reads: the aliases and joins a filter used while it
# was being added, and the searched list's count (search_count.py) noted on the query.
NOT_WRITTEN = frozenset({"used_aliases", "_lookup_joins", "filter_is_sticky", "search_count"})
# Attributes that must be empty: a query with any of them is read as Django reads it.
EMPTY = frozenset({"annotations", "extra", "_filtered_relations", "external_aliases"})
_NO_DEFAULT = object()
_NOT_WRITTEN = object()
_KEPT_AT_MOST = 256  # lists, their filters' shapes and pages: a few dozen in use

# {key: the statement written once, or None when its parameters are not its conditions'}
_kept: dict = {}


def kept_page(rows):
    """`rows` (a change list's page not yet read: a slice of its queryset, or the whole when
    it fits in one page) with its rows read by a statement written once for its key, or `rows`
    as it is when its query is not plain."""
    if (
        rows._result_cache is not None
        or rows._iterable_class is not ModelIterable
        or rows._prefetch_related_lookups
        or rows._known_related_objects
        or rows.db != DEFAULT_DB_ALIAS  # the statement runs on the default connection
    ):
        return rows
    shape = query_shape(rows.query)
    conditions = shape and written_conditions(rows)
    if conditions is None:
        return rows
    where, params = conditions
    key = (shape, where, get_current_timezone_name())
    written = _kept.get(key, _NOT_WRITTEN)  # once: another thread may empty the dict
    if written is _NOT_WRITTEN:
        if len(_kept) >= _KEPT_AT_MOST:
            _kept.clear()
        written = statement_of(rows)
        # Kept only when the conditions' values are all its parameters, in their order, and
        # its conditions are the text they were written as: another page's go in their places.
        usable = written is not None and list(written.params) == params and where in written.sql
        written = _kept[key] = written if usable else None
    if written is not None:
        made = page_instances(written, params)
        rows._result_cache = instances_of(written, params) if made is None else made
    return rows


def query_shape(query) -> tuple | None:
    """Everything of `query` but its conditions that the ORM's writing of its statement reads,
    hashable; None for a query with anything this does not know."""
    shape = []
    for name, value in sorted(vars(query).items(), key=itemgetter(0)):
        if name in NOT_WRITTEN or name == "where":
            continue
        if name in AS_THEY_ARE:
            part = value
        elif name in EMPTY:
            if value:
                return None
            continue
        elif name in _WRITTEN_FROM:
            part = _WRITTEN_FROM[name](value)
            if part is None:
                return None
        elif _is_default(name, value):
            continue
        else:
            return None
        shape.append((name, part))
    shape = tuple(shape)
    try:
        hash(shape)
    except TypeError:  # a value with no hash: not kept
        return None
    return shape


def _is_default(name: str, value) -> bool:
    default = getattr(Query, name, _NO_DEFAULT)
    return default is not _NO_DEFAULT and not callable(default) and value == default


def written_conditions(rows) -> tuple[str, list] | None:
    """(the text of the query's conditions, their parameters), written as the statement
    writes them; None when they select nothing or everything (Django writes those apart)."""
    query = rows.query
    if not query.where:
        return "", []
    try:
        sql, params = query.get_compiler(using=rows.db).compile(query.where)
    except (EmptyResultSet, FullResultSet):
        return None
    return sql, list(params)


def _joins(alias_map: dict) -> tuple | None:
    joins = []
    for alias, join in alias_map.items():
        if getattr(join, "filtered_relation", None) is not None:
            return None
        joins.append(
            (
                alias,
                type(join),
                join.table_name,
                join.table_alias,
                getattr(join, "join_type", None),
                getattr(join, "parent_alias", None),
                getattr(join, "join_field", None),
                getattr(join, "nullable", None),
            )
        )
    return tuple(joins)


def _order(order_by) -> tuple | None:
    # names only: an expression's text is not in the key
    return tuple(order_by) if all(type(item) is str for item in order_by) else None


def _frozen(select_related):
    if isinstance(select_related, dict):
        return tuple(sorted((name, _frozen(more)) for name, more in select_related.items()))
    return select_related


_WRITTEN_FROM = {
    "alias_map": _joins,
    "alias_refcount": lambda counts: tuple(counts.items()),
    "table_map": lambda tables: tuple((table, tuple(aliases)) for table, aliases in tables.items()),
    "order_by": _order,
    "select_related": _frozen,
    # the columns read or left (`only()` leaves a set)
    "deferred_loading": lambda loading: (frozenset(loading[0]), loading[1]),
}
