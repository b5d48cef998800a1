"""The admin's searches of items by title or number (`icontains`) read a trigram index on
PostgreSQL when the text searched has three characters or more (decision 219)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Written exactly as Django's `icontains` compares them (UPPER(...) LIKE UPPER('%...%')), so
# that the planner matches the index to the search's expression. pg_trgm cuts Chinese text
# into trigrams under the database's C.UTF-8 (libc) character classes as it does Latin text.
TRIGRAMS = {
    "proposal_title_trigrams": "upper((title)::text)",
    "proposal_number_trigrams": "upper((number)::text)",
}


class TrigramExtensionOnPostgres(TrigramExtension):
    """Django's operation looks the vendor up when applied but not when unapplied, where it
    asks PostgreSQL's `pg_extension` on any database: SQLite (`bin/test`), whose migration
    tests unapply it, has no such table."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigrams_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in TRIGRAMS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON proposals_proposal "
            f"USING gin ({expression} gin_trgm_ops)"
        )


def trigrams_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAMS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0018_extensions_asked_index")]

    operations = [
        TrigramExtensionOnPostgres(),
        migrations.RunPython(trigrams_create, trigrams_drop),
    ]
