import pytest

from sessions.models import Attendance, Session
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.factories import SessionFactory, SittingFactory


@pytest.fixture
def session(term):
    return SessionFactory(term=term)


@pytest.fixture
def sitting(session):
    return SittingFactory(session=session)


@pytest.fixture
def roster(term):
    """Build `n` active delegates of the term; returns them."""

    def build(n):
        unit = ElectoralUnitFactory(term=term, seats=n)
        return [enter(term, unit) for _ in range(n)]

    return build


@pytest.fixture
def in_progress(session):
    Session.objects.filter(pk=session.pk).update(status=Session.Status.IN_PROGRESS)
    session.refresh_from_db()
    return session


@pytest.fixture
def mark_present():
    def mark(sitting, delegates, status="present"):
        Attendance.objects.bulk_create(
            Attendance(sitting=sitting, delegate=d, status=status, method="list") for d in delegates
        )

    return mark
