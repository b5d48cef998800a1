"""A change list's page read by its statement written once per process (decisions 364, 388).

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
(page_instances.py), when the page's queryset is read (its iterable: the change list, its
paginator and its template see a queryset as before, and a page never shown is never read),
by the statement sent with its values: PostgreSQL plans it for them as it plans the ORM's."""

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
    it fits in one page) to be read, when they are read, by a statement written once for its
    key (as Django reads them when its query is not plain). Nothing is read here: an action's
    POST or the ledger's export, which never show the page, read no page (decision 364)."""
    if not _plain_rows(rows):
        return rows
    kept = rows._chain()
    kept._iterable_class = KeptPageIterable
    return kept


class KeptPageIterable(ModelIterable):
    """The rows of a queryset read by its statement written once (`kept_page`), or by
    Django's own way."""

    def __iter__(self):
        made = _read(self.queryset)
        return super().__iter__() if made is None else iter(made)


def _plain_rows(rows) -> bool:
    return (
        rows._result_cache is None
        and rows._iterable_class in (ModelIterable, KeptPageIterable)
        and not rows._prefetch_related_lookups
        and not rows._known_related_objects
        and rows.db == DEFAULT_DB_ALIAS  # the statement runs on the default connection
    )


def _read(rows) -> list | None:
    """The instances of `rows` by its statement written once, or None when it is not kept."""
    if not _plain_rows(rows):
        return None
    shape = query_shape(rows.query)
    conditions = shape and written_conditions(rows)
    if conditions is None:
        return None
    where, params = conditions
    key = (shape, where, get_current_timezone_name())
    written = _kept.get(key, _NOT_WRITTEN)  # once: another thread may empty the dict
    if written is _NOT_WRITTEN:
        if len(_kept) >= _KEPT_AT_MOST:
            _kept.clear()
        plain = rows._chain()
        plain._iterable_class = ModelIterable
        written = statement_of(plain)
        # Kept only when the conditions' values are all its parameters, in their order, and
        # its conditions are the text they were written as: another page's go in their places.
        usable = written is not None and list(written.params) == params and where in written.sql
        written = _kept[key] = written if usable else None
    if written is None:
        return None
    # Sent with its values, not prepared: a prepared statement's generic plan serves every
    # value of its key, and the items' list by a kind few items have walked every item in the
    # list's order to fill its page, 72 ms instead of 0.1 (decision 364).
    made = page_instances(written, params, prepared=False)
    return instances_of(written, params, prepared=False) if made is None else made


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
