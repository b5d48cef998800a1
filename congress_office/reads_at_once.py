"""A page's small reads sent to the database as one statement (decision 525).

The items' change list read the account's permissions, then each filter's rows (the units,
the terms, the categories, the sessions), each by its own prepared statement: five round
trips before the list's own count and page, each one a wait on the database and the
driver's and Django's cursor work. Their statements are the same from one request to the
next. So a page's reads are learned per process, by their statement and parameters, the
first time the page runs them; on the next openings they are read together, before the view
asks for them, by one statement: a row a read, each of its columns an array of the
read's values in the read's order (the other reads' columns empty). Each read is then
answered from its row: the same rows, the driver giving an array of a type as a list of what
it gives for one value of it. Nothing is kept from one request to the next but the
statements' texts: the rows are read anew in every request, so a row changed shows at once.
A read not learned, or not read together (a column of a type not known to be given alike),
is run alone as before; one learned and not asked for costs its row in the statement only.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.db import connection

from . import plain_sql

# Reads learned for one page at most (its filters'), so that a page whose reads vary (a
# unit's filter found by typing) does not grow its statement without end.
MOST_READS = 8

# (the reads learned for the page, {(sql, params): rows} read together) of the request's page
_page: ContextVar = ContextVar("reads_at_once", default=None)

# per process: the page's key -> {(sql, params): the types of its columns}, in learned order
_learned: dict = {}


@contextmanager
def reads_at_once(key, *reads):
    """Within: the page `key`'s learned reads, and `reads` ((sql, params, types) the caller
    knows it will run now), read together by one statement; `rows` answers them."""
    learned = _learned.setdefault(key, {})
    wanted = dict(learned)
    for sql, params, types in reads:
        if _together_known(types):
            wanted[(sql, tuple(params))] = tuple(types)
    read = _read_together(wanted) if len(wanted) > 1 else {}
    token = _page.set((learned, read))
    try:
        yield
    finally:
        _page.reset(token)


def rows(sql: str, params, types, learn: bool = True) -> list:
    """The rows of `sql` with `params` (a statement of `plain_sql`), as `cursor.fetchall()`
    gives them: read together with the page's others when they were (`reads_at_once`), else
    run alone now and, when `learn` and `types` (each column's type as PostgreSQL names it,
    for a cast) are known, learned for the page's next openings."""
    params = tuple(params)
    page = _page.get()
    if page is not None:
        learned, read = page
        found = read.pop((sql, params), None)
        if found is not None:
            return found
        if learn and _together_known(types) and len(learned) < MOST_READS:
            learned[(sql, params)] = tuple(types)
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, sql, params)
        return cursor.fetchall()


def _read_together(wanted: dict) -> dict:
    """{(sql, params): its rows} for each of `wanted` ({(sql, params): types}), by one
    statement (`_together`): a row a read, each of its columns an array of its values in the
    read's order, the other reads' columns empty."""
    if connection.vendor != "postgresql":
        return {}
    reads = list(wanted)
    statement = _together(tuple((sql, wanted[sql, params]) for sql, params in reads))
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, statement, [value for _sql, params in reads for value in params])
        together = cursor.fetchall()
    found, start = {}, 1
    for number, read in enumerate(reads):
        width = len(wanted[read])
        columns = together[number][start : start + width]
        found[read] = list(zip(*columns, strict=True)) if columns[0] is not None else []
        start += width
    return found


# The column types whose arrays the driver gives as lists of what it gives for one value
# (psycopg2's own array types): a read with another is run alone.
KNOWN_TYPES = ("bigint", "integer", "smallint", "text", "varchar", "date", "boolean")


def _together_known(types) -> bool:
    return types is not None and all(
        type_ in KNOWN_TYPES or type_.startswith("varchar(") for type_ in types
    )


@cache
def _together(reads: tuple) -> str:
    """The statement reading `reads` ((sql, types) each) at once: for each, in its order, a
    row of its number and its columns' arrays (`array_agg`, in the order the read gives its
    rows when it orders them), the others' columns NULL arrays of their types: the driver
    gives an array of a type as a list of the values it gives for that type."""
    every_type = [type_ for _sql, types in reads for type_ in types]
    branches, start = [], 0
    for number, (sql, types) in enumerate(reads):
        names = [f"c{column}" for column in range(len(types))]
        # A read that orders its rows keeps its order (its rows numbered as they come, each
        # array in that order); one that does not (the permissions', made a set) has none to
        # keep, and is spared the sorts (a third of the statement's time for 300 rows).
        ordered = "ORDER BY" in sql.upper()
        in_order = " ORDER BY r.n" if ordered else ""
        columns = [
            *(f"NULL::{type_}[]" for type_ in every_type[:start]),
            *(f"array_agg(r.{name}{in_order})" for name in names),
            *(f"NULL::{type_}[]" for type_ in every_type[start + len(types) :]),
        ]
        if ordered:
            rows = f"(SELECT s.*, row_number() OVER () FROM ({sql}) s) r({', '.join(names)}, n)"
        else:
            rows = f"({sql}) r({', '.join(names)})"
        branches.append(f"(SELECT {number}, {', '.join(columns)} FROM {rows})")
        start += len(types)
    return " UNION ALL ".join(branches) + " ORDER BY 1"
