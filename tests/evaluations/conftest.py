"""Evaluations built and opened through the kit (tests/evaluations/kit.py), and voters to
cast ballots."""

import pytest

from congress_office.roles import Role
from tests.core.factories import UserFactory
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.evaluations.kit import S, evaluation_in
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
        return evaluation_in(
            S.DRAFT, session=session, subjects=subjects, criteria=criteria, **fields
        )

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
def open_evaluation(session, secretariat):
    """Open an evaluation (a new one at the session, or the given draft) with exactly these
    delegates entitled, by the office."""

    def make(entitled, evaluation=None, **fields):
        return evaluation_in(
            S.OPEN,
            session=session,
            evaluation=evaluation,
            entitled=entitled,
            office=secretariat,
            **fields,
        )

    return make


@pytest.fixture
def closed_evaluation(session, secretariat):
    """An evaluation opened with exactly these delegates entitled, then closed, by the
    office."""

    def make(entitled, **fields):
        return evaluation_in(
            S.CLOSED, session=session, entitled=entitled, office=secretariat, **fields
        )

    return make
