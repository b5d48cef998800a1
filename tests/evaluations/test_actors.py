"""Opening and closing an evaluation are the office's; paper rounds are its tellers' (the
office's own staff included only when made tellers). Each service refuses anybody else and
writes nothing."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import Evaluation, EvaluationStatusChange, PaperRound
from evaluations.services import (
    entitlements_set,
    evaluation_close,
    evaluation_open,
    paper_round_enter,
)
from tests.evaluations.kit import paper_handed_out, teller_of

pytestmark = pytest.mark.django_db


def _state(evaluation):
    return (
        Evaluation.objects.get(pk=evaluation.pk).status,
        EvaluationStatusChange.objects.count(),
        PaperRound.objects.count(),
    )


def test_opening_and_closing_are_the_offices(
    make_evaluation, voters, delegate, unit_staff, secretariat
):
    evaluation = make_evaluation()
    teller = teller_of(evaluation)
    for who in (delegate, unit_staff, teller, None):
        before = _state(evaluation)
        with pytest.raises(ValidationError, match="Only the congress office"):
            evaluation_open(evaluation=evaluation, opened_by=who)
        assert _state(evaluation) == before
    entitlements_set(evaluation=evaluation, delegates=voters(3))
    evaluation_open(evaluation=evaluation, opened_by=secretariat)
    for who in (delegate, unit_staff, teller, None):
        before = _state(evaluation)
        with pytest.raises(ValidationError, match="Only the congress office"):
            evaluation_close(evaluation=evaluation, closed_by=who)
        assert _state(evaluation) == before
    assert evaluation_close(evaluation=evaluation, closed_by=secretariat).status == "closed"


def test_paper_rounds_are_the_tellers(open_evaluation, voters, secretariat, delegate):
    people = voters(5)
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    teller = teller_of(evaluation)
    paper_handed_out(evaluation, people[:1])
    for who in (secretariat, delegate, None):
        before = _state(evaluation)
        with pytest.raises(ValidationError, match="Only the evaluation's tellers"):
            paper_round_enter(
                evaluation=evaluation, issued=1, returned=0, counts={}, entered_by=who
            )
        assert _state(evaluation) == before
    paper_round_enter(evaluation=evaluation, issued=1, returned=0, counts={}, entered_by=teller)
    assert PaperRound.objects.count() == 1
