"""The admin's searches of items by title or number read an index of each column's characters
on PostgreSQL, for words of any length (decision 270); the trigram indexes of decision 219,
which answered words of three characters or more, are no longer read and are dropped."""

from django.db import migrations

from congress_office.caseless_search import characters_index_sql

CHARACTERS = {"proposal_title_characters": "title", "proposal_number_characters": "number"}
TRIGRAMS = {
    "proposal_title_trigrams": "upper((title)::text)",
    "proposal_number_trigrams": "upper((number)::text)",
}


def characters_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in CHARACTERS.items():
        schema_editor.execute(characters_index_sql(name, "proposals_proposal", column))
    for name in TRIGRAMS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def characters_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CHARACTERS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, expression in TRIGRAMS.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON proposals_proposal "
            f"USING gin ({expression} gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0021_open_lead_assignments_index")]

    operations = [migrations.RunPython(characters_create, characters_drop)]
