"""The items' counts by category and by session at filing kept too, an empty one (NULL) as a
value of its own (decision 365): the office's list of the items filed outside any session
counted 11,700 of 20,000 items on every page (6.5 ms of the database's time, more than the
trivial page), a category's 2,000–2,300 (1.7 ms). The triggers of migration 0026 are written
again for the six columns."""

from django.db import migrations

from congress_office.row_counts import (
    count_rows_by_sql,
    stop_counting_rows_by_sql,
    stop_written_out_by_sql,
    written_out_by_sql,
)

TABLE = "proposals_proposal"
BEFORE = ("status", "kind", "source", "term_id")
COUNTED_BY = (*BEFORE, "category_id", "session_id")


def _counted(schema_editor, stopped: tuple, started: tuple) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(stop_counting_rows_by_sql(TABLE, stopped), params=None)
    schema_editor.execute(stop_written_out_by_sql(TABLE), params=None)
    schema_editor.execute(count_rows_by_sql(TABLE, started, changeable=True), params=None)
    # the table's own functions, which name a NULL (the shared ones refuse it)
    schema_editor.execute(written_out_by_sql(TABLE, started), params=None)


def kept_start(apps, schema_editor):
    _counted(schema_editor, BEFORE, COUNTED_BY)


def kept_stop(apps, schema_editor):
    _counted(schema_editor, COUNTED_BY, BEFORE)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0026_proposal_counts_by_value")]

    operations = [migrations.RunPython(kept_start, kept_stop)]
