"""The roster filtered by its own columns and searched, flat as it grows (decisions 477, 478):
each term's rows of one status, education or occupation in the list's order from an index, and
the indexes of characters (migration 0013) without a pending list."""

from django.db import migrations, models

CHARACTERS = (
    "delegate_name_characters",
    "delegate_work_unit_characters",
    "delegate_phone_characters",
)


def without_pending_list(apps, schema_editor):
    """A GIN index's "fast update" puts new rows in a pending list that every search reads
    whole until a vacuum merges it: a roster entered or imported since (a large office's 5,000
    delegates, all of them) was searched by reading every row's characters, slower than reading
    the table. The roster changes seldom and is searched often: rows go straight into the index,
    and what is pending now is merged."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CHARACTERS:
        schema_editor.execute(f'ALTER INDEX IF EXISTS "{name}" SET (fastupdate = off)')
        schema_editor.execute(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c WHERE c.relname = %s",
            params=[name],
        )


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in CHARACTERS:
            schema_editor.execute(f'ALTER INDEX IF EXISTS "{name}" RESET (fastupdate)')


class Migration(migrations.Migration):
    dependencies = [
        ("delegates", "0013_roster_counts_by_value"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="delegate",
            index=models.Index(
                fields=["term", "status", "name", "id"], name="delegate_term_status_name"
            ),
        ),
        migrations.AddIndex(
            model_name="delegate",
            index=models.Index(
                fields=["term", "education", "name", "id"], name="delegate_term_education_name"
            ),
        ),
        migrations.AddIndex(
            model_name="delegate",
            index=models.Index(
                fields=["term", "occupation", "name", "id"], name="delegate_term_occupation_name"
            ),
        ),
        migrations.RunPython(without_pending_list, with_pending_list),
    ]
