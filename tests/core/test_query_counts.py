"""Pages keep a constant number of queries as rows grow (checked at two data sizes)."""

import datetime

import pytest

from delegates.models import QualificationEvent
from proposals.models import Proposal
from proposals.units import unit_add_staff
from tests.core.factories import UserFactory
from tests.delegates.factories import DelegateFactory
from tests.proposals.kit import S, proposal_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("colleagues", [2, 40])
def test_unit_home(client_for, unit_staff, unit, colleagues, django_assert_max_num_queries):
    for n in range(colleagues):
        unit_add_staff(unit=unit, user=UserFactory(username=f"colleague{n}"))
    client = client_for(unit_staff)
    # session, user, user's groups (role check), guardian's content type, the user's units,
    # their staff, the inbox (count and page), the unread notifications
    with django_assert_max_num_queries(9):
        response = client.get("/proposals/unit/")
    # every colleague plus the signed-in user, each with a mailto link
    assert response.content.decode().count("@example.org</a>") == colleagues + 1


@pytest.mark.parametrize("size", [5, 60])
def test_admin_delegate_list(client_for, secretariat, term, size, django_assert_max_num_queries):
    for _ in range(size):
        DelegateFactory(term=term)
    client = client_for(secretariat)
    # session, user, permissions (1), count (2), rows, filter choices (term, delegation)
    with django_assert_max_num_queries(11):
        response = client.get("/admin/delegates/delegate/")
    assert response.status_code == 200
    assert f"{size} delegates" in response.content.decode()


@pytest.mark.parametrize("changes", [0, 12])
def test_delegate_profile(client_for, delegate, changes, django_assert_max_num_queries):
    record = delegate.delegate_records.get()
    for n in range(changes):
        QualificationEvent.objects.create(
            delegate=record,
            kind="suspended" if n % 2 == 0 else "restored",
            effective_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n),
            status_after="active",
            decision_reference=f"{n}",
        )
    client = client_for(delegate)
    # session, user, groups, the delegate record, guardian's content types (2) and the
    # delegations the user leads, the qualification history, the unread notifications
    with django_assert_max_num_queries(9):
        response = client.get("/delegates/me/")
    # The changes and the election that started the record.
    assert response.content.decode().count("<li><strong>") == changes + 1


@pytest.mark.parametrize("size", [2, 25])
def test_the_office_sees_items_and_their_timeline_in_constant_queries(
    client_for, secretariat, author, size, django_assert_max_num_queries
):
    for n in range(size):
        proposal_in(S.SUBMITTED, author=author, title=f"建议{n}")
    client = client_for(secretariat)
    with django_assert_max_num_queries(14):
        listing = client.get("/admin/proposals/proposal/?status=submitted")
    assert listing.status_code == 200 and f"{size} proposals and suggestions" in (
        listing.content.decode()
    )
    item = Proposal.objects.first()
    page = client.get(f"/admin/proposals/proposal/{item.pk}/change/").content.decode()
    assert "submitted" in page.lower() and item.title in page
