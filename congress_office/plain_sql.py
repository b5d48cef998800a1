"""Model instances read with plain SQL, for the few reads every request of a hot page runs
(the secret ballot's): the ORM's building of a statement can cost several times what the
database spends running it. The columns are listed, and the values converted, as the ORM
would (decision 189)."""

import hashlib
import threading
from functools import cache

from django.db import connection


def table(model) -> str:
    """The model's table, quoted."""
    return connection.ops.quote_name(model._meta.db_table)


def columns(model, alias: str) -> str:
    """ "alias.col, ..." of the model's concrete fields, in their order: what `instance` reads."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)


@cache
def _converters(model) -> tuple[list[str], list[tuple]]:
    """(attnames, [(column, the converters the ORM applies to its values)]) of the model's
    concrete fields. Once per process."""
    names, converters = [], []
    for field in model._meta.concrete_fields:
        column = field.get_col(model._meta.db_table)
        ops = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        names.append(field.attname)
        converters.append((column, ops))
    return names, converters


def instance(model, row, start: int = 0):
    """The model's instance from `row[start:]`, its concrete fields in their order (as
    `columns` lists them), the values converted as the ORM converts them (on SQLite, times
    arrive as text and booleans as 0 and 1)."""
    names, converters = _converters(model)
    values = []
    for (column, ops), value in zip(converters, row[start : start + len(names)], strict=True):
        for convert in ops:
            value = convert(value, column, connection)
        values.append(value)
    return model.from_db(connection.alias, names, values)


def width(model) -> int:
    """How many columns `columns` lists for the model."""
    return len(model._meta.concrete_fields)


def fenced(name: str, sql: str) -> str:
    """`WITH name AS (sql) `, materialized on PostgreSQL: the planner runs `sql` as written and
    apart, whatever the statement around it asks of its rows. For a hot statement's lookup by
    one key (the user's delegate records, by the index on their account), whose plan must not
    depend on statistics: on tables never analyzed (a roster imported minutes ago, autovacuum
    off) PostgreSQL chose to walk a whole term's delegates for the term and the user together
    (docs/performance.md, "Ballots, seventh pass")."""
    materialized = " MATERIALIZED" if connection.vendor == "postgresql" else ""
    return f"WITH {name} AS{materialized} ({sql}) "


def execute(cursor, sql: str, params=()) -> None:
    """Run `sql` (placeholders %s) on `cursor`; on PostgreSQL as a prepared statement of the
    connection (PREPARE once, then EXECUTE): these statements run on every ballot, and
    PostgreSQL spent more time parsing and planning them than running them (docs/performance.md,
    "Ballots, third pass"; decision 212). Elsewhere (SQLite) as it is."""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    name, numbered = _prepared(sql)
    raw = connection.connection
    if getattr(_prepared_on, "connection", None) is not raw:  # new: nothing prepared on it
        _prepared_on.connection, _prepared_on.names = raw, set()
    if name not in _prepared_on.names:
        # Through the driver's own cursor: a setting up of the connection, as Django's own
        # (its time zone) is, not a statement of the request, so the query logs and counts of
        # a request do not depend on which connection of the process serves it.
        with raw.cursor() as setup:
            setup.execute(f"PREPARE {name} AS {numbered}")
        _prepared_on.names.add(name)
    arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
    cursor.execute(f"EXECUTE {name}{arguments}", params)


# This thread's database connection (Django gives each thread its own) and the names of the
# statements prepared on it: a connection closed and opened again has none.
_prepared_on = threading.local()


@cache
def _prepared(sql: str) -> tuple[str, str]:
    """(the statement's name, `sql` with its %s numbered $1, $2, ... as PREPARE takes them)."""
    pieces = sql.split("%s")
    numbered = pieces[0] + "".join(f"${n}{piece}" for n, piece in enumerate(pieces[1:], 1))
    return f"plain_{hashlib.sha1(sql.encode()).hexdigest()[:16]}", numbered
