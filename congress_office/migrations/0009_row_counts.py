"""The kept row counts (decision 263): the table of deltas, and on PostgreSQL the functions the
counted tables' triggers call and the read (congress_office/row_counts.py; a later change to
that SQL needs a migration of its own). Each counted table's own migration adds its triggers."""

from django.db import migrations, models

from congress_office.row_counts import DROP_FUNCTIONS_SQL, FUNCTIONS_SQL


def functions_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS_SQL, params=None)


def functions_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FUNCTIONS_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("congress_office", "0008_security_trail_no_truncate")]

    operations = [
        migrations.CreateModel(
            name="RowCountDelta",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("table_name", models.CharField(max_length=63)),
                ("delta", models.BigIntegerField()),
            ],
            options={
                "default_permissions": (),
                "indexes": [models.Index(fields=["table_name"], name="rowcountdelta_table")],
            },
        ),
        migrations.RunPython(functions_create, functions_drop),
    ]
