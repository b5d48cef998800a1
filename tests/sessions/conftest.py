import pytest

from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.factories import SessionFactory, SittingFactory
from tests.sessions.kit import S, attendance_taken, session_in


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
    """The session, its preparatory meeting held and then opened by the office."""
    return session_in(S.IN_PROGRESS, session=session)


@pytest.fixture
def mark_present():
    """Record delegates' attendance at a sitting, by the office (the kit's `attendance_taken`)."""
    return attendance_taken


@pytest.fixture
def my_record(delegate, session):
    """The signed-in delegate's record, entered into the session's term (by the fixture)."""
    return delegate.delegate_records.get()
