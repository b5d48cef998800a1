"""The items' counts by status, kind, source and term kept on PostgreSQL (decision 353): the
office's list filtered by one of them reads the kept count instead of counting the items
(8–15 ms of a page at 20,000 items, more than the trivial page itself). The status changes at
every step of the workflow and the kind when an item is turned into a suggestion: UPDATEs are
counted (a statement-level trigger over the statement's changed rows, its columns written
out in a function of the table's own)."""

from django.db import migrations

from congress_office.row_counts import (
    count_rows_by_sql,
    stop_counting_rows_by_sql,
    stop_written_out_by_sql,
    written_out_by_sql,
)

TABLE = "proposals_proposal"
# The list's filters by a field's choices or a related row on NOT NULL columns (the category
# and the session at filing may be empty: a NULL names no delta).
COUNTED_BY = ("status", "kind", "source", "term_id")


def kept_start(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(count_rows_by_sql(TABLE, COUNTED_BY, changeable=True), params=None)
        # the triggers' functions the table's own, the columns written out: items are
        # updated at every step of the workflow (decision 353)
        schema_editor.execute(written_out_by_sql(TABLE, COUNTED_BY), params=None)


def kept_stop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(stop_counting_rows_by_sql(TABLE, COUNTED_BY), params=None)
        schema_editor.execute(stop_written_out_by_sql(TABLE), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("congress_office", "0010_row_counts_by_value"),
        ("proposals", "0025_assignment_counts_by_role"),
    ]

    operations = [migrations.RunPython(kept_start, kept_stop)]
