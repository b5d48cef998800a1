"""The roster's change list read term by term from an index (decision 264), and the roster's
count kept by statement-level triggers on PostgreSQL (decision 263)."""

from django.db import migrations, models

from congress_office.row_counts import count_rows_sql, stop_counting_rows_sql

TABLE = "delegates_delegate"


def counting_start(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(count_rows_sql(TABLE), params=None)


def counting_stop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(stop_counting_rows_sql(TABLE), params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("congress_office", "0009_row_counts"),
        ("delegates", "0010_name_characters"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="delegate",
            index=models.Index(fields=["term", "name", "id"], name="delegate_term_name"),
        ),
        migrations.RunPython(counting_start, counting_stop),
    ]
