"""The office's election rounds in the admin (issue 13): opening the first round at a
sitting, closing it with a confirmation, and a closed round's results with what follows."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from sessions.election_rounds import election_ballot_cast, round_close, round_open
from sessions.models import ElectionRound
from tests.core.factories import office_user
from tests.sessions.election_kit import two_rounds
from tests.sessions.test_election_rounds import hall  # noqa: F401 (the fixture)
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:congress_sessions_election_changelist")


def test_open_then_close_a_round_by_actions(client, hall):  # noqa: F811
    election, sitting, _delegates = hall
    sign_in_as(client, office_user())
    asked = client.post(
        CHANGELIST, {"action": "open_first_round", ACTION_CHECKBOX_NAME: [election.pk]}
    )
    assert asked.status_code == 200 and "sitting" in asked.content.decode()
    client.post(
        CHANGELIST,
        {
            "action": "open_first_round",
            ACTION_CHECKBOX_NAME: [election.pk],
            "apply": "1",
            "sitting": sitting.pk,
        },
    )
    election_round = ElectionRound.objects.get(election=election)
    assert election_round.status == "open"
    unconfirmed = {"action": "close_open_round", ACTION_CHECKBOX_NAME: [election.pk], "apply": "1"}
    assert "Tick the box" in client.post(CHANGELIST, unconfirmed).content.decode()
    election_round.refresh_from_db()
    assert election_round.status == "open"
    client.post(CHANGELIST, {**unconfirmed, "confirm": "on"})
    election_round.refresh_from_db()
    assert election_round.status == "closed"
    page = client.get(reverse("admin:congress_sessions_election_change", args=[election.pk]))
    assert reverse("admin:congress_sessions_election_round_results", args=[election_round.pk]) in (
        page.content.decode()
    )


def test_results_of_an_unfilled_seat_offer_a_further_round_among_the_rest(client, hall):  # noqa: F811
    election, sitting, delegates = hall
    ids = {c.name: c.pk for c in election.candidates.all()}
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    # 甲 elected by all ten; 乙 and 丙 at five each, no majority: a seat left unfilled.
    for n, delegate in enumerate(delegates):
        second = "乙" if n % 2 else "丙"
        election_ballot_cast(
            election_round=election_round,
            user=delegate.user,
            marks={ids["甲"]: "for", ids[second]: "for"},
        )
    round_close(election_round=election_round, closed_by=office_user())
    sign_in_as(client, office_user())
    url = reverse("admin:congress_sessions_election_round_results", args=[election_round.pk])
    page = client.get(url).content.decode()
    assert "issued" in page and "elected" in page
    assert "乙、丙" in page or "丙、乙" in page
    assert "Open the next round" in page
    client.post(reverse("admin:congress_sessions_election_next_round", args=[election_round.pk]))
    further = ElectionRound.objects.get(election=election, number=2)
    assert further.seats == 1
    assert sorted(c.name for c in further.candidates.all()) == ["丙", "乙"]


def test_an_open_round_has_no_results_page(client, hall):  # noqa: F811
    election, sitting, _delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    sign_in_as(client, office_user())
    url = reverse("admin:congress_sessions_election_round_results", args=[election_round.pk])
    assert client.get(url).status_code == 404


def test_the_offices_results_page_shows_every_round(client_for, secretariat, term):
    election, first, second, _delegates = two_rounds(term)
    client = client_for(secretariat)
    change = client.get(reverse("admin:congress_sessions_election_change", args=[election.pk]))
    url = reverse("admin:congress_sessions_election_results", args=[election.pk])
    assert url in change.content.decode()
    page = client.get(url).content.decode()
    found = [
        page.find(part)
        for part in (
            f"Round 1 · {first.sitting}",
            "Tied at the last seat",
            "Elected in this round: 甲",
            f"Round 2 · {second.sitting}",
            '<th class="name" scope="row">丙</th><td class="num n">4</td><td class="num n">5</td>'
            '<td class="num n">1</td>',
            "Elected in this round: 乙",
            "Elected in all rounds",
            "乙, 甲",
        )
    ]
    assert -1 not in found and found == sorted(found)
    assert '<th scope="row">Valid ballots</th><td class="num n">10</td>' in page
    # Each round's own page links to it.
    own = reverse("admin:congress_sessions_election_round_results", args=[first.pk])
    assert url in client.get(own).content.decode()
