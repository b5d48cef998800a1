"""The proposals' and assignments' lists read their first page newest first from an index, and
PostgreSQL knows how many titles a search matches (decision 198)."""

from django.db import migrations, models

# The admin's search compares UPPER(title) (`icontains`), an expression the planner had no
# statistics of: it guessed a dozen matches for a search matching every row and chose nested
# loops over 58,000 assignments. Extended statistics on the expressions (PostgreSQL 14+)
# let ANALYZE count them. Written exactly as Django's lookup writes them.
STATISTICS = {
    "proposal_title_upper": "upper((title)::text)",
    "proposal_number_upper": "upper((number)::text)",
}


def statistics_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in STATISTICS.items():
        schema_editor.execute(
            f"CREATE STATISTICS IF NOT EXISTS {name} ON ({expression}) FROM proposals_proposal"
        )
    schema_editor.execute("ANALYZE proposals_proposal")


def statistics_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("congress_sessions", "0013_election_tally_shards"),
        ("delegates", "0006_committee_contacts"),
        ("proposals", "0016_timeline_actions_of_every_kind"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["created_at", "id"], name="proposal_created"),
        ),
        migrations.RunPython(statistics_create, statistics_drop),
    ]
