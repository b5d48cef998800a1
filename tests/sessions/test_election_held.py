"""An election once held (a round opened) is the session's record: the office can neither
delete it (no button, the delete page refused, no bulk deletion) nor change its formal list,
candidates or scrutineers; one never held can still be deleted."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions.election_rounds import round_open
from sessions.elections import scrutineers_set
from sessions.models import Candidate, Election
from tests.core.factories import office_user
from tests.sessions.election_kit import election_in_hall

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:congress_sessions_election_changelist")


def _change(election):
    return reverse("admin:congress_sessions_election_change", args=[election.pk])


def _delete(election):
    return reverse("admin:congress_sessions_election_delete", args=[election.pk])


@pytest.fixture
def held(term):
    election, sitting, _delegates = election_in_hall(term)
    round_open(election=election, sitting=sitting, opened_by=office_user())
    return election


def test_a_held_election_offers_no_delete_and_refuses_it(client_for, secretariat, held):
    client = client_for(secretariat)
    page = client.get(_change(held)).content.decode()
    assert _delete(held) not in page
    assert client.get(_delete(held)).status_code == 403
    assert client.post(_delete(held), {"post": "yes"}).status_code == 403
    assert Election.objects.filter(pk=held.pk).exists()


def test_no_bulk_deletion_of_elections(client_for, secretariat, held):
    client = client_for(secretariat)
    listing = client.get(CHANGELIST).content.decode()
    assert 'value="delete_selected"' not in listing
    client.post(
        CHANGELIST,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [held.pk], "post": "yes"},
    )
    assert Election.objects.filter(pk=held.pk).exists()


def test_an_election_never_held_can_be_deleted(client_for, secretariat, term):
    election, _sitting, _delegates = election_in_hall(term)
    client = client_for(secretariat)
    assert _delete(election) in client.get(_change(election)).content.decode()
    assert client.post(_delete(election), {"post": "yes"}).status_code == 302
    assert not Election.objects.filter(pk=election.pk).exists()


def test_the_formal_list_of_a_held_election_cannot_be_changed(client_for, secretariat, held):
    client = client_for(secretariat)
    page = client.get(_change(held)).content.decode()
    # Candidates and scrutineers are shown, not offered as fields; the election's own
    # fields too.
    for field in ("candidates-0-name", "candidates-0-formal", "candidates-0-order", "seats"):
        assert f'name="{field}"' not in page
    assert "candidates-empty" not in page  # no "add another candidate"
    candidate = held.candidates.get(name="甲")
    forged = {
        "candidates-TOTAL_FORMS": "1",
        "candidates-INITIAL_FORMS": "1",
        "candidates-0-id": candidate.pk,
        "candidates-0-election": held.pk,
        "candidates-0-name": "改名",
        "candidates-0-formal": "",
        "seats": "3",
        "title": "改了",
    }
    client.post(_change(held), forged)
    candidate.refresh_from_db()
    held.refresh_from_db()
    assert candidate.name == "甲" and candidate.formal
    assert held.seats == 2 and held.title != "改了"
    assert Candidate.objects.filter(election=held).count() == 3


def test_the_scrutineers_of_a_held_election_stay(held):
    delegate = held.session.term.delegates.first()
    with pytest.raises(ValidationError, match="has been held"):
        scrutineers_set(election=held, delegates=[delegate], chief=delegate)
    assert not held.scrutineers.exists()
