"""The tellers' and scrutineers' pages of an election's round (issue 13, items 4 and 6): who
may open them (object permissions, 404 for anyone else), paper ballots handed out, two
tellers entering the pile ballot by ballot with every difference shown, the count taken from
their agreed entries or as totals, the menu entry, the office's picker; in both languages; a
fixed number of queries."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from congress_office import object_permissions
from congress_office.roles import navigation_for
from sessions.ballot_entries import ballot_entry_save
from sessions.election_rounds import (
    paper_ballots_issue,
    round_ballot_candidates,
    round_close,
    round_figures,
    round_open,
)
from sessions.election_tellers import (
    SCRUTINISE_ELECTION,
    election_tellers,
    election_tellers_set,
)
from sessions.elections import scrutineers_set
from sessions.models import BallotEntry, ElectionReceipt, PaperTotal, RoundStatusChange
from tests.core.factories import UserFactory, office_user
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.kit import attendance_taken
from tests.sessions.test_election_rounds import hall  # noqa: F401 (the fixture)
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(hall):  # noqa: F811
    """An open round, two tellers and a scrutineer (a delegate not standing)."""
    election, sitting, delegates = hall
    scrutineers_set(election=election, delegates=[], chief=delegates[9])
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    first = UserFactory(username="teller1", first_name="一", last_name="计")
    second = UserFactory(username="teller2", first_name="二", last_name="计")
    election_tellers_set(election=election, users=[first, second])
    return election_round, first, second, delegates


def _url(name, election_round):
    return reverse(f"sessions:{name}", args=[election_round.pk])


def _ids(election_round):
    return {c.name: c.pk for c in election_round.candidates.all()}


def _enter(client, election_round, number, marks, written_in=""):
    ids = _ids(election_round)
    data = {"number": number, "written_in": written_in}
    data.update({f"m-{ids[name]}": mark for name, mark in marks.items()})
    return client.post(_url("count_ballot", election_round), data)


def test_only_tellers_and_scrutineers_reach_the_count_pages(client, counted):
    election_round, first, _second, delegates = counted
    for outsider in (delegates[0].user, office_user()):
        sign_in_as(client, outsider)
        for name in ("count_round", "count_ballot"):
            assert client.get(_url(name, election_round)).status_code == 404
        assert client.get(reverse("sessions:election_count_home")).status_code == 404
        post = client.post(_url("count_hand_out", election_round), {"delegates": [delegates[0].pk]})
        assert post.status_code == 404
    # The chief scrutineer looks, and cannot enter anything.
    sign_in_as(client, delegates[9].user)
    page = client.get(_url("count_round", election_round)).content.decode()
    assert "As a scrutineer you see the count" in page and "Record them" not in page
    assert client.get(_url("count_ballot", election_round)).status_code == 404
    post = client.post(_url("count_take", election_round), {"returned": 0})
    assert post.status_code == 404


def test_the_scrutineers_pages_follow_the_scrutineers(hall):  # noqa: F811
    election, _sitting, delegates = hall
    scrutineers_set(election=election, delegates=[delegates[7]], chief=delegates[9])
    holders = object_permissions.holders(SCRUTINISE_ELECTION, election)
    assert set(holders) == {delegates[7].user, delegates[9].user}
    scrutineers_set(election=election, delegates=[], chief=delegates[8])
    assert list(object_permissions.holders(SCRUTINISE_ELECTION, election)) == [delegates[8].user]


def test_the_menu_offers_the_count_while_a_round_is_open(counted):
    election_round, first, _second, delegates = counted
    url = reverse("sessions:election_count_home")
    assert url in [u for _label, u in navigation_for(first)]
    assert url in [u for _label, u in navigation_for(delegates[9].user)]
    assert url not in [u for _label, u in navigation_for(delegates[0].user)]
    round_close(election_round=election_round, closed_by=office_user())
    assert url not in [u for _label, u in navigation_for(first)]


def test_paper_ballots_are_handed_out_to_delegates_checked_in_only(client, counted, sitting):
    election_round, first, _second, delegates = counted
    term = election_round.election.session.term
    absent = enter(term, ElectoralUnitFactory(term=term, seats=1), name="缺席")
    sign_in_as(client, first)
    page = client.get(_url("count_round", election_round)).content.decode()
    assert "代表3" in page and "缺席" not in page
    done = client.post(
        _url("count_hand_out", election_round), {"delegates": [d.pk for d in delegates[:3]]}
    )
    assert done.status_code == 302
    assert ElectionReceipt.objects.filter(round=election_round, on_paper=True).count() == 3
    page = client.get(_url("count_round", election_round)).content.decode()
    assert "3 paper ballots recorded as handed out." in page
    # Someone not checked in cannot be posted either: refused, nothing recorded.
    refused = client.post(
        _url("count_hand_out", election_round), {"delegates": [absent.pk, delegates[4].pk]}
    )
    assert refused.status_code == 200 and "is not one of the available choices" in (
        refused.content.decode()
    )
    assert ElectionReceipt.objects.filter(round=election_round, on_paper=True).count() == 3


def test_a_delegate_who_voted_online_is_refused_a_paper_ballot_by_name(client, counted):
    election_round, first, _second, delegates = counted
    paper_ballots_issue(election_round=election_round, delegates=[delegates[1]])
    from sessions.election_rounds import election_ballot_cast

    election_ballot_cast(election_round=election_round, user=delegates[2].user, marks={})
    sign_in_as(client, first)
    page = client.post(
        _url("count_hand_out", election_round),
        {"delegates": [delegates[2].pk, delegates[3].pk]},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "代表2已网上投票，不能再领取纸质选票。" in page
    assert ElectionReceipt.objects.filter(round=election_round, on_paper=True).count() == 1


def test_two_tellers_enter_the_pile_see_their_differences_and_take_the_count(client, counted):
    election_round, first, second, delegates = counted
    paper_ballots_issue(election_round=election_round, delegates=delegates[:3])
    pile = [{"甲": "for", "乙": "for"}, {"甲": "for", "丙": "against"}, {}]
    sign_in_as(client, first)
    for number, marks in enumerate(pile, start=1):
        assert _enter(client, election_round, number, marks).status_code == 302
    page = client.get(_url("count_ballot", election_round)).content.decode()
    assert 'value="4"' in page  # the next number is offered
    for garbled in ("abc", "0", "-1"):  # a number typed wrong in the address: the next one
        asked = client.get(_url("count_ballot", election_round) + f"?number={garbled}")
        assert 'name="number" value="4"' in asked.content.decode().replace("  ", " ")
    sign_in_as(client, second)
    _enter(client, election_round, 1, pile[0])
    _enter(client, election_round, 2, {"甲": "for", "丙": "for"})  # misread
    page = client.get(_url("count_round", election_round)).content.decode()
    assert "2 ballots are read differently or entered by one teller only" in page
    assert "× 丙、○ 甲" in page and "○ 丙、○ 甲" in page and "not entered" in page
    # The count cannot be taken while they differ: refused, nothing recorded.
    refused = client.post(_url("count_take", election_round), {"returned": 3}).content.decode()
    assert "do not agree yet: 2 differences" in refused
    assert not PaperTotal.objects.filter(round=election_round).exists()
    # The second teller checks ballot 2 (their reading is shown to correct), and enters 3.
    check = client.get(_url("count_ballot", election_round) + "?number=2").content.decode()
    assert 'value="2"' in check
    _enter(client, election_round, 2, pile[1])
    _enter(client, election_round, 3, pile[2])
    page = client.get(_url("count_round", election_round)).content.decode()
    assert "Both tellers agree on all 3 ballots." in page
    wrong = client.post(_url("count_take", election_round), {"returned": 4}).content.decode()
    assert "3 ballots were entered, but 4 were returned." in wrong
    done = client.post(_url("count_take", election_round), {"returned": 3})
    assert done.status_code == 302
    figures = round_figures(election_round)
    assert (figures["returned"], figures["invalid"], figures["valid"]) == (3, 0, 3)
    counts = {t.name: (t.votes_for, t.against, t.abstain) for t in figures["tallies"]}
    assert counts == {"甲": (2, 0, 1), "乙": (1, 0, 2), "丙": (0, 1, 2)}
    steps = client.get(_url("count_round", election_round)).content.decode()
    assert "Paper count entered" in steps
    agreed = RoundStatusChange.objects.filter(round=election_round, step="entries_agreed")
    assert {step.actor for step in agreed} == {first, second}


def test_an_over_marked_ballot_is_entered_as_read_and_counted_invalid(client, counted):
    election_round, first, second, delegates = counted
    paper_ballots_issue(election_round=election_round, delegates=delegates[:1])
    for teller in (first, second):
        sign_in_as(client, teller)
        _enter(client, election_round, 1, {"甲": "for", "乙": "for", "丙": "for"})
    client.post(_url("count_take", election_round), {"returned": 1})
    assert round_figures(election_round)["invalid"] == 1


def test_totals_that_do_not_add_up_are_refused_in_the_users_language(client, counted):
    election_round, first, _second, delegates = counted
    paper_ballots_issue(election_round=election_round, delegates=delegates[:5])
    ids = _ids(election_round)
    data = {"returned": 5, "invalid": 1, "written_in": "丁某 2"}
    for pk in ids.values():
        data.update({f"for-{pk}": 2, f"against-{pk}": 1, f"abstain-{pk}": 1})
    data[f"abstain-{ids['丙']}"] = 2  # 5, not the 4 valid ballots
    sign_in_as(client, first)
    page = client.post(
        _url("count_totals", election_round), data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "丙：赞成、反对、弃权合计5票，与有效票4张不符。" in page
    assert not PaperTotal.objects.filter(round=election_round).exists()
    bad_line = client.post(
        _url("count_totals", election_round), {**data, "written_in": "丁某"}
    ).content.decode()
    assert "is not." in bad_line
    data[f"abstain-{ids['丙']}"] = 1
    assert client.post(_url("count_totals", election_round), data).status_code == 302
    figures = round_figures(election_round)
    assert (figures["returned"], figures["invalid"]) == (5, 1)
    assert {t.name: t.votes_for for t in figures["tallies"]}["丁某"] == 2


def test_a_closed_round_shows_its_count_and_takes_no_more(client, counted):
    election_round, first, _second, delegates = counted
    round_close(election_round=election_round, closed_by=office_user())
    sign_in_as(client, first)
    page = client.get(_url("count_round", election_round)).content.decode()
    assert "Voting closed" in page and "Record them" not in page
    assert client.get(_url("count_ballot", election_round)).status_code == 302
    with pytest.raises(ValidationError):
        ballot_entry_save(election_round=election_round, teller=first, number=1, marks={})


def test_candidates_cannot_count_their_own_election(counted):
    election_round, first, _second, delegates = counted
    election = election_round.election
    standing = election.candidates.get(name="甲")
    standing.delegate = delegates[5]
    standing.save(update_fields=["delegate"])
    with pytest.raises(ValidationError) as refused:
        election_tellers_set(election=election, users=[first, delegates[5].user])
    assert "voter5" in str(refused.value)
    assert list(election_tellers(election)) == [first, _second]


def test_the_office_chooses_the_tellers_on_its_page(admin_client, counted):
    election_round, first, second, _delegates = counted
    election = election_round.election
    url = reverse("admin:congress_sessions_election_tellers", args=[election.pk])
    page = admin_client.get(url).content.decode()
    assert "计一" in page and "selected" in page
    change = admin_client.get(
        reverse("admin:congress_sessions_election_change", args=[election.pk])
    ).content.decode()
    assert url in change and "计一" in change
    assert "round 1 · Voting opened · " in change  # every step of every round, with who
    assert admin_client.post(url, {"tellers": [second.pk]}).status_code == 302
    assert list(election_tellers(election)) == [second]


@pytest.mark.parametrize("entries", [2, 12])
def test_the_count_page_runs_a_fixed_number_of_queries(
    client, counted, sitting, entries, django_assert_num_queries
):
    election_round, first, second, delegates = counted
    term = election_round.election.session.term
    unit = ElectoralUnitFactory(term=term, seats=entries)
    more = [enter(term, unit, name=f"加{n}") for n in range(entries)]
    attendance_taken(sitting, more)
    ids = [str(pk) for pk in _ids(election_round).values()]
    for teller in (first, second):
        for number in range(1, entries + 1):
            marks = {ids[number % 3]: "for"} if teller == first or number % 2 else {}
            ballot_entry_save(
                election_round=election_round, teller=teller, number=number, marks=marks
            )
    sign_in_as(client, first)
    client.get(_url("count_round", election_round))  # warm the caches
    # the candidates in print order: one query; the menu: one
    with django_assert_num_queries(14):
        assert client.get(_url("count_round", election_round)).status_code == 200


def test_a_teller_at_a_keyboard_types_one_key_per_candidate(client, counted):
    election_round, first, _second, _delegates = counted
    sign_in_as(client, first)
    order = [c.name for c in round_ballot_candidates(election_round)]
    page = client.get(_url("count_ballot", election_round)).content.decode()
    assert "autofocus" in page and f'maxlength="{len(order)}"' in page
    # "ox" marks the first ○ and the second ×; the third, left out, is blank. Typed marks win
    # over the buttons.
    ids = _ids(election_round)
    done = client.post(
        _url("count_ballot", election_round),
        {"number": 1, "typed": "ox", f"m-{ids[order[2]]}": "for"},
    )
    assert done.status_code == 302
    entry = BallotEntry.objects.get(round=election_round, teller=first, number=1)
    assert entry.marks == {str(ids[order[0]]): "for", str(ids[order[1]]): "against"}
    for typed, error in (("oxoo", "4 keys for 3 candidates"), ("o?", "“?” is not a mark")):
        page = client.post(
            _url("count_ballot", election_round), {"number": 2, "typed": typed}
        ).content.decode()
        assert error in page
    assert not BallotEntry.objects.filter(number=2).exists()
    # A full stop for each blank; a ballot typed all blank is blank.
    client.post(_url("count_ballot", election_round), {"number": 2, "typed": ".X×"})
    entry = BallotEntry.objects.get(round=election_round, teller=first, number=2)
    assert entry.marks == {str(ids[order[1]]): "against", str(ids[order[2]]): "against"}
    client.post(_url("count_ballot", election_round), {"number": 3, "typed": "..."})
    assert BallotEntry.objects.get(round=election_round, number=3).marks == {}


def test_the_teller_finds_delegates_by_name_to_hand_out_ballots(client, counted):
    election_round, first, _second, delegates = counted
    sign_in_as(client, first)
    page = client.get(_url("count_round", election_round) + "?q=代表3").content.decode()
    assert 'value="代表3"' in page and ">代表3<" not in page  # the name is the checkbox's label
    offered = 'name="delegates" value="{}"'
    assert offered.format(delegates[3].pk) in page
    assert offered.format(delegates[4].pk) not in page
    # What is posted is checked against everyone offered, not only those found.
    done = client.post(_url("count_hand_out", election_round), {"delegates": [delegates[4].pk]})
    assert done.status_code == 302
