"""The delegates' change list read term by term (decision 264).

The roster is ordered as the model says: by term (the term's own order, newest start first),
then name, then id. The term's start date is in another table, so PostgreSQL had to join every
delegate of the office to its term and sort them all for a page of fifty (25,000 delegates at
100,000 proposals). On PostgreSQL the unfiltered list's page is read term by term instead: for
each term, its first delegates by (name, id) from the index `delegate_term_name` (no more than
the page's last row needs), then the page is cut from those in the list's own order. The rows,
their order and the page's bounds are exactly Django's: the terms' few rows are all read, so
terms starting on the same day mix their delegates by name as the plain query does.

Any order that begins with the term column and goes on with the delegate's own columns down to
its id reads so (decisions 309, 320): `?o=8` (by term, then the newest first) from the index
`delegate_term_id`, `?o=8.-1` (then by name, last first) from `delegate_term_name` backwards.
A list filtered by the delegate's own columns (status, gender, education, occupation: each
`column = value`) or by its term reads so too, the conditions those of each term's read.
Otherwise filtered or searched, in another order, or on SQLite, the list reads as Django
does."""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable
from django.utils.timezone import get_current_timezone_name as zone

from congress_office.row_counts import column_conditions
from congress_office.written_once import instances_of, statement_of

from .page_instances import page_instances

# The page's ids as an array: PostgreSQL then looks them up by key (`IN (subquery)` had it
# hash the subquery and read every delegate to probe it). {columns}: the delegate's columns the
# page is ordered by after the term; {conditions}: the list's filters on the delegate's own
# columns; {order}: the delegates' order within a term, which an index gives
# (`delegate_term_name`, `delegate_term_id`); {term_order}: the terms' (their model's).
IN_PAGE_SQL = """
delegates_delegate.id = ANY(ARRAY(SELECT page.id FROM delegates_term AS term
CROSS JOIN LATERAL (
    SELECT {columns} FROM delegates_delegate AS delegate
    WHERE delegate.term_id = term.id{conditions}
    ORDER BY {order}
    LIMIT %s
) AS page
ORDER BY {term_order}, {page_order}
LIMIT %s OFFSET %s))
"""
# The terms' order (Term's Meta.ordering, `-start_date`: a test holds it to that), as the
# list's `term` or `-term` reads it.
TERM_ORDER = {"term": "term.start_date DESC", "-term": "term.start_date"}


def _own_column(model, name: str):
    """The column of the delegate's own field `name` (not a relation), or None."""
    if name == "pk":
        return model._meta.pk.column
    try:
        field = model._meta.get_field(name)
    except Exception:  # not a field: an expression's name, an annotation
        return None
    return field.column if field.concrete and not field.is_relation else None


def _plain_columns(model) -> set[str]:
    """The columns of the delegate's own fields that are not relations, and its term's (the
    term's own read finds its delegates; another term's index scan, asked for two terms at
    once, reads nothing)."""
    own = {field.column for field in model._meta.concrete_fields if not field.is_relation}
    return own | {model._meta.get_field("term").column}


def _order_of(query, model) -> tuple[str, list[tuple[str, bool]]] | None:
    """(the terms' order, [(column, descending)] of the delegates within a term down to the
    id) when the list is ordered by the term first and then the delegate's own columns;
    otherwise None."""
    order = list(query.order_by)
    if not order or order[0] not in TERM_ORDER:
        return None
    within = []
    for item in order[1:]:
        if not isinstance(item, str):
            return None
        column = _own_column(model, item.lstrip("-"))
        if column is None:
            return None
        if column not in [known for known, _descending in within]:  # again: changes nothing
            within.append((column, item.startswith("-")))
        if column == model._meta.pk.column:  # unique: what follows changes nothing
            return TERM_ORDER[order[0]], within
    return None  # not down to a unique key: a term's first rows would not be Django's


