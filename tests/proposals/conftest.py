import pytest

from proposals.models import ProposalCategory
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter


@pytest.fixture
def education(db):
    return ProposalCategory.objects.create(name="教育")


@pytest.fixture
def author(delegate, term):
    """The signed-in delegate's record, active in the term."""
    from delegates.models import QualificationEvent

    record = delegate.delegate_records.get()
    QualificationEvent.objects.create(
        delegate=record,
        kind="elected",
        effective_date=term.start_date,
        status_after="active",
        decision_reference="公告",
    )
    return record


@pytest.fixture
def colleagues(term):
    unit = ElectoralUnitFactory(term=term, seats=12)
    return [enter(term, unit) for _ in range(6)]
