"""The roster at 100,000 items (decision 320): its counts by status and personal field kept on
PostgreSQL, the names in order (the roster sorted by name first), and the work units and phones
with an index of their characters as the names have (the roster's search)."""

from django.db import migrations, models

from congress_office.caseless_search import characters_index_sql
from congress_office.row_counts import count_rows_by_sql, stop_counting_rows_by_sql

TABLE = "delegates_delegate"
# The columns the roster's filters count by (each a field's choices); the status changes with
# a qualification change, the others on the change page: UPDATEs are counted.
COUNTED_BY = ("status", "gender", "education", "occupation", "term_id")
CHARACTERS = {"delegate_work_unit_characters": "work_unit", "delegate_phone_characters": "phone"}


def kept_start(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(count_rows_by_sql(TABLE, COUNTED_BY, changeable=True), params=None)
        for name, column in CHARACTERS.items():
            schema_editor.execute(characters_index_sql(name, TABLE, column))


def kept_stop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(stop_counting_rows_by_sql(TABLE, COUNTED_BY), params=None)
        for name in CHARACTERS:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("congress_office", "0010_row_counts_by_value"),
        ("delegates", "0012_roster_term_id"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="delegate",
            index=models.Index(fields=["name", "id"], name="delegate_name"),
        ),
        migrations.RunPython(kept_start, kept_stop),
    ]
