"""What the kept row counts cost a write (decision 263): one-row INSERT and DELETE statements
on two scratch tables of the same shape, one with the counting triggers and one without,
interleaved statement by statement, in short transactions (each statement its own) and in one
long transaction; the trigger's cost is the difference of the medians. Also the read (the sum of
a table's deltas) with one delta and with as many as a read tolerates before folding.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/bench_row_counts.py

PostgreSQL only, on a migrated database (not dropped: the scratch tables and their deltas are
removed at the end). Prints figures; asserts nothing."""

import argparse
import statistics
import time

import benchdb  # bench/benchdb.py: settings

benchdb.configure()

PLAIN, COUNTED = "bench_rows_plain", "bench_rows_counted"
SHAPE = "(id bigserial PRIMARY KEY, proposal_id integer NOT NULL, unit_id integer, role text)"


def tables_make(cursor):
    from congress_office.row_counts import count_rows_sql

    for table in (PLAIN, COUNTED):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE {table} {SHAPE}")
        cursor.execute(f"CREATE INDEX ON {table} (proposal_id)")
    cursor.execute(count_rows_sql(COUNTED))


def tables_drop(cursor):
    from congress_office.row_counts import stop_counting_rows_sql

    cursor.execute(stop_counting_rows_sql(COUNTED))
    for table in (PLAIN, COUNTED):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


def timed(cursor, sql, params=()) -> float:
    start = time.perf_counter_ns()
    cursor.execute(sql, params)
    return (time.perf_counter_ns() - start) / 1000  # µs


def statements(cursor, n: int, *, each_own_transaction: bool, connection) -> dict:
    """{(table, "insert" | "delete"): [µs per statement]}, the tables taking turns."""
    times = {(t, op): [] for t in (PLAIN, COUNTED) for op in ("insert", "delete")}
    ids = {PLAIN: [], COUNTED: []}
    for i in range(n):
        for table in (PLAIN, COUNTED) if i % 2 else (COUNTED, PLAIN):
            sql = f"INSERT INTO {table} (proposal_id, unit_id, role) VALUES (%s, %s, 'lead')"
            times[(table, "insert")].append(timed(cursor, sql + " RETURNING id", (i, i % 200)))
            ids[table].append(cursor.fetchone()[0])
            if each_own_transaction:
                connection.commit()
    for i in range(n):
        for table in (PLAIN, COUNTED) if i % 2 else (COUNTED, PLAIN):
            sql = f"DELETE FROM {table} WHERE id = %s"
            times[(table, "delete")].append(timed(cursor, sql, (ids[table][i],)))
            if each_own_transaction:
                connection.commit()
    return times


def report(label: str, times: dict, n: int) -> None:
    print(f"{label} ({n:,} statements of each kind on each table)")
    for op in ("insert", "delete"):
        plain = statistics.median(times[(PLAIN, op)])
        counted = statistics.median(times[(COUNTED, op)])
        last = statistics.median(times[(COUNTED, op)][-1000:])
        first = statistics.median(times[(COUNTED, op)][:1000])
        print(
            f"  {op:<7} without triggers {plain:7.1f} µs   with {counted:7.1f} µs   "
            f"the triggers' cost {counted - plain:6.1f} µs   "
            f"(with: first 1,000 {first:.1f} µs, last 1,000 {last:.1f} µs)"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", type=int, default=2000, help="statements, own transactions")
    parser.add_argument("--long", type=int, default=10000, help="statements in one transaction")
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    from congress_office.row_counts import FOLD_ABOVE

    assert connection.vendor == "postgresql", "PostgreSQL only"
    connection.ensure_connection()
    raw = connection.connection  # psycopg's own: the transactions are this script's
    raw.autocommit = False
    cursor = raw.cursor()
    tables_make(cursor)
    raw.commit()
    try:
        statements(cursor, 200, each_own_transaction=True, connection=raw)  # warm up
        raw.commit()
        report(
            "short transactions",
            statements(cursor, args.short, each_own_transaction=True, connection=raw),
            args.short,
        )
        raw.commit()
        report(
            "one long transaction",
            statements(cursor, args.long, each_own_transaction=False, connection=raw),
            args.long,
        )
        raw.commit()
        read = "SELECT congress_office_row_count(%s)"
        cursor.execute("SELECT congress_office_row_count_fold(%s)", [COUNTED])
        raw.commit()
        unvacuumed = statistics.median(timed(cursor, read, [COUNTED]) for _ in range(200))
        raw.commit()
        raw.autocommit = True  # VACUUM runs outside a transaction
        cursor.execute("VACUUM congress_office_rowcountdelta")
        raw.autocommit = False
        one = statistics.median(timed(cursor, read, [COUNTED]) for _ in range(200))
        cursor.execute(
            "INSERT INTO congress_office_rowcountdelta (table_name, delta) "
            "SELECT %s, 0 FROM generate_series(1, %s)",
            [COUNTED, FOLD_ABOVE - 1],
        )
        raw.commit()
        most = statistics.median(timed(cursor, read, [COUNTED]) for _ in range(200))
        print(
            f"read (µs): one delta {one:.1f}, {FOLD_ABOVE} deltas {most:.1f}; right after folding "
            f"the long transaction's {2 * args.long:,} deltas, before their dead rows are "
            f"vacuumed {unvacuumed:.1f}"
        )
        raw.commit()
    finally:
        raw.rollback()
        tables_drop(cursor)
        raw.commit()


if __name__ == "__main__":
    main()
