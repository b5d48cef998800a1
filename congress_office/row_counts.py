"""Exact row counts of a few large tables without counting their rows (decision 263).

Django's paginator counts a change list's rows with `COUNT(*)`: at 100,000 proposals, an
index-only scan of 100,000 proposals or 290,000 assignments on every plain list page. On
PostgreSQL each counted table has two statement-level triggers (AFTER INSERT and AFTER DELETE,
with their transition tables) that append one row per statement to `RowCountDelta`: the table's
name and how many rows the statement added (or, negative, removed). The count is the sum of the
table's deltas, which a transaction sees exactly as it sees the table: its own statements and
those of the transactions committed before its statement, never another's uncommitted ones.
A writer only appends a row, so writers never wait for each other (one row per table updated in
place made every writer wait for the one before it to commit, and updating the same row again
and again inside one transaction grew dearer with each update).

The deltas are folded into one row when a read finds more than `FOLD_ABOVE` of them
(`congress_office_row_count`, a database function, so that a read is always one query): one
statement deletes the rows it could lock and inserts their sum (`FOR UPDATE SKIP LOCKED`: two
folds at once take different rows and neither waits; a row deleted by one is never summed by
the other). TRUNCATE removes the table's deltas (a third trigger). Anything that bypasses
triggers (`session_replication_role = replica`, `ALTER TABLE ... DISABLE TRIGGER`, a data-only
`pg_restore --disable-triggers`) would leave the counts wrong: `rows_counted_again` counts the
table afresh.

A table may also keep its count by the value of a few columns (decision 320): the rows whose
`role` is 'lead' are the deltas named `proposals_assignment.role=lead`, written by three more
statement-level triggers (INSERT, DELETE, and UPDATE when the columns may change; otherwise a
row trigger refuses a change of them) that group the transition table by each column. A value
without deltas was never written since the count began, or since TRUNCATE emptied the table
and removed them: no row has it, its count is 0 without a second query (a list's queries are
then the same whoever's values it shows). A nullable column's empty rows are a value of their
own, `table.column is null` (decision 365), counted by the table's own functions
(`written_out_by_sql`).

SQLite (the demo, the tests without DATABASE_URL) has no transition tables here: its lists count
as Django does."""

from django.db import connections
from django.db.models import QuerySet
from django.db.models.lookups import Exact, IsNull
from django.db.models.sql.where import AND, WhereNode

# A read folds the table's deltas into one row when it finds more than this many.
FOLD_ABOVE = 100

DELTAS = "congress_office_rowcountdelta"

# The functions every counted table's triggers share, and the read (migration congress_office
# 0009). Each trigger names its transition table `changed`.
FUNCTIONS_SQL = f"""
-- Every fold leaves the rows it summed dead: vacuumed after a thousand, not a fifth of the table.
ALTER TABLE {DELTAS} SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);

CREATE FUNCTION congress_office_rows_inserted() RETURNS trigger AS $$
BEGIN
    INSERT INTO {DELTAS} (table_name, delta)
        SELECT TG_TABLE_NAME, count(*) FROM changed HAVING count(*) > 0;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION congress_office_rows_deleted() RETURNS trigger AS $$
BEGIN
    INSERT INTO {DELTAS} (table_name, delta)
        SELECT TG_TABLE_NAME, -count(*) FROM changed HAVING count(*) > 0;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION congress_office_rows_truncated() RETURNS trigger AS $$
BEGIN
    DELETE FROM {DELTAS} WHERE table_name = TG_TABLE_NAME;
    INSERT INTO {DELTAS} (table_name, delta) VALUES (TG_TABLE_NAME, 0);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION congress_office_row_count_fold(counted text) RETURNS void AS $$
    WITH gone AS (
        DELETE FROM {DELTAS} WHERE id IN (
            SELECT id FROM {DELTAS} WHERE table_name = counted FOR UPDATE SKIP LOCKED
        )
        RETURNING delta
    )
    INSERT INTO {DELTAS} (table_name, delta)
        SELECT counted, sum(delta) FROM gone HAVING count(*) > 0;
$$ LANGUAGE sql;

CREATE FUNCTION congress_office_row_count(counted text) RETURNS bigint AS $$
DECLARE
    total bigint;
    deltas bigint;
BEGIN
    SELECT sum(delta), count(*) INTO total, deltas
        FROM {DELTAS} WHERE table_name = counted;
    IF deltas > {FOLD_ABOVE} AND current_setting('transaction_read_only') = 'off' THEN
        PERFORM congress_office_row_count_fold(counted);
    END IF;
    RETURN total;  -- NULL for a table whose count is not kept
END;
$$ LANGUAGE plpgsql;
"""

