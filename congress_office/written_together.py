"""Several statements written once (`written_once`) read as one: the rows of each, in its
order, by a `UNION ALL` of them run prepared (decision 597).

The item's change page read its three inlines' rows (co-signatures, assignments, timeline
entries) by three statements written once, each a round trip with its own execution and
fetching: here they are one. Each statement becomes a branch that reads its own columns in
its own places, the others' columns typed NULLs (PostgreSQL resolves a `UNION`'s column types
pairwise, and two untyped NULLs would be text), with the branch's number and its rows' order
(`ROW_NUMBER() OVER` its own `ORDER BY`): the rows come back grouped by branch, each branch in
its statement's order, and are converted and made instances by each statement's own compiler,
as `written_once.instances` makes them.

Only a statement the ORM wrote as plain columns (`"table"."column"`, no alias, no extra
select), a `FROM` and `WHERE` with every value there, and an order by plain columns is joined;
any other, and any database but PostgreSQL, is read statement by statement."""

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from .plain_sql import execute
from .stand_ins import with_id
from .written_once import converted, instances, instances_from, statement_for

_COLUMN = r'"[^"]+"\."[^"]+"'
_STATEMENT = re.compile(
    rf"SELECT ((?:{_COLUMN}, )*{_COLUMN}) FROM (.+) ORDER BY "
    rf"((?:{_COLUMN} (?:ASC|DESC), )*{_COLUMN} (?:ASC|DESC))",
    re.DOTALL,
)


class _Joined(NamedTuple):
    sql: str
    starts: list[int]  # where each branch's own columns start in a row
    widths: list[int]


_joined: dict = {}  # {(keys, time zone): _Joined, or None when they are read one by one}


def instances_together(reads: Sequence[tuple[object, Callable]], pk) -> list[list]:
    """For each `(key, build)` of `reads`, what `written_once.instances(key, build, pk)`
    gives, read by one statement where they can be joined."""
    written = [statement_for(key, build) for key, build in reads]
    joined = None
    if None not in written and connection.vendor == "postgresql":
        cache_key = (tuple(key for key, _build in reads), timezone.get_current_timezone_name())
        if cache_key not in _joined:
            if len(_joined) >= 64:  # a few pages' sets of inlines in a time zone or two
                _joined.clear()
            _joined[cache_key] = _join(written)
        joined = _joined[cache_key]
    if joined is None:
        return [instances(key, build, pk) for key, build in reads]
    params = [value for one in written for value in with_id(one.params, one.places, pk)]
    with connection.cursor() as cursor:
        execute(cursor, joined.sql, params)
        rows = cursor.fetchall()
    split = [[] for _one in written]
    for row in rows:
        branch = row[0]
        start = joined.starts[branch]
        split[branch].append(row[start : start + joined.widths[branch]])
    pairs = zip(written, split, strict=True)
    return [instances_from(one, converted(one, own)) for one, own in pairs]


def _join(written: list) -> _Joined | None:
    parts, types = [], []
    for one in written:
        compiler = one.compiler
        matched = _STATEMENT.fullmatch(one.sql)
        if matched is None or compiler.has_extra_select or compiler.annotation_col_map:
            return None
        columns, rest, order = matched.groups()
        select = compiler.select[: compiler.col_count]
        if columns.count(", ") + 1 != len(select) or any(alias for *_c, alias in select):
            return None
        its_types = [column.output_field.db_type(connection) for column, *_c in select]
        if None in its_types:
            return None
        parts.append((columns, rest, order))
        types.append(its_types)
    starts, widths, start = [], [], 2  # after the branch's number and its row's place
    for its_types in types:
        starts.append(start)
        widths.append(len(its_types))
        start += len(its_types)
    branches = []
    for branch, (columns, rest, order) in enumerate(parts):
        before = [f"NULL::{kind}" for its_types in types[:branch] for kind in its_types]
        after = [f"NULL::{kind}" for its_types in types[branch + 1 :] for kind in its_types]
        shown = ", ".join([*before, columns, *after])
        branches.append(
            f"SELECT {branch}, ROW_NUMBER() OVER (ORDER BY {order}), {shown} FROM {rest}"
        )
    return _Joined(" UNION ALL ".join(branches) + " ORDER BY 1, 2", starts, widths)
