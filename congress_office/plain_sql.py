"""Model instances read with plain SQL, for the few reads every request of a hot page runs
(the secret ballot's): the ORM's building of a statement can cost several times what the
database spends running it. The columns are listed, and the values converted, as the ORM
would (decision 189)."""

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
