"""The migrations that brought the tally shards: each evaluation's and each round's tally
rows (one per cell) become masked shards whose sum gives the same counts, so the results of
boxes closed before stay what they were; and those that keep the shards' counts as bytes
instead of JSON, each shard's numbers the same both ways."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from evaluations.results import evaluation_results
from evaluations.tallies import online_counts
from sessions.election_rounds import round_figures, round_online_counts
from sessions.models import ElectionRound
from tests.evaluations.kit import S, evaluation_in
from tests.sessions.secrecy_kit import shards_tell_nothing
from tests.sessions.test_election_rounds import hall  # noqa: F401 - the fixture

BEFORE = [
    ("evaluations", "0003_receipt_on_paper"),
    ("congress_sessions", "0012_round_step_entries_agreed"),
]
SHARDED = [
    ("evaluations", "0004_tally_shards"),
    ("congress_sessions", "0013_election_tally_shards"),
]
AFTER = [  # the shards' counts as bytes: what the code reads
    ("evaluations", "0005_tally_shard_counts_vector"),
    ("congress_sessions", "0014_tally_shard_counts_vector"),
]


@pytest.mark.django_db(transaction=True)
def test_the_tally_rows_become_shards_that_add_up_to_the_same_counts(hall, latest_after):  # noqa: F811
    election, sitting, delegates = hall
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    # A closed evaluation as the old services left it: a tally row per cell.
    evaluation = evaluation_in(S.DRAFT, session=election.session, subjects=2, criteria=3)
    evaluation.status = "closed"
    evaluation.save(update_fields=["status"])
    Receipt = old.get_model("evaluations", "Receipt")
    for delegate in delegates[:7]:
        Receipt.objects.create(evaluation_id=evaluation.pk, delegate_id=delegate.pk)
    OnlineTally = old.get_model("evaluations", "OnlineTally")
    ratings = evaluation.tally_ratings()
    before = {}
    for s in evaluation.subjects.all():
        for c in evaluation.criteria.all():
            for n, rating in enumerate(ratings):
                count = 7 - len(ratings) + 1 if n == 0 else 1
                before[(s.pk, c.pk, rating)] = count
                OnlineTally.objects.create(
                    evaluation_id=evaluation.pk,
                    subject_id=s.pk,
                    criterion_id=c.pk,
                    rating=rating,
                    count=count,
                )
    # A round with its tally rows: 5 ballots.
    election_round = ElectionRound.objects.create(
        election=election, number=1, sitting=sitting, seats=2
    )
    candidates = list(election.candidates.all())
    election_round.candidates.set(candidates)
    ElectionTally = old.get_model("congress_sessions", "ElectionTally")
    marks = {}
    for n, candidate in enumerate(candidates):
        for mark, count in zip(["for", "against", "abstain"], [5 - n, n, 0], strict=True):
            marks[(candidate.pk, mark)] = count
            ElectionTally.objects.create(
                round_id=election_round.pk, candidate_id=candidate.pk, mark=mark, count=count
            )

    MigrationExecutor(connection).migrate(AFTER)

    assert online_counts(evaluation) == before
    results = evaluation_results(evaluation)
    assert results["online"] == 7 and all(
        row.ballots == 7 for subject in results["subjects"] for row in subject.rows
    )
    shards = evaluation.tally_shards.values_list("counts", flat=True)
    assert shards_tell_nothing(shards, ballots=7)
    assert round_online_counts(election_round) == marks
    tallies = {t.key: t.votes_for for t in round_figures(election_round)["tallies"]}
    assert tallies == {c.pk: 5 - n for n, c in enumerate(candidates)}
    assert shards_tell_nothing(election_round.tally_shards.values_list("counts", flat=True), 5)

    # And back: the shards summed into the rows they came from.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    rows = old.get_model("evaluations", "OnlineTally").objects.values_list(
        "subject_id", "criterion_id", "rating", "count"
    )
    assert {(s, c, r): n for s, c, r, n in rows} == before
    rows = old.get_model("congress_sessions", "ElectionTally").objects.values_list(
        "candidate_id", "mark", "count"
    )
    assert {(c, m): n for c, m, n in rows} == marks


@pytest.mark.django_db(transaction=True)
def test_the_shards_counts_become_bytes_holding_the_same_numbers_and_back(hall, latest_after):  # noqa: F811
    election, sitting, delegates = hall
    evaluation = evaluation_in(S.OPEN, session=election.session, subjects=2, criteria=3)
    election_round = ElectionRound.objects.create(
        election=election, number=1, sitting=sitting, seats=2
    )
    tables = {"evaluations": "onlinetallyshard", "congress_sessions": "electiontallyshard"}
    executor = MigrationExecutor(connection)
    executor.migrate(SHARDED)
    old = executor.loader.project_state(SHARDED).apps
    shards = {
        "evaluations": [(evaluation.pk, n, [n, 2**31 - 1, 0, 7 * n]) for n in range(3)],
        "congress_sessions": [(election_round.pk, n, [2**31 - n, n]) for n in range(2)],
    }
    for label, rows in shards.items():
        model = old.get_model(label, tables[label])
        box = "evaluation_id" if label == "evaluations" else "round_id"
        model.objects.all().delete()
        model.objects.bulk_create(model(**{box: b}, shard=n, counts=v) for b, n, v in rows)

    def vectors(apps):
        return {
            label: sorted(apps.get_model(label, table).objects.values_list("shard", "counts"))
            for label, table in tables.items()
        }

    expected = {label: [(n, v) for _, n, v in rows] for label, rows in shards.items()}
    assert vectors(old) == expected
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert vectors(executor.loader.project_state(AFTER).apps) == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT counts FROM evaluations_onlinetallyshard WHERE shard = 2")
        assert bytes(cursor.fetchone()[0]) == bytes.fromhex("00000002 7fffffff 00000000 0000000e")
    executor = MigrationExecutor(connection)
    executor.migrate(SHARDED)
    assert vectors(executor.loader.project_state(SHARDED).apps) == expected