# The functions of the counts by value (migration congress_office 0010): each trigger gives the
# columns as its arguments; a column's value is part of the delta's name. NOT NULL columns only
# (a NULL would name no delta).
FUNCTIONS_BY_VALUE_SQL = f"""
CREATE FUNCTION congress_office_rows_inserted_by() RETURNS trigger AS $$
DECLARE
    counted text;
BEGIN
    FOREACH counted IN ARRAY TG_ARGV LOOP
        EXECUTE format(
            'INSERT INTO {DELTAS} (table_name, delta) '
            'SELECT %L || %I, count(*) FROM changed GROUP BY %I',
            TG_TABLE_NAME || '.' || counted || '=', counted, counted
        );
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION congress_office_rows_deleted_by() RETURNS trigger AS $$
DECLARE
    counted text;
BEGIN
    FOREACH counted IN ARRAY TG_ARGV LOOP
        EXECUTE format(
            'INSERT INTO {DELTAS} (table_name, delta) '
            'SELECT %L || %I, -count(*) FROM changed GROUP BY %I',
            TG_TABLE_NAME || '.' || counted || '=', counted, counted
        );
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION congress_office_rows_updated_by() RETURNS trigger AS $$
DECLARE
    counted text;
BEGIN
    FOREACH counted IN ARRAY TG_ARGV LOOP
        EXECUTE format(
            'INSERT INTO {DELTAS} (table_name, delta) '
            'SELECT %L || value, sum(delta) FROM ('
            '    SELECT %I::text AS value, 1 AS delta FROM changed'
            '    UNION ALL SELECT %I::text, -1 FROM gone'
            ') AS moved GROUP BY value HAVING sum(delta) <> 0',
            TG_TABLE_NAME || '.' || counted || '=', counted, counted
        );
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION congress_office_rows_truncated_by() RETURNS trigger AS $$
BEGIN
    DELETE FROM {DELTAS} WHERE starts_with(table_name, TG_TABLE_NAME || '.');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION congress_office_rows_unchangeable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The count of % by % is kept: the column does not change', TG_TABLE_NAME,
        TG_ARGV[0];
END;
$$ LANGUAGE plpgsql;
"""

DROP_FUNCTIONS_BY_VALUE_SQL = """
DROP FUNCTION IF EXISTS congress_office_rows_unchangeable();
DROP FUNCTION IF EXISTS congress_office_rows_truncated_by();
DROP FUNCTION IF EXISTS congress_office_rows_updated_by();
DROP FUNCTION IF EXISTS congress_office_rows_deleted_by();
DROP FUNCTION IF EXISTS congress_office_rows_inserted_by();
"""

DROP_FUNCTIONS_SQL = """
DROP FUNCTION IF EXISTS congress_office_row_count(text);
DROP FUNCTION IF EXISTS congress_office_row_count_fold(text);
DROP FUNCTION IF EXISTS congress_office_rows_truncated();
DROP FUNCTION IF EXISTS congress_office_rows_deleted();
DROP FUNCTION IF EXISTS congress_office_rows_inserted();
"""


