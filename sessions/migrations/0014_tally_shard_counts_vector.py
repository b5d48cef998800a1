"""The rounds' tally shards keep their counts as bytes, 4 a number, instead of JSON
(sessions.vector_migration; docs/performance.md, "Ballots, seventh pass"). Reversible."""

from django.db import migrations

from sessions.vector_migration import counts_into_vector


class Migration(migrations.Migration):
    dependencies = [
        ("congress_sessions", "0013_election_tally_shards"),
    ]

    operations = counts_into_vector("congress_sessions", "electiontallyshard")
