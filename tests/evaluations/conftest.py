"""Evaluations built and opened through the services, and voters to cast ballots."""

import pytest

from congress_office.roles import Role
from evaluations.models import Evaluation
from evaluations.services import entitlements_set, evaluation_open, tellers_set
from evaluations.tellers import evaluation_tellers
from tests.core.factories import UserFactory
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.evaluations.factories import CriterionFactory, EvaluationFactory, SubjectFactory
from tests.sessions.factories import SessionFactory, SittingFactory


@pytest.fixture
def session(term):
    return SessionFactory(term=term)


@pytest.fixture
def sitting(session):
    return SittingFactory(session=session)


@pytest.fixture
def make_evaluation(session):
    """A draft evaluation at the session with `subjects` subjects and `criteria` criteria."""

    def make(subjects=2, criteria=2, **fields):
        evaluation = EvaluationFactory(session=session, **fields)
        for n in range(subjects):
            SubjectFactory(evaluation=evaluation, name=f"成员{n}", is_team=n == 0)
        for n in range(criteria):
            CriterionFactory(evaluation=evaluation, name=f"指标{n}")
        return evaluation

    return make


@pytest.fixture
def voters(term):
    """`n` active delegates of the term, each with a user account (delegate role)."""

    def build(n):
        unit = ElectoralUnitFactory(term=term, seats=n + 5)
        people = []
        for _ in range(n):
            delegate = enter(term, unit)
            delegate.user = UserFactory(role=Role.DELEGATE)
            delegate.save(update_fields=["user"])
            people.append(delegate)
        return people

    return build


@pytest.fixture
def open_evaluation(make_evaluation, secretariat):
    """Open an evaluation with exactly these delegates entitled."""

    def make(entitled, evaluation=None, **fields):
        evaluation = evaluation or make_evaluation(**fields)
        entitlements_set(evaluation=evaluation, delegates=entitled)
        return evaluation_open(evaluation=evaluation, opened_by=secretariat)

    return make


def cells(evaluation: Evaluation):
    """{(subject name, criterion name, rating): count} of the online tallies."""
    return {
        (t.subject.name, t.criterion.name, t.rating): t.count
        for t in evaluation.tallies.select_related("subject", "criterion")
    }


def choose(evaluation: Evaluation, pick):
    """Choices for every subject and criterion: pick(subject, criterion) → rating."""
    return {
        (s.pk, c.pk): pick(s, c)
        for s in evaluation.subjects.all()
        for c in evaluation.criteria.all()
    }


def teller_of(evaluation):
    """A teller of the evaluation (who alone enters its paper rounds), made the first time."""
    teller = evaluation_tellers(evaluation).first()
    if teller is None:
        teller = UserFactory(username=f"teller-{evaluation.pk}")
        tellers_set(evaluation=evaluation, users=[teller])
    return teller
