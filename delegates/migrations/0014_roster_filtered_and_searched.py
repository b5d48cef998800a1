"""The roster filtered by its own columns and searched, flat as it grows (decisions 477, 478):
each term's rows of one status, education or occupation in the list's order from an index, and
the indexes of characters (migration 0013) without a pending list."""

from django.db import migrations, models

from congress_office import caseless_search

CHARACTERS = (
    "delegate_name_characters",
    "delegate_work_unit_characters",
    "delegate_phone_characters",
)


def without_pending_list(apps, schema_editor):
    """The roster changes seldom and is searched often (a large office's 5,000 delegates, all
    entered at once, sat in the pending list): `caseless_search.without_pending_list`."""
    caseless_search.without_pending_list(schema_editor, CHARACTERS)


def with_pending_list(apps, schema_editor):
    caseless_search.with_pending_list(schema_editor, CHARACTERS)


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
