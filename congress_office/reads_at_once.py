"""A page's small reads sent to the database as one statement (decision 525).

The items' change list read the account's permissions, then each filter's rows (the units,
the terms, the categories, the sessions), each by its own prepared statement: five round
trips before the list's own count and page, each one a wait on the database and the
driver's and Django's cursor work. Their statements are the same from one request to the
next. So a page's reads are learned per process, by their statement and parameters, the
first time the page runs them; on the next openings they are read together, before the view
asks for them, by one statement (each read's rows in their own columns, the others' empty,
told apart by the read's number and kept in the order the read gives them), and each read is
then answered from that statement's rows: the same rows, as the driver gives them for the
same column types. Nothing is kept from one request to the next but the statements' texts:
the rows are read anew in every request, so a row changed shows at once. A read not learned,
or not read together (its columns' types unknown), is run alone as before; one learned and
not asked for costs its rows in the same statement only.
"""

from contextlib import contextmanager
from contextvars import ContextVar

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
        if learn and types is not None and len(learned) < MOST_READS:
            learned[(sql, params)] = tuple(types)
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, sql, params)
        return cursor.fetchall()


def _read_together(wanted: dict) -> dict:
    """{(sql, params): its rows} for each of `wanted` ({(sql, params): types}), by one
    statement: each read a branch of a UNION ALL, its columns at its own place and every
    other read's empty (cast to their types, so that each column has one type), numbered
    by the read and by the row's place in the read's order."""
    if connection.vendor != "postgresql":
        return {}
    reads = list(wanted.items())
    widths = [len(types) for _read, types in reads]
    every_type = [type_ for _read, types in reads for type_ in types]
    branches, params, start = [], [], 0
    for number, ((sql, read_params), types) in enumerate(reads):
        before = [f"NULL::{type_}" for type_ in every_type[:start]]
        after = [f"NULL::{type_}" for type_ in every_type[start + len(types) :]]
        columns = ", ".join([str(number), "row_number() OVER ()", *before, "r.*", *after])
        branches.append(f"(SELECT {columns} FROM ({sql}) r)")
        params.extend(read_params)
        start += len(types)
    statement = " UNION ALL ".join(branches) + " ORDER BY 1, 2"
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, statement, params)
        together = cursor.fetchall()
    found = {read: [] for read, _types in reads}
    offsets = [2 + sum(widths[:number]) for number in range(len(reads))]
    for row in together:
        number = row[0]
        offset = offsets[number]
        found[reads[number][0]].append(row[offset : offset + widths[number]])
    return found
