"""The delegate's pages of an election's round (issue 13): the ballot, its review, submitting
it, and "your ballot is in"; refusals in the user's language; a fixed number of queries."""

import pytest
from django.db import connection
from django.urls import reverse

from congress_office.models import Notification
from congress_office.roles import Role, user_grant_role
from sessions.election_rounds import (
    paper_ballots_issue,
    round_close,
    round_figures,
    round_online_counts,
    round_open,
)
from sessions.elections import candidates_in_print_order
from sessions.models import Attendance, ElectionReceipt
from tests.core.factories import office_user
from tests.sessions.test_election_rounds import hall  # noqa: F401 (the fixture)
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(hall):  # noqa: F811
    election, sitting, delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    return election_round, delegates


def _url(election_round, name="election_ballot"):
    return reverse(f"sessions:{name}", args=[election_round.pk])


def _marks(election_round, **by_name):
    ids = {c.name: c.pk for c in election_round.candidates.all()}
    return {f"m-{ids[name]}": mark for name, mark in by_name.items()}


def test_the_sessions_page_offers_the_open_round(client, opened):
    election_round, delegates = opened
    user_grant_role(user=delegates[0].user, role=Role.DELEGATE)
    sign_in_as(client, delegates[0].user)
    page = client.get(reverse("sessions:my_sessions")).content.decode()
    assert _url(election_round) in page
    page = client.get(
        reverse("sessions:session_detail", args=[election_round.election.session_id])
    ).content.decode()
    assert _url(election_round) in page


def test_the_session_page_says_where_each_delegate_stands_in_the_open_round(client, opened):
    """The session page reads the rounds open to the delegate through their attendance
    (`open_rounds_of_session`): checked in and not voted, voted, a paper ballot received,
    not checked in (the round is not theirs)."""
    election_round, delegates = opened
    session_page = reverse("sessions:session_detail", args=[election_round.election.session_id])
    paper_ballots_issue(election_round=election_round, delegates=[delegates[1]])
    sign_in_as(client, delegates[2].user)
    client.post(_url(election_round), {**_marks(election_round, 甲="for"), "action": "submit"})
    Attendance.objects.filter(delegate=delegates[3]).update(status=Attendance.Status.ON_LEAVE)
    shown = []
    for delegate in delegates[:4]:
        user_grant_role(user=delegate.user, role=Role.DELEGATE)
        sign_in_as(client, delegate.user)
        page = client.get(session_page).content.decode()
        shown.append(
            (
                _url(election_round) in page,
                "You received a paper ballot." in page,
                "You have voted." in page,
                "Voting now" in page,
            )
        )
    assert shown == [
        (True, False, False, True),  # checked in: their ballot
        (False, True, False, True),
        (False, False, True, True),
        (False, False, False, False),  # on leave: no round open to them
    ]


def test_ballot_review_submit_and_nothing_of_it_afterwards(client, opened):
    election_round, delegates = opened
    sign_in_as(client, delegates[0].user)
    page = client.get(_url(election_round))
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    text = page.content.decode()
    assert "Vote for at most 2 candidates." in text
    printed = [c.name for c in candidates_in_print_order(election_round.election)]
    assert sorted(printed, key=text.index) == printed
    marks = _marks(election_round, 甲="for", 乙="against")
    review = client.post(_url(election_round), {**marks, "action": "review"})
    assert "Review your ballot" in review.content.decode()
    assert not ElectionReceipt.objects.exists()
    done = client.post(_url(election_round), {**marks, "action": "submit"})
    assert done.status_code == 302 and done["Location"] == _url(election_round, "election_voted")
    voted = client.get(done["Location"]).content.decode()
    assert "Your ballot is in" in voted and "甲" not in voted
    again = client.get(_url(election_round)).content.decode()
    assert "You have voted" in again
    round_close(election_round=election_round, closed_by=office_user())
    counts = {
        t.name: (t.votes_for, t.against, t.abstain)
        for t in round_figures(election_round)["tallies"]
    }
    assert counts == {"甲": (1, 0, 0), "乙": (0, 1, 0), "丙": (0, 0, 1)}


