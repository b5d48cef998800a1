"""A change list's page read by its statement written once per process, keyed by the query's
shape (decision 364).

The ORM wrote the items' page anew on every request (its filters, order, related rows and the
columns read: half a millisecond of compiling) and made its 150 instances through
`Model.__init__` (another). The statement's text depends on the query's shape alone: which
columns each condition compares and how, the order, the related rows and columns read, the
page's bounds (written in the text); the conditions' values are its parameters. So the
statement is written once for a shape and sent with each page's values, its rows made
instances without `__init__` (`page_instances`) or, for a model that needs it, by the ORM's
compiler (`written_once.instances_of`). Not prepared: PostgreSQL plans it for its values each
time, as it plans the ORM's (a prepared statement's generic plan, the same for every value,
read 20,000 items for the page of a rare kind).

A shape is kept only when it is plain enough to name by its parts: conditions on the model's
own columns compared with plain values (text, numbers, days), nested with AND, OR and NOT; no
join but the related rows it reads, no annotation, DISTINCT, grouping or extra SQL. A value
whose writing depends on it is part of the shape (a flag, `IS NULL`). The statement is kept
only when its parameters, as first written, are the page's values in their order: a lookup
that rewrites its value (a search's `LIKE` pattern) leaves its shape read as Django does. So
is a filter by a subquery (the lead unit's `EXISTS`), a search, a prefetch or `values()`."""

import datetime

from django.db.models.expressions import Col
from django.db.models.lookups import Lookup
from django.db.models.query import ModelIterable
from django.db.models.sql.where import WhereNode
from django.utils.timezone import get_current_timezone_name

from .page_instances import page_instances
from .written_once import instances_of, statement_of

# The values a condition's parameter may hold (`bool` is part of the shape: `Exact` writes a
# flag's condition without a parameter).
PLAIN_VALUES = (str, int, float, datetime.date)
KEPT_SHAPES = 256  # a few dozen filters, orders and pages: more, and it starts again

# {shape: the page's statement written once, or None when it cannot be kept}
_kept: dict = {}


def kept_page(rows):
    """`rows` (a change list's page: a sliced queryset, or the whole list when it fits one page)
    to be read, when they are read, by their statement written once for their shape (as Django
    reads them when their shape is not kept). Nothing is read here: an action's POST or the
    ledger's export, which never show the page, read no page."""
    if not _plain_rows(rows):
        return rows
    kept = rows._chain()
    kept._iterable_class = KeptPageIterable
    return kept


class KeptPageIterable(ModelIterable):
    """The rows of a queryset read by its shape's statement written once (`kept_page`), or
    by Django's own way."""

    def __iter__(self):
        made = _read(self.queryset)
        return super().__iter__() if made is None else iter(made)


def _plain_rows(rows) -> bool:
    return (
        rows._result_cache is None
        and not rows._prefetch_related_lookups
        and not rows._known_related_objects
        and rows._iterable_class in (ModelIterable, KeptPageIterable)
    )


def _read(rows) -> list | None:
    """The instances of `rows` by its shape's statement, or None when its shape is not kept."""
    if not _plain_rows(rows):
        return None
    values: list = []
    shape = query_shape(rows.query, values)
    if shape is None:
        return None
    key = (shape, rows.db, get_current_timezone_name())
    if key not in _kept:
        if len(_kept) >= KEPT_SHAPES:
            _kept.clear()
        written = None
        if rows.db == "default":
            plain = rows._chain()
            plain._iterable_class = ModelIterable
            written = statement_of(plain)
        # kept when its parameters are the values it was given, in their places: another
        # page's values go in the same places
        _kept[key] = written if written and list(written.params) == values else None
    written = _kept[key]
    if written is None:
        return None
    params = [_plain(value) for value in values]
    # Sent with its values, not prepared: a prepared statement's generic plan serves every
    # value of its shape, and the list by a kind few items have walked every item in the
    # list's order to fill its page, 72 ms instead of 0.1 (decision 364).
    made = page_instances(written, params, prepared=False)
    return instances_of(written, params, prepared=False) if made is None else made


def query_shape(query, values: list):
    """What the SQL text of `query` depends on besides its conditions' values, which are
    appended to `values` in their order; None for a query not named so."""
    if (
        query.distinct
        or query.combinator
        or query.group_by is not None
        or query.annotations
        or query.extra
        or query.extra_tables
        or query.extra_order_by
        or query.select
        or query.values_select
        or query.select_for_update
        or query.subquery
        or not all(isinstance(item, str) for item in query.order_by)
    ):
        return None
    base_table = query.model._meta.db_table
    # Joins a filter made and then trimmed (`session__isnull` reads the item's own column) are
    # left in the query, unused: part of the shape, as a related row read may reuse one.
    joins = tuple(
        (alias, join.table_name, getattr(join, "join_type", None), query.alias_refcount[alias])
        for alias, join in query.alias_map.items()
    )
    if any(refs and alias != base_table for alias, _table, _type, refs in joins):
        return None  # a condition on a related row's column
    where = _where_shape(query.where, base_table, values)
    if where is None:
        return None
    deferred, defer = query.deferred_loading
    return (
        query.model,
        joins,
        where,
        tuple(query.order_by),
        query.default_ordering,
        query.standard_ordering,
        repr(query.select_related),  # False, True or the related rows' names (a dict)
        tuple(sorted(deferred)),
        defer,
        query.default_cols,
        query.low_mark,
        query.high_mark,
    )


def _where_shape(node, base_table: str, values: list):
    if not isinstance(node, WhereNode):
        return _condition_shape(node, base_table, values)
    children = []
    for child in node.children:
        shape = _where_shape(child, base_table, values)
        if shape is None:
            return None
        children.append(shape)
    return (type(node), node.connector, node.negated, tuple(children))


def _condition_shape(lookup, base_table: str, values: list):
    """(the lookup, its column, its value's type) of a condition on the model's own column
    compared with a plain value, the value appended to `values` (or, for a flag or None, part
    of the shape); otherwise None."""
    if not isinstance(lookup, Lookup) or type(lookup.lhs) is not Col:
        return None
    column = lookup.lhs
    if column.alias != base_table or not lookup.rhs_is_direct_value():
        return None
    value = lookup.rhs
    target = column.target
    shape = (type(lookup), target.column, type(target), type(column.output_field), type(value))
    if value is None or isinstance(value, bool):
        return (*shape, value)
    if not isinstance(value, PLAIN_VALUES):
        return None
    values.append(value)
    return shape


def _plain(value):
    """A value as the ORM passes it: a choice's member as its text or number."""
    if type(value) in (int, str, float, datetime.date, datetime.datetime):
        return value
    if isinstance(value, str):
        return str(value)
    return int(value) if isinstance(value, int) else value
