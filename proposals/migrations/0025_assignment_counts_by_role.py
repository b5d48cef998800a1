"""The assignments' count by role kept on PostgreSQL (decision 320): the list filtered by role
reads it instead of counting a third or two thirds of all assignments. A role never changes
(a row trigger refuses it), so UPDATEs of assignments cost nothing more."""

from django.db import migrations

from congress_office.row_counts import count_rows_by_sql, stop_counting_rows_by_sql

TABLE = "proposals_assignment"
COUNTED_BY = ("role",)


def kept_start(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(count_rows_by_sql(TABLE, COUNTED_BY, changeable=False), params=None)


def kept_stop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(stop_counting_rows_by_sql(TABLE, COUNTED_BY), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("congress_office", "0010_row_counts_by_value"),
        ("proposals", "0024_closed_by_unit"),
    ]

    operations = [migrations.RunPython(kept_start, kept_stop)]