def count_rows_sql(table: str) -> str:
    """The triggers that keep `table`'s count, and its count so far as its first delta. The
    table is locked against writes meanwhile, so no row is counted twice or missed."""
    return f"""
LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER {table}_rows_inserted AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION congress_office_rows_inserted();
CREATE TRIGGER {table}_rows_deleted AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION congress_office_rows_deleted();
CREATE TRIGGER {table}_rows_truncated AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION congress_office_rows_truncated();
DELETE FROM {DELTAS} WHERE table_name = '{table}';
INSERT INTO {DELTAS} (table_name, delta) SELECT '{table}', count(*) FROM {table};
"""


def stop_counting_rows_sql(table: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {table}_rows_inserted ON {table};
DROP TRIGGER IF EXISTS {table}_rows_deleted ON {table};
DROP TRIGGER IF EXISTS {table}_rows_truncated ON {table};
DELETE FROM {DELTAS} WHERE table_name = '{table}';
"""


def value_key(table: str, column: str, value) -> str:
    """The name of the deltas of `table`'s rows whose `column` holds `value`; None (NULL) is
    a value of its own (decision 365)."""
    if value is None:
        return f"{table}.{column} is null"
    return f"{table}.{column}={value!s}"


def value_name_sql(table: str, column: str) -> str:
    """SQL of the name `value_key` gives a row's value of `column`: a NULL is named "is null"
    (decision 365: the items' category and session at filing may be empty; the table's own
    functions, `written_out_by_sql`, count them; the shared ones' name of a NULL is NULL, which
    the deltas' table refuses)."""
    return f"coalesce('{table}.{column}=' || {column}, '{table}.{column} is null')"


def count_rows_by_sql(table: str, columns: tuple[str, ...], changeable: bool) -> str:
    """The triggers that keep `table`'s count by the value of each of `columns`, and the
    counts so far (the table locked meanwhile, as `count_rows_sql`). `changeable`: an UPDATE
    moves rows between values (counted from its transition tables); otherwise a change of
    the columns is refused, and UPDATEs cost nothing more."""
    arguments = ", ".join(f"'{column}'" for column in columns)
    first = "\n".join(
        f"INSERT INTO {DELTAS} (table_name, delta) SELECT {value_name_sql(table, column)}, "
        f"count(*) FROM {table} GROUP BY {column};"
        for column in columns
    )
    if changeable:
        updates = f"""
CREATE TRIGGER {table}_rows_updated_by AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS gone NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION congress_office_rows_updated_by({arguments});"""
    else:
        updates = "".join(
            f"""
CREATE TRIGGER {table}_{column}_unchangeable BEFORE UPDATE OF {column} ON {table}
    FOR EACH ROW WHEN (OLD.{column} IS DISTINCT FROM NEW.{column})
    EXECUTE FUNCTION congress_office_rows_unchangeable('{column}');"""
            for column in columns
        )
    return f"""
LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE;
CREATE TRIGGER {table}_rows_inserted_by AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION congress_office_rows_inserted_by({arguments});
CREATE TRIGGER {table}_rows_deleted_by AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION congress_office_rows_deleted_by({arguments});
CREATE TRIGGER {table}_rows_truncated_by AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION congress_office_rows_truncated_by();{updates}
DELETE FROM {DELTAS} WHERE starts_with(table_name, '{table}.');
{first}
"""


def stop_counting_rows_by_sql(table: str, columns: tuple[str, ...]) -> str:
    guards = "".join(
        f"\nDROP TRIGGER IF EXISTS {table}_{column}_unchangeable ON {table};" for column in columns
    )
    return f"""
DROP TRIGGER IF EXISTS {table}_rows_inserted_by ON {table};
DROP TRIGGER IF EXISTS {table}_rows_deleted_by ON {table};
DROP TRIGGER IF EXISTS {table}_rows_truncated_by ON {table};
DROP TRIGGER IF EXISTS {table}_rows_updated_by ON {table};{guards}
DELETE FROM {DELTAS} WHERE starts_with(table_name, '{table}.');
"""


def _moved(table: str, columns: tuple[str, ...], rows: str, sign: int) -> str:
    """Each of `rows`' values of each of `columns`, named as its deltas are, with `sign`."""
    return "\n        UNION ALL ".join(
        f"SELECT {value_name_sql(table, column)} AS name, {sign} AS delta FROM {rows}"
        for column in columns
    )


def written_out_by_sql(table: str, columns: tuple[str, ...]) -> str:
    """After `count_rows_by_sql(table, columns, changeable=True)`: its INSERT, DELETE and
    UPDATE triggers run functions of `table`'s own, with `columns` written out in one
    statement, instead of the shared functions' loop of `EXECUTE format(...)` per column,
    which PostgreSQL plans again on every statement (decision 353: four columns added
    1.2–1.7 ms to each UPDATE of an item under load, written out about nothing). The same
    deltas, one row per value a statement moved."""
    functions = {
        "inserted": ("changed", f"{_moved(table, columns, 'changed', 1)}", ""),
        "deleted": ("changed", f"{_moved(table, columns, 'changed', -1)}", ""),
        "updated": (
            "gone NEW TABLE AS changed",
            f"{_moved(table, columns, 'changed', 1)}\n        UNION ALL "
            f"{_moved(table, columns, 'gone', -1)}",
            " HAVING sum(delta) <> 0",
        ),
    }
    events = {
        "inserted": ("INSERT", "NEW"),
        "deleted": ("DELETE", "OLD"),
        "updated": ("UPDATE", "OLD"),
    }
    written = []
    for kind, (tables, moved, having) in functions.items():
        event, transition = events[kind]
        written.append(f"""
CREATE FUNCTION {table}_rows_{kind}_by() RETURNS trigger AS $$
BEGIN
    INSERT INTO {DELTAS} (table_name, delta)
    SELECT name, sum(delta) FROM (
        {moved}
    ) AS moved GROUP BY name{having};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER {table}_rows_{kind}_by ON {table};
CREATE TRIGGER {table}_rows_{kind}_by AFTER {event} ON {table}
    REFERENCING {transition} TABLE AS {tables}
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_rows_{kind}_by();""")
    return "".join(written)


def stop_written_out_by_sql(table: str) -> str:
    """After `stop_counting_rows_by_sql`: the functions `written_out_by_sql` wrote."""
    return "".join(
        f"\nDROP FUNCTION IF EXISTS {table}_rows_{kind}_by();"
        for kind in ("inserted", "deleted", "updated")
    )


def row_count(model, using: str = "default", key: str | None = None) -> int | None:
    """The number of rows of `model`'s table as this transaction sees it, from the kept
    deltas; None where they are not kept (SQLite, a table without the triggers: every counted
    table has at least one delta, its first count, a fold's sum or TRUNCATE's 0). `key`: the
    rows of one value of a column (`value_key`), None where that value has no deltas."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT congress_office_row_count(%s)", [key or model._meta.db_table])
        return cursor.fetchone()[0]


def row_count_fold(model, using: str = "default") -> None:
    """Fold the table's deltas into one row now (a read does when it finds many)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT congress_office_row_count_fold(%s)", [model._meta.db_table])


def rows_counted_again(model, using: str = "default", by: tuple[str, ...] = ()) -> None:
    """Replace the table's deltas by a fresh count of its rows, for after a load that bypassed
    the triggers (and its counts by the value of the columns `by`, when it keeps them: a value's
    deltas must all go, or the value's next delta would count from nothing). Writes to the
    table wait meanwhile."""
    table = model._meta.db_table
    with connections[using].cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {DELTAS} WHERE table_name = %s", [table])
        cursor.execute(
            f"INSERT INTO {DELTAS} (table_name, delta) SELECT %s, count(*) FROM {table}", [table]
        )
        if by:
            cursor.execute(f"DELETE FROM {DELTAS} WHERE starts_with(table_name, %s)", [table + "."])
        for column in by:
            cursor.execute(
                f"INSERT INTO {DELTAS} (table_name, delta) "
                f"SELECT {value_name_sql(table, column)}, count(*) FROM {table} GROUP BY {column}"
            )


def is_whole_table(queryset: QuerySet) -> bool:
    """Whether counting `queryset` counts every row of its model's table: no condition, no
    DISTINCT, slice, union or grouping (joins kept for display or ordering do not change how
    many rows there are: Django's count leaves them out)."""
    query = queryset.query
    return not (
        query.where
        or query.distinct
        or query.combinator
        or query.low_mark
        or query.high_mark is not None
        or query.group_by is not None
        or query.extra
        or query.annotation_select
    )


def column_conditions(queryset: QuerySet, nulls: bool = False) -> list[tuple[str, object]] | None:
    """[(column, value)] when `queryset` is its model's whole table but for conditions
    `column = value` on its own columns (the admin's filters by a field's choices or a related
    row: `status = 'active'`, `unit_id = 5`), [] for the whole table; otherwise None. `nulls`:
    `column IS NULL` too, as (column, None) (a filter's "None" choice, decision 365)."""
    if is_whole_table(queryset):
        return []
    query = queryset.query
    where = query.where
    if where.negated or where.connector != AND:
        return None
    conditions = []
    for condition in where.children:
        lhs = getattr(condition, "lhs", None)
        target = getattr(lhs, "target", None)
        value = getattr(condition, "rhs", None)
        is_null = nulls and isinstance(condition, IsNull) and value is True
        is_value = (
            isinstance(condition, Exact)
            and isinstance(value, (str, int))  # a choice's member too (`Status.ACTIVE`)
            and not isinstance(value, bool)
        )
        if not (
            (is_null or is_value)
            and getattr(lhs, "alias", None) == query.base_table
            and getattr(target, "model", None) is queryset.model
            and target.concrete
            and not target.many_to_many
        ):
            return None
        conditions.append((target.column, None if is_null else value))
    unfiltered = queryset._chain()  # nothing else: no search, distinct or annotation
    unfiltered.query.where = WhereNode()
    return conditions if is_whole_table(unfiltered) else None


class RowCountedQuerySet(QuerySet):
    """A queryset whose `count()` of the whole table reads the kept count (PostgreSQL) instead
    of counting; filtered, searched or sliced, it counts as Django does.

    The count read is kept with the queryset and shared by its copies (`_kept_count`, one
    list per `row_counted`): a change list counts the same whole table twice, for the page
    and for Django's full count, each from its own copy; the second read the table's kept
    count again, a query for the same number (decision 282). A page makes its queryset
    anew, so the number is never older than the page.

    Filtered by one value of a column whose counts by value are kept (`_counted_by`, the
    columns `row_counted` was given: `role = 'lead'`), it reads that value's kept count
    (decision 320), 0 where the value has no deltas."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._kept_count = []
        self._counted_by = ()

    def _clone(self):
        clone = super()._clone()
        clone._kept_count = self._kept_count
        clone._counted_by = self._counted_by
        return clone

    def count(self):
        if self._result_cache is None and is_whole_table(self):
            if self._kept_count:
                return self._kept_count[0]
            kept = row_count(self.model, self.db)
            if kept is not None:
                self._kept_count.append(kept)
                return kept
        elif self._result_cache is None and self._counted_by:
            conditions = column_conditions(self, nulls=True)
            if conditions and len(conditions) == 1 and conditions[0][0] in self._counted_by:
                key = value_key(self.model._meta.db_table, *conditions[0])
                kept = row_count(self.model, self.db, key)
                if kept is not None:
                    return kept
                if connections[self.db].vendor == "postgresql":
                    # No deltas: no row has had the value since the count began (or since
                    # TRUNCATE emptied the table), so none has it now.
                    return 0
        return super().count()


def row_counted(queryset: QuerySet, by: tuple[str, ...] = ()) -> QuerySet:
    """The same queryset, counted from the kept deltas when it is the whole table (for a
    model admin's `get_queryset`: both the paginator's count and Django's full count), or
    filtered by one value of one of the columns `by`, which must be columns whose counts by
    value the table keeps (`count_rows_by_sql`: a value without deltas counts 0)."""
    counted = RowCountedQuerySet(
        model=queryset.model, query=queryset.query.chain(), using=queryset._db
    )
    counted._counted_by = tuple(by)
    return counted
