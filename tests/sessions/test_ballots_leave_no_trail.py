"""Casting a secret ballot writes nothing to the security audit trail: no entry names the
voter beside a ballot, its choices or even the fact of voting (docs/secrecy.md; decision 228).
Checked by casting on the delegate's own pages, as a delegate does, signed in."""

import pytest
from django.urls import reverse

from congress_office.models import SecurityEvent
from congress_office.roles import Role, user_grant_role
from sessions.election_rounds import round_open
from tests.core.factories import office_user
from tests.evaluations.kit import S, evaluation_in
from tests.sessions.test_election_rounds import hall  # noqa: F401 (the fixture)
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db


def _entries_after_sign_in(client, user):
    sign_in_as(client, user)  # a sign-in is recorded, as any: what follows must add nothing
    return list(SecurityEvent.objects.values_list("pk", flat=True))


def test_casting_an_election_ballot_records_nothing(client, hall):  # noqa: F811
    election, sitting, delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    voter = delegates[0].user
    user_grant_role(user=voter, role=Role.DELEGATE)
    before = _entries_after_sign_in(client, voter)
    candidate = election_round.candidates.first()
    url = reverse("sessions:election_ballot", args=[election_round.pk])
    for action in ("review", "submit"):
        response = client.post(url, {f"m-{candidate.pk}": "for", "action": action})
        assert response.status_code in (200, 302)
    assert election_round.receipts.filter(delegate=delegates[0]).exists()  # it was cast
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == before


def test_casting_an_evaluation_ballot_records_nothing(client, hall):  # noqa: F811
    election, _sitting, delegates = hall
    voters = delegates[:2]
    evaluation = evaluation_in(S.OPEN, session=election.session, entitled=voters, criteria=2)
    voter = voters[0].user
    user_grant_role(user=voter, role=Role.DELEGATE)
    before = _entries_after_sign_in(client, voter)
    choices = {
        f"c-{s.pk}-{c.pk}": "excellent"
        for s in evaluation.subjects.all()
        for c in evaluation.criteria.all()
    }
    url = f"/evaluations/{evaluation.pk}/ballot/"
    assert client.post(url, {**choices, "action": "submit"}).status_code == 302
    assert evaluation.receipts.filter(delegate=voters[0]).exists()  # it was cast
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == before