def roster_page(rows, reads=None):
    """The delegates of `rows` (a change list's page: a slice of a queryset) read term by term
    when it is the whole roster, or the roster filtered by the delegate's own columns
    (decisions 309, 320), ordered by term and then its own columns on PostgreSQL, by a
    statement written once (decision 356); filtered by a related row, Django's page by a
    statement written once; any other as it is."""
    from django.db import connections

    query = rows.query
    connection = connections[rows.db]
    order = _order_of(query, rows.model)
    if (
        rows._result_cache is not None
        or connection.vendor != "postgresql"
        or order is None
        or query.high_mark is None
    ):
        return rows
    bottom, top = query.low_mark, query.high_mark
    whole = rows._chain()
    whole.query.clear_limits()
    conditions = column_conditions(whole)
    if conditions is None:
        # otherwise filtered, or searched: Django's rows, their page's ids found first
        return _page_by_ids(rows, whole, bottom, top, reads, connection)
    if not _plain_columns(rows.model).issuperset(c for c, _ in conditions):
        # by another related row (a delegation, an electoral unit: their own indexes find
        # their few delegates): Django's own page, by its statement written once; its bounds
        # are written in its text (decision 356)
        page = rows.only(*reads) if reads else rows
        key = (
            rows.model,
            tuple(column for column, _value in conditions),
            tuple(query.order_by),
            repr(query.select_related),
            tuple(reads or ()),
            (bottom, top),
            zone(),
        )
        return _read_as_kept(page, key, [value for _column, value in conditions])
    term_order, within = order
    quote = connection.ops.quote_name
    columns = [quote(column) for column, _descending in within]
    sql = IN_PAGE_SQL.format(
        columns=", ".join(f"delegate.{column}" for column in columns),
        conditions="".join(f" AND delegate.{quote(column)} = %s" for column, _ in conditions),
        order=", ".join(
            f"delegate.{column}{' DESC' if descending else ''}"
            for column, (_, descending) in zip(columns, within, strict=True)
        ),
        term_order=term_order,
        page_order=", ".join(
            f"page.{column}{' DESC' if descending else ''}"
            for column, (_, descending) in zip(columns, within, strict=True)
        ),
    )
    params = [value for _column, value in conditions] + [top, top - bottom, bottom]
    in_page = RawSQL(sql, params, output_field=BooleanField())
    page = whole.filter(in_page)
    if reads:
        page = page.only(*reads)
    # the statement's text: the model's, the page's ids' (the order, the filtered columns),
    # the related rows and the columns read
    key = (rows.model, sql, repr(page.query.select_related), tuple(reads or ()), term_order, zone())
    return _read_as_kept(page, key, [value for _column, value in conditions] + params)


# The page's ids found by the list's own conditions and order with its term alone joined, then
# its rows read by key with their names (decision 479).
PAGE_IDS_SQL = "delegates_delegate.id = ANY(ARRAY({ids}))"


def _page_by_ids(rows, whole, bottom: int, top: int, reads, connection):
    """The rows of `whole` (the list's queryset, its order down to the id) from `bottom` to
    `top`, read in two steps in one statement: their ids in the list's order (the conditions,
    and the term the order names, nothing else joined), then those rows, with the related
    rows the list shows. A searched roster's matches are few to PostgreSQL (a word's index of
    characters and its `LIKE` both filter, their estimates multiplied), so it joined every
    match to every electoral unit and delegation by a loop over the units' and delegations'
    tables before sorting them for fifty: 15 ms for a word in 318 work units at 20,000
    proposals, growing with the matches and the units. The same rows in the same order.
    A list that can hold no row (an empty choice of values) is `rows`, as Django reads it."""
    ids = whole.values_list("pk", flat=True)[bottom:top]
    try:
        sql, params = ids.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:
        return rows
    in_page = RawSQL(PAGE_IDS_SQL.format(ids=sql), params, output_field=BooleanField())
    page = whole.filter(in_page)
    return page.only(*reads) if reads else page


# {key: the page's statement written once, or None when it cannot be kept} (decision 356)
_kept_reads: dict = {}


def _read_as_kept(page, key, params: list):
    """`page` with its rows read (its result cache filled) by its statement written once per
    process for `key` (all the statement's text depends on: the order, the filtered columns,
    the related rows and columns read), run prepared with this page's `params` (the filters'
    values, twice, and the page's bounds). The ORM's writing of the page's statement cost
    three times the database's answering it (decision 356)."""
    if page._prefetch_related_lookups or page._iterable_class is not ModelIterable:
        return page  # not plain instances: read as Django does
    if key not in _kept_reads:
        if len(_kept_reads) >= 256:  # a few dozen orders and filters: never more than this
            _kept_reads.clear()
        written = statement_of(page)
        # Kept only when its parameters are the values it is given, in their places: then
        # another page's values go in the same places.
        _kept_reads[key] = written if written and list(written.params) == params else None
    written = _kept_reads[key]
    if written is not None:
        values = [_plain(value) for value in params]
        made = page_instances(written, values)
        page._result_cache = instances_of(written, values) if made is None else made
    return page


def _plain(value):
    """A filter's value as the ORM passes it: a choice's member as its text or number."""
    if type(value) in (int, str):
        return value
    return str(value) if isinstance(value, str) else int(value)


class RosterPaginator(Paginator):
    """The admin's paginator, whose pages of the whole roster are read term by term, of the
    columns `reads` names (the admin's `list_reads`), by a statement written once."""

    reads: tuple = ()

    def _get_page(self, object_list, number, paginator):
        return super()._get_page(roster_page(object_list, self.reads), number, paginator)
