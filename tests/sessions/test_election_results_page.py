"""The delegates' page of an election's results (issue 13): once a round's result is
announced, delegates of the session's term see the office's figures round by round up to
the last round announced, and the elected, linked from the session's page; before that, and
for anyone else, there is no page. A fixed number of queries whatever the election's size."""

import pytest
from django.urls import reverse

from sessions.election_results import election_result_announce
from tests.conftest import _delegate_user
from tests.core.factories import office_user
from tests.delegates.factories import TermFactory
from tests.sessions.election_kit import two_rounds

pytestmark = pytest.mark.django_db


def _url(election):
    return reverse("sessions:election_results", args=[election.pk])


def _session_page(client, election):
    return client.get(reverse("sessions:session_detail", args=[election.session_id]))


def _announce(*rounds):
    for election_round in rounds:
        election_result_announce(election_round=election_round, announced_by=office_user())


def test_no_page_before_the_announcement(client_for, delegate, term):
    election, _first, _second, _delegates = two_rounds(term)
    client = client_for(delegate)
    assert client.get(_url(election)).status_code == 404
    assert _url(election) not in _session_page(client, election).content.decode()


def test_the_rounds_announced_and_the_elected(client_for, delegate, term):
    election, first, second, _delegates = two_rounds(term)
    client = client_for(delegate)
    _announce(first)
    page = client.get(_url(election)).content.decode()
    # The first round only: the second's count is not public before its announcement.
    assert "Round 1 · " in page and "Round 2 · " not in page
    assert "Tied at the last seat" in page and "Elected in this round: 甲" in page
    assert _url(election) in _session_page(client, election).content.decode()
    _announce(second)
    page = client.get(_url(election)).content.decode()
    assert "Round 1 · " in page and "Round 2 · " in page
    assert "Elected in this round: 乙" in page
    assert "Elected in all rounds" in page and "乙, 甲" in page
    # The figures of the office's page: ballots and each person's votes.
    assert '<th scope="row">Ballots issued</th><td class="num n">10</td>' in page
    assert '<th class="name" scope="row">丙</th><td class="num n">4</td>' in page
    assert 'role="region"' in page


def test_the_page_in_chinese(client_for, delegate, term):
    election, first, second, _delegates = two_rounds(term)
    _announce(first, second)
    client = client_for(delegate)
    page = client.get(_url(election), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "第1轮 · " in page and "第2轮 · " in page
    assert "本轮当选：乙" in page and "乙、甲" in page


def test_anyone_outside_the_term_gets_no_page(client_for, client, term, secretariat):
    election, first, second, _delegates = two_rounds(term)
    _announce(first, second)
    stranger = _delegate_user(TermFactory(), "stranger", "外届代表")
    for user in (stranger, secretariat):
        assert client_for(user).get(_url(election)).status_code == 404
    client.logout()
    assert client.get(_url(election)).status_code == 302  # to sign in


@pytest.mark.parametrize("size", [3, 12])
def test_in_constant_queries(client_for, delegate, term, size, django_assert_max_num_queries):
    names = ("甲", "乙", "丙") + tuple(f"候选人{n}" for n in range(size - 3))
    election, first, second, _delegates = two_rounds(term, names=names, hall=10 * size // 3)
    _announce(first, second)
    client = client_for(delegate)
    # session, user; the election, the delegate; the rounds (whether announced), the formal
    # list, the delegates entitled, the scrutineers; seven a round (six of figures, one of
    # those present); the menu's four (groups, a teller's evaluations with their content
    # type once per process, unread notifications)
    with django_assert_max_num_queries(26):
        response = client.get(_url(election))
    assert len(response.context["results"].rounds) == 2
