"""The migrations that brought the tally shards: each evaluation's and each round's tally
rows (one per cell) become masked shards whose sum gives the same counts, so the results of
boxes closed before stay what they were."""

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
AFTER = [("evaluations", "0004_tally_shards"), ("congress_sessions", "0013_election_tally_shards")]


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
