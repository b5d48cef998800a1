"""The evaluations test kit: builders that bring an evaluation to any status through the
services, each step taken by the person the workflow says (evaluations/workflow.py): the
office opens and closes, a teller enters the paper rounds. Tests start from states the
product itself reaches.

    evaluation = evaluation_in(S.OPEN, session=session, entitled=people)
"""

from django.utils import timezone

from evaluations.models import Evaluation, PaperRound
from evaluations.services import (
    ballot_cast_for_delegate,
    entitlements_set,
    evaluation_close,
    evaluation_open,
    paper_ballots_hand_out,
    tellers_set,
)
from evaluations.tallies import online_counts
from evaluations.tellers import evaluation_tellers
from tests.core.factories import UserFactory, office_user
from tests.evaluations.factories import CriterionFactory, EvaluationFactory, SubjectFactory

S = Evaluation.Status


def evaluation_in(
    status,
    *,
    session=None,
    evaluation=None,
    subjects=2,
    criteria=2,
    entitled=None,
    office=None,
    **fields,
):
    """An evaluation brought to `status`: a draft at `session` (or the given `evaluation`)
    with `subjects` subjects, the first of them the team, and `criteria` criteria; opened by
    the office with `entitled` as its voters (when None, those checked in at the session);
    closed by the office."""
    office = office or office_user()
    if evaluation is None:
        if session is not None:
            fields["session"] = session
        evaluation = EvaluationFactory(**fields)
        for n in range(subjects):
            SubjectFactory(evaluation=evaluation, name=f"成员{n}", is_team=n == 0)
        for n in range(criteria):
            CriterionFactory(evaluation=evaluation, name=f"指标{n}")
    if status == S.DRAFT:
        return evaluation
    if entitled is not None:
        entitlements_set(evaluation=evaluation, delegates=entitled)
    evaluation = evaluation_open(evaluation=evaluation, opened_by=office)
    if status == S.OPEN:
        return evaluation
    evaluation = evaluation_close(evaluation=evaluation, closed_by=office)
    if evaluation.status != status:
        raise ValueError(f"{status} is not reached this way (the evaluation is closed)")
    return evaluation


def teller_of(evaluation):
    """A teller of the evaluation (who alone enters its paper rounds), made the first time."""
    teller = evaluation_tellers(evaluation).first()
    if teller is None:
        teller = UserFactory(username=f"teller-{evaluation.pk}")
        tellers_set(evaluation=evaluation, users=[teller])
    return teller


def paper_round_entered(evaluation: Evaluation) -> Evaluation:
    """A first paper round entered by the evaluation's teller: 5 papers issued, 4 returned."""
    PaperRound.objects.create(
        evaluation=evaluation,
        number=1,
        issued=5,
        returned=4,
        entered_by=teller_of(evaluation),
        entered_at=timezone.now(),
    )
    return evaluation


def paper_handed_out(evaluation: Evaluation, delegates):
    """A teller records that each of `delegates` received a paper ballot."""
    return paper_ballots_hand_out(
        evaluation=evaluation, delegates=delegates, handed_out_by=teller_of(evaluation)
    )


def ballots_cast(evaluation: Evaluation, delegates, ratings):
    """Each delegate votes online, giving one rating to every subject and criterion:
    `ratings` is one rating per delegate, or one rating for all of them."""
    if isinstance(ratings, str):
        ratings = [ratings] * len(delegates)
    for delegate, rating in zip(delegates, ratings, strict=True):
        ballot_cast_for_delegate(
            evaluation=evaluation,
            delegate=delegate,
            choices=choose(evaluation, lambda s, c, rating=rating: rating),
        )


def cells(evaluation: Evaluation):
    """{(subject name, criterion name, rating): count} of the online tallies (the tally
    shards summed)."""
    subjects = dict(evaluation.subjects.values_list("pk", "name"))
    criteria = dict(evaluation.criteria.values_list("pk", "name"))
    return {
        (subjects[s], criteria[c], rating): count
        for (s, c, rating), count in online_counts(evaluation).items()
    }


def choose(evaluation: Evaluation, pick):
    """Choices for every subject and criterion: pick(subject, criterion) → rating."""
    return {
        (s.pk, c.pk): pick(s, c)
        for s in evaluation.subjects.all()
        for c in evaluation.criteria.all()
    }
