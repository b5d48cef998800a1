"""Results: thresholds exact at their edges, paper rounds (void, bad counts), online and paper
combined, turnout."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import EvaluationRules, PaperCount, PaperRound
from evaluations.results import evaluation_results
from evaluations.services import (
    evaluation_close,
    paper_round_enter,
)
from tests.evaluations.kit import ballots_cast, paper_handed_out, teller_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("best_two", "rated", "warning"),
    [(2, 3, False), (20, 30, False), (19, 30, True), (199, 300, True), (200, 300, False)],
)
def test_warning_below_two_thirds_exactly(best_two, rated, warning):
    rules = EvaluationRules.current()
    assert rules.warning(best_two=best_two, rated=rated) is warning


@pytest.mark.parametrize(
    ("worst", "rated", "flagged"),
    [(1, 3, False), (10, 30, False), (11, 30, True), (100, 300, False), (101, 300, True)],
)
def test_flagged_above_one_third_exactly(worst, rated, flagged):
    rules = EvaluationRules.current()
    assert rules.flagged(worst=worst, rated=rated) is flagged


def test_nothing_rated_is_neither_warned_nor_flagged():
    rules = EvaluationRules.current()
    assert not rules.warning(best_two=0, rated=0)
    assert not rules.flagged(worst=0, rated=0)


def test_rules_are_a_singleton_with_defaults():
    rules = EvaluationRules.current()
    assert (rules.warning_numerator, rules.warning_denominator) == (2, 3)
    assert (rules.flag_numerator, rules.flag_denominator) == (1, 3)
    assert EvaluationRules.current().pk == rules.pk


def _row(results):
    return results["subjects"][0].rows[0]


@pytest.mark.parametrize(
    ("ratings", "warning", "flagged"),
    [
        # exactly two thirds "excellent + competent": no warning
        (["excellent", "competent", "basically_competent"], False, False),
        # just below: 5 of 8
        (["excellent"] * 3 + ["competent"] * 2 + ["basically_competent"] * 3, True, False),
        # exactly one third "incompetent": not flagged (and exactly 2/3 good: no warning)
        (["excellent", "excellent", "incompetent"], False, False),
        # just above: 4 of 11
        (["excellent"] * 7 + ["incompetent"] * 4, True, True),
    ],
)
def test_marks_at_the_edges_through_ballots(
    open_evaluation, voters, secretariat, ratings, warning, flagged
):
    people = voters(len(ratings))
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    ballots_cast(evaluation, people, ratings)
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    row = _row(evaluation_results(evaluation))
    assert (row.warning, row.flagged) == (warning, flagged)


def test_blanks_and_dont_know_are_not_ratings(open_evaluation, voters, secretariat):
    # 2 excellent, 1 incompetent, 2 blank, 1 don't know: 1/3 incompetent of the 3 ratings.
    ratings = ["excellent", "excellent", "incompetent", "", "", "dont_know"]
    people = voters(len(ratings))
    evaluation = open_evaluation(people, subjects=1, criteria=1, allow_dont_know=True)
    ballots_cast(evaluation, people, ratings)
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    results = evaluation_results(evaluation)
    row = _row(results)
    assert (row.ballots, row.rated, row.blank, row.dont_know) == (6, 3, 2, 1)
    shares = {cell.rating: (cell.count, cell.share, cell.rated_share) for cell in row.cells}
    assert shares["excellent"] == (2, 33.3, 66.7)
    assert shares["incompetent"] == (1, 16.7, 33.3)
    assert shares["abstain"] == (2, 33.3, None)
    assert shares["dont_know"] == (1, 16.7, None)
    assert (row.warning, row.flagged) == (False, False)
    assert (results["entitled"], results["online"], results["ballots"]) == (6, 6, 6)
    assert results["turnout"] == 100.0


def _paper(evaluation, returned, per_cell):
    """Counts giving each subject and criterion the same split `per_cell` {rating: n}."""
    return {
        (s.pk, c.pk, rating): n
        for s in evaluation.subjects.all()
        for c in evaluation.criteria.all()
        for rating, n in per_cell.items()
    }


def test_paper_and_online_combined(open_evaluation, voters, secretariat):
    people = voters(20)
    evaluation = open_evaluation(people, subjects=2, criteria=2)
    ballots_cast(evaluation, people[:4], ["excellent", "competent", "incompetent", ""])
    paper_handed_out(evaluation, people[4:14])
    paper_round_enter(
        evaluation=evaluation,
        issued=10,
        returned=9,
        counts=_paper(evaluation, 9, {"excellent": 5, "basically_competent": 3, "abstain": 1}),
        entered_by=teller_of(evaluation),
    )
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    results = evaluation_results(evaluation)
    assert (results["entitled"], results["online"], results["paper_returned"]) == (20, 4, 9)
    assert results["ballots"] == 13
    assert results["turnout"] == 65.0
    for subject in results["subjects"]:
        for row in subject.rows:
            counts = {cell.rating: cell.count for cell in row.cells}
            assert counts == {
                "excellent": 6,
                "competent": 1,
                "basically_competent": 3,
                "incompetent": 1,
                "abstain": 2,
            }
            # 7 of the 11 ratings are excellent or competent: below two thirds.
            assert (row.ballots, row.rated, row.best_two) == (13, 11, 7)
            assert row.warning and not row.flagged


def test_a_void_round_is_recorded_and_left_out(open_evaluation, voters, secretariat):
    people = voters(10)
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    paper_handed_out(evaluation, people)
    counts = _paper(evaluation, 6, {"excellent": 6})
    with pytest.raises(ValidationError) as error:
        paper_round_enter(
            evaluation=evaluation,
            issued=5,
            returned=6,
            counts=counts,
            entered_by=teller_of(evaluation),
        )
    assert "returned" in error.value.message_dict
    assert "void" in error.value.message_dict["returned"][0]
    assert not PaperRound.objects.exists()
    void = paper_round_enter(
        evaluation=evaluation,
        issued=5,
        returned=6,
        counts=counts,
        entered_by=teller_of(evaluation),
        record_void=True,
    )
    assert void.void and void.number == 1
    assert not PaperCount.objects.exists()
    # A void round's ballots were never counted: the office may issue them again.
    again = paper_round_enter(
        evaluation=evaluation,
        issued=10,
        returned=4,
        counts=_paper(evaluation, 4, {"competent": 4}),
        entered_by=teller_of(evaluation),
    )
    assert again.number == 2 and not again.void
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    results = evaluation_results(evaluation)
    assert results["paper_returned"] == 4
    assert [r.void for r in results["rounds"]] == [True, False]
    assert {c.rating: c.count for c in _row(results).cells}["excellent"] == 0


def test_counts_must_add_up_to_the_ballots_returned(open_evaluation, voters, secretariat):
    people = voters(10)
    evaluation = open_evaluation(people, subjects=2, criteria=1)
    paper_handed_out(evaluation, people[:5])
    counts = _paper(evaluation, 5, {"excellent": 3, "abstain": 2})
    first = evaluation.subjects.first()
    criterion = evaluation.criteria.first()
    counts[(first.pk, criterion.pk, "abstain")] = 1
    with pytest.raises(ValidationError) as error:
        paper_round_enter(
            evaluation=evaluation,
            issued=5,
            returned=5,
            counts=counts,
            entered_by=teller_of(evaluation),
        )
    messages = error.value.message_dict["counts"]
    assert messages == [
        f"{first.name}, {criterion.name}: the counts (blanks included) add up to 4, not to the "
        "5 ballots returned."
    ]
    assert not PaperRound.objects.exists()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("unknown rating", 1),
        ("negative", -1),
    ],
)
def test_bad_counts_are_refused(open_evaluation, voters, secretariat, key, value):
    people = voters(3)
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    paper_handed_out(evaluation, people[:2])
    s, c = evaluation.subjects.first(), evaluation.criteria.first()
    counts = {(s.pk, c.pk, "excellent"): 2}
    if key == "unknown rating":
        counts[(s.pk, c.pk, "dont_know")] = value  # not offered on this form
    else:
        counts[(s.pk, c.pk, "competent")] = value
    with pytest.raises(ValidationError) as error:
        paper_round_enter(
            evaluation=evaluation,
            issued=2,
            returned=2,
            counts=counts,
            entered_by=teller_of(evaluation),
        )
    assert "counts" in error.value.message_dict
    assert not PaperRound.objects.exists()


def test_more_issued_than_handed_out_is_refused(open_evaluation, voters, secretariat):
    people = voters(5)
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    ballots_cast(evaluation, people[:2], ["excellent", "excellent"])
    paper_handed_out(evaluation, people[2:])
    with pytest.raises(ValidationError) as error:
        paper_round_enter(
            evaluation=evaluation,
            issued=4,
            returned=0,
            counts={},
            entered_by=teller_of(evaluation),
        )
    assert error.value.message_dict["issued"] == [
        "4 ballots issued is too many: 3 delegates are recorded as having received a paper "
        "ballot and 0 ballots were issued in earlier rounds. Record who received the ballots "
        "first."
    ]
    assert not PaperRound.objects.exists()


def test_paper_rounds_only_while_open(closed_evaluation, voters):
    evaluation = closed_evaluation(voters(2), subjects=1, criteria=1)
    with pytest.raises(ValidationError, match="while the evaluation is open"):
        paper_round_enter(
            evaluation=evaluation, issued=1, returned=0, counts={}, entered_by=teller_of(evaluation)
        )


def test_satisfaction_scale_marks(open_evaluation, voters, secretariat):
    ratings = ["satisfied", "basically_satisfied", "dissatisfied", "dissatisfied"]
    people = voters(len(ratings))
    evaluation = open_evaluation(people, subjects=1, criteria=1, scale="satisfaction")
    ballots_cast(evaluation, people, ratings)
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    results = evaluation_results(evaluation)
    row = _row(results)
    assert results["best_two_label"] == "Satisfied + Basically satisfied"
    assert results["worst_label"] == "Dissatisfied"
    assert (row.best_two, row.worst, row.rated) == (2, 2, 4)
    assert row.warning and row.flagged


@pytest.mark.parametrize("returned", [2**63, 10**30])
def test_a_void_round_with_a_number_too_big_to_store_is_refused(
    open_evaluation, voters, secretariat, returned
):
    """Nothing bounds the ballots returned of a void round but the column (found by fuzzing)."""
    people = voters(3)
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    paper_handed_out(evaluation, people[:2])
    with pytest.raises(ValidationError) as error:
        paper_round_enter(
            evaluation=evaluation,
            issued=2,
            returned=returned,
            counts={},
            entered_by=teller_of(evaluation),
            record_void=True,
        )
    assert "returned" in error.value.message_dict
    assert not PaperRound.objects.exists()
