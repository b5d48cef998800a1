"""The admin's search-as-you-type pickers (congress_office/admin_autocomplete.py): each offers
what its form field offers on that page, for that object, and answers only those who may use
the page. Their pages carry the chosen options only, not every account or delegate."""

import datetime

import pytest
from django.contrib.auth.models import Permission

from delegates.models import CommitteeMember
from tests.core.factories import UserFactory
from tests.core.pickers import AUTOCOMPLETE, picker_offers, picker_params
from tests.delegates.factories import DelegateFactory, TermFactory

pytestmark = pytest.mark.django_db

STAFF = "proposals.handlingunit.staff"
MEMBER_ACCOUNT = "delegates.committeemember.user"
MEMBER_DELEGATES = "delegates.committeemember.delegates"


def test_a_units_staff_picker_offers_no_account_with_another_role(office, delegate, unit):
    clerk = UserFactory(username="clerk_new")
    assert picker_offers(office, STAFF, "clerk") == ["clerk_new"]
    assert picker_offers(office, STAFF, "delegate") == []  # a delegate's account
    assert picker_offers(office, STAFF, "delegate", unit) == []
    assert "office" not in picker_offers(office, STAFF, "", unit)  # office staff have a role
    # The page lists none of them; what is chosen is saved and shown.
    page = office.get("/admin/proposals/handlingunit/add/").content.decode()
    assert "clerk_new" not in page and "admin-autocomplete" in page
    saved = office.post(
        f"/admin/proposals/handlingunit/{unit.pk}/change/", {"name": unit.name, "staff": [clerk.pk]}
    )
    assert saved.status_code == 302
    page = office.get(f"/admin/proposals/handlingunit/{unit.pk}/change/").content.decode()
    assert f'<option value="{clerk.pk}" selected>clerk_new</option>' in page


def test_an_account_the_field_does_not_offer_is_refused_when_posted(office, delegate, unit):
    """The picker is only the way to choose: the form still refuses what it does not offer."""
    page = office.post(
        f"/admin/proposals/handlingunit/{unit.pk}/change/",
        {"name": unit.name, "staff": [delegate.pk]},
    )
    assert page.status_code == 200
    assert "is not one of the available choices" in page.content.decode()


def test_the_committee_members_pickers_search_people_by_their_names(office, term, delegate):
    assert picker_offers(office, MEMBER_ACCOUNT, "张代")[0].startswith("张代表 (")
    assert picker_offers(office, MEMBER_ACCOUNT, "delegate")[0].startswith("张代表 (")
    assert picker_offers(office, MEMBER_ACCOUNT, "李秘书") == ["李秘书"]  # office staff
    assert picker_offers(office, MEMBER_ACCOUNT, "nobody at all") == []
    assert picker_offers(office, MEMBER_DELEGATES, "张")[0].startswith("张代表 (")


def test_a_members_delegates_picker_offers_the_delegates_of_the_members_term(office, term):
    DelegateFactory(term=term, name="本届代表")
    earlier = TermFactory(
        start_date=datetime.date(2017, 1, 1), end_date=datetime.date(2021, 12, 31)
    )
    DelegateFactory(term=earlier, name="上届代表")
    member = CommitteeMember.objects.create(term=earlier, name="郑委员")
    assert [o.split(" ")[0] for o in picker_offers(office, MEMBER_DELEGATES, "代表", member)] == [
        "上届代表"
    ]
    assert [o.split(" ")[0] for o in picker_offers(office, MEMBER_DELEGATES, "代表")] == [
        "本届代表"
    ]  # a new member's: the running terms'
    page = office.get(f"/admin/delegates/committeemember/{member.pk}/change/").content.decode()
    assert f'data-ajax--url="{AUTOCOMPLETE}?object={member.pk}"' in page


def test_the_delegates_account_picker_answers_the_office(office, term, delegate):
    """Django's view asked for the permission to view accounts, which office staff lack."""
    record = delegate.delegate_records.get()
    assert picker_offers(office, "delegates.delegate.user", "delegate", record) == ["delegate"]
    assert picker_offers(office, "delegates.delegate.user", "delegate") == ["delegate"]  # entry


@pytest.mark.parametrize("role", ["delegate", "unit_staff"])
def test_delegates_and_units_staff_cannot_ask_a_picker(request, client_for, role, unit):
    client = client_for(request.getfixturevalue(role))
    for field in (STAFF, MEMBER_ACCOUNT, "delegates.delegate.user"):
        response = client.get(AUTOCOMPLETE, picker_params(field, "a"))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_picker_answers_only_a_page_the_user_may_use(client_for, office, unit):
    asked = {
        "no such field on the page": picker_params("proposals.handlingunit.name"),
        "no such object": {**picker_params(STAFF), "object": "999999"},
        "not an id": {**picker_params(STAFF), "object": "x"},
        "no such model": picker_params("proposals.nothing.staff"),
    }
    for why, params in asked.items():
        assert office.get(AUTOCOMPLETE, params).status_code == 403, why
    viewer = UserFactory(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_handlingunit"))
    client = client_for(viewer)
    assert client.get(AUTOCOMPLETE, picker_params(STAFF)).status_code == 403
    assert client.get(AUTOCOMPLETE, picker_params(STAFF, obj=unit)).status_code == 403
