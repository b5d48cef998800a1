"""The office's desk: the admin's home page, the work waiting with its counts.

Each app brings its own part (`DeskPart`: the permission that shows it, its template and the
read that fills it), registered on the admin site from the app's admin module, so the core
imports no app above it (docs/architecture.md). The parts read their figures in few queries:
`count_each` counts several lists in one query."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from .plain_sql import execute


@dataclass(frozen=True)
class DeskPart:
    order: int  # the desk shows its parts in this order
    permission: str  # "app_label.codename": who may see the part
    template: str
    read: Callable[[datetime.date], dict]  # given today, what the template shows


# Statements written by `count_each`, by their key: at most this many are kept.
STATEMENTS_KEPT = 64
_statements: dict[tuple, tuple[str, list, list[str]]] = {}


def count_each(
    lists: dict[str, QuerySet] | Callable[[], dict[str, QuerySet]],
    *,
    cap: int | None = None,
    key: tuple | None = None,
) -> dict[str, int]:
    """{name: how many rows the queryset holds} for several querysets, in one query: a SELECT
    of one scalar subquery each, so that each count reads its own index instead of one scan of
    a whole table computing every condition. With `cap`, a count stops at cap + 1 (a queryset
    ordered along its index lets PostgreSQL stop there too): "more than cap" is all a page says
    of a longer list.

    Given a `key` (everything the querysets depend on, e.g. ("desk", today)), `lists` may be a
    function that builds them, and the statement is written once per key and process: the ORM
    took longer to write a desk's statement than the database to answer it. A kept statement
    runs prepared (`plain_sql.execute`), PostgreSQL's parsing and planning of it spared too."""
    statement = _statements.get((key, cap)) if key is not None else None
    if statement is None:
        statement = counts_statement(lists() if callable(lists) else lists, cap)
        if key is not None:
            if len(_statements) >= STATEMENTS_KEPT:
                _statements.clear()
            _statements[(key, cap)] = statement
    sql, params, names = statement
    if not names:
        return {}
    with connection.cursor() as cursor:
        if key is None:
            cursor.execute(sql, params)
        else:
            execute(cursor, sql, params)
        return dict(zip(names, cursor.fetchone(), strict=True))


def counts_statement(
    lists: dict[str, QuerySet], cap: int | None = None
) -> tuple[str, list, list[str]]:
    """(sql, params, names) of `count_each`'s one statement, for a caller that keeps it."""
    parts, params = [], []
    for queryset in lists.values():
        ids = queryset.values("pk")
        if cap is not None:
            ids = ids[: cap + 1]
        sql, ids_params = ids.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted)")
        params.extend(ids_params)
    return "SELECT " + ", ".join(parts), params, list(lists)


def shown_count(count: int, cap: int) -> str:
    """A count as a page shows it: "1000+" past the cap at which counting stopped."""
    return f"{cap}+" if count > cap else str(count)
