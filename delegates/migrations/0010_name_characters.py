"""The delegates' names with an index of their characters on PostgreSQL: the proposals' list
searches its items' authors by name through it (decision 270)."""

from django.db import migrations

from congress_office.caseless_search import characters_index_sql

NAME = "delegate_name_characters"


def characters_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(characters_index_sql(NAME, "delegates_delegate", "name"))


def characters_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("delegates", "0009_qualification_effective_index")]

    operations = [migrations.RunPython(characters_create, characters_drop)]