def test_the_unbound_ballot_is_the_same_for_every_voter_and_holds_nobodys_marks(client, opened):
    """The unbound ballot's lines are cached (the same markup for every voter of the round);
    a ballot shown again with someone's marks (the "change" step) is never what others get,
    and a ballot in another language is cached apart."""
    election_round, delegates = opened
    sign_in_as(client, delegates[0].user)
    first = client.get(_url(election_round)).content.decode()
    marks = _marks(election_round, 甲="for", 乙="against", 丙="for")
    changed = client.post(_url(election_round), {**marks, "action": "change"}).content.decode()
    assert changed.count('value="for" checked') == 2 and 'value="against" checked' in changed
    sign_in_as(client, delegates[1].user)
    second = client.get(_url(election_round)).content.decode()
    for page in (first, second):
        assert page.count(" checked") == 3 and page.count('value="" checked') == 3
        assert page.count('<fieldset class="mark-line">') == 3
    chinese = client.get(_url(election_round), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "> 弃权</label>" in chinese and "> Blank</label>" not in chinese
    assert "> Blank</label>" in second
    assert chinese.count('<fieldset class="mark-line">') == 3


def test_too_many_for_is_refused_and_nothing_saved(client, opened):
    election_round, delegates = opened
    sign_in_as(client, delegates[0].user)
    marks = _marks(election_round, 甲="for", 乙="for", 丙="for")
    for action in ("review", "submit"):
        page = client.post(_url(election_round), {**marks, "action": action}).content.decode()
        assert "vote for at most 2" in page
    assert not ElectionReceipt.objects.exists()


def test_refusals_in_the_users_language(client, opened, sitting):
    election_round, delegates = opened
    paper_ballots_issue(election_round=election_round, delegates=[delegates[1]])
    sign_in_as(client, delegates[1].user)
    page = client.get(_url(election_round), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 403
    assert "纸质选票" in page.content.decode()
    round_close(election_round=election_round, closed_by=office_user())
    sign_in_as(client, delegates[2].user)
    page = client.post(
        _url(election_round), {**_marks(election_round, 甲="for"), "action": "submit"}
    )
    assert page.status_code == 403 and "closed" in page.content.decode()
    assert not ElectionReceipt.objects.filter(on_paper=False).exists()


def test_not_checked_in_is_refused_and_strangers_get_404(client, opened, sitting):
    election_round, delegates = opened
    sitting.attendances.filter(delegate=delegates[3]).delete()
    sign_in_as(client, delegates[3].user)
    page = client.get(_url(election_round))
    assert page.status_code == 403 and "checked in" in page.content.decode()
    sign_in_as(client, office_user())
    assert client.get(_url(election_round)).status_code == 404


@pytest.mark.parametrize("candidates", [3, 12])
def test_the_ballot_page_runs_a_fixed_number_of_queries(
    client,
    hall,  # noqa: F811
    candidates,
    django_assert_num_queries,
):
    from sessions.models import Candidate

    election, sitting, delegates = hall
    for n in range(candidates - 3):
        Candidate.objects.create(election=election, name=f"候选人{n}", formal=True)
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    sign_in_as(client, delegates[0].user)
    client.get(_url(election_round))
    # session, user, the round with the voter's standing in it, its candidates and the
    # signed-in menu (one statement, decisions 249 and 312; the menu apart before)
    with django_assert_num_queries(3):
        assert client.get(_url(election_round)).status_code == 200
    # The menu as read with the round: the delegate's entries and the unread count, which the
    # review (a page too) reads the same way.
    user = delegates[0].user
    user_grant_role(user=user, role=Role.DELEGATE)
    Notification.objects.create(user=user, kind="proposal_assigned", title="通知", body="")
    Notification.objects.create(user=user, kind="proposal_assigned", title="通知", body="")
    with django_assert_num_queries(3):
        page = client.get(_url(election_round)).content.decode()
    assert 'href="/delegates/me/"' in page and '<span class="count">2</span>' in page
    review = {f"m-{c.pk}": "for" for c in election.candidates.all()[:2]}
    with django_assert_num_queries(3):
        page = client.post(_url(election_round), {**review, "action": "review"})
    assert '<span class="count">2</span>' in page.content.decode()
    marks = {f"m-{c.pk}": "for" for c in election.candidates.all()[:2]}
    # session, user, the round with the voter's standing and its candidates; the service (a
    # savepoint inside the test's transaction): the round held FOR SHARE, the voter, the
    # receipt and a free shard locked (one statement on PostgreSQL, three on SQLite), its
    # UPDATE, release
    with django_assert_num_queries(7 if connection.vendor == "postgresql" else 10):
        cast = client.post(_url(election_round), {**marks, "action": "submit"})
    assert cast.status_code == 302
    assert round_online_counts(election_round)[(election.candidates.first().pk, "for")] == 1
