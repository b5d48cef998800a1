"""Each role sees exactly the phones and emails it may (decision 233): the security matrix
checks that no page shows a role more (tests/security/personal_data.py); these check that the
pages each role needs them on do show them, and nothing beside."""

import csv
import io

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from proposals.models import Proposal
from tests.security.personal_data import DETAILS, SEES, personal_data_leaks

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _shown(world, role, path) -> set[tuple[str, str]]:
    response = _client(world, role).get(path)
    assert response.status_code == 200, f"{path} as {role}: {response.status_code}"
    text = response.content.decode()
    assert personal_data_leaks(role, text) == []
    return {
        (record, field)
        for record, values in DETAILS.items()
        for field, value in values.items()
        if value in text
    }


def test_a_delegate_sees_their_own_phone_and_email_on_their_profile(world):
    assert _shown(world, "delegate", "/delegates/me/") == {("me", "phone"), ("me", "email")}


def test_a_delegation_leader_sees_no_member_s_details(world):
    assert _shown(world, "leader", f"/delegates/delegations/{world.delegation.pk}/") == set()
    assert _shown(world, "leader", f"/delegates/{world.me.pk}/") == set()


def test_a_committee_member_sees_the_phone_of_the_delegates_they_keep_in_touch_with(world):
    assert _shown(world, "leader", "/delegates/contacts/") == {("me", "phone")}
    assert _shown(world, "leader", f"/delegates/contacts/{world.me.pk}/new/") == set()


def test_the_lead_unit_sees_the_author_s_phone_while_it_may_consult_them(world):
    page = f"/proposals/unit/items/{world.other_assignment.pk}/"
    assert _shown(world, "other_unit_staff", page) == {("other", "phone")}
    # Unit A has replied to the delegate's item: it consults no more, and sees no phone.
    assert world.replied.status != Proposal.Status.ASSIGNED
    assert _shown(world, "unit_staff", f"/proposals/unit/items/{world.assignment.pk}/") == set()
    assert _shown(world, "unit_staff", "/proposals/unit/") == set()


def test_the_lead_unit_no_longer_sees_the_phone_once_the_item_is_no_longer_its(world):
    Proposal.objects.filter(pk=world.other_item.pk).update(status=Proposal.Status.CLOSED)
    page = f"/proposals/unit/items/{world.other_assignment.pk}/"
    assert _shown(world, "other_unit_staff", page) == set()


def test_the_office_sees_every_delegate_s_details_in_the_admin_and_the_roster_export(world):
    everything = set(SEES["office"])
    shown = set()
    for record in DETAILS:
        pk = getattr(world, record).pk
        shown |= _shown(world, "office", f"/admin/delegates/delegate/{pk}/change/")
    assert shown == everything
    response = _client(world, "office").post(
        "/admin/delegates/delegate/",
        {
            "action": "export_csv",
            ACTION_CHECKBOX_NAME: [getattr(world, record).pk for record in DETAILS],
        },
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = {cell for row in rows for cell in row}
    assert {value for values in DETAILS.values() for value in values.values()} <= cells
