"""The proposals' and assignments' counts kept by statement-level triggers on PostgreSQL, for
their unfiltered change lists (decision 263; congress_office/row_counts.py)."""

from django.db import migrations

from congress_office.row_counts import count_rows_sql, stop_counting_rows_sql

TABLES = ["proposals_proposal", "proposals_assignment"]


def counting_start(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(count_rows_sql(table), params=None)


def counting_stop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(stop_counting_rows_sql(table), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("congress_office", "0009_row_counts"),
        ("proposals", "0022_search_by_characters"),
    ]

    operations = [migrations.RunPython(counting_start, counting_stop)]
