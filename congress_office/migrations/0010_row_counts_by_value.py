"""The functions of the counts kept by a column's value (decision 320; congress_office/
row_counts.py, `FUNCTIONS_BY_VALUE_SQL`): each counted table's own migration adds its triggers."""

from django.db import migrations

from congress_office.row_counts import DROP_FUNCTIONS_BY_VALUE_SQL, FUNCTIONS_BY_VALUE_SQL


def functions_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS_BY_VALUE_SQL, params=None)


def functions_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTIONS_BY_VALUE_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("congress_office", "0009_row_counts")]

    operations = [migrations.RunPython(functions_create, functions_drop)]
