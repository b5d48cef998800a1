"""Pages keep a constant number of queries as rows grow (checked at two data sizes)."""

import pytest

from congress_office.roles import Role
from tests.core.factories import UserFactory
from tests.delegates.factories import DelegateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("colleagues", [2, 40])
def test_unit_home(client_for, unit_staff, unit, colleagues, django_assert_max_num_queries):
    for n in range(colleagues):
        unit.staff.add(UserFactory(username=f"colleague{n}", role=Role.UNIT_STAFF))
    client = client_for(unit_staff)
    # session, user, user's groups (role check), units, their staff
    with django_assert_max_num_queries(5):
        response = client.get("/proposals/unit/")
    # every colleague plus the signed-in user, each with a mailto link
    assert response.content.decode().count("@example.org</a>") == colleagues + 1


@pytest.mark.parametrize("size", [5, 60])
def test_admin_delegate_list(client_for, secretariat, term, size, django_assert_max_num_queries):
    for _ in range(size):
        DelegateFactory(term=term)
    client = client_for(secretariat)
    # session, user, permissions (2), count (2), rows, filter choices (term, delegation)
    with django_assert_max_num_queries(12):
        response = client.get("/admin/delegates/delegate/")
    assert response.status_code == 200
    assert f"{size} delegates" in response.content.decode()


def test_delegate_profile(client_for, delegate, django_assert_max_num_queries):
    client = client_for(delegate)
    with django_assert_max_num_queries(4):  # session, user, groups, the delegate record
        response = client.get("/delegates/me/")
    assert response.status_code == 200
