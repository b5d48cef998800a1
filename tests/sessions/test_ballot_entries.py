"""Per-ballot entry by two tellers (issue 13, item 6): every difference shown until they
agree, then the agreed ballots counted into the round's paper count."""

import pytest
from django.core.exceptions import ValidationError

from sessions.ballot_entries import ballot_entry_save, entries_compare, paper_count_from_entries
from sessions.election_rounds import paper_ballots_issue, round_close, round_figures, round_open
from tests.core.factories import UserFactory, office_user
from tests.sessions.test_election_rounds import hall  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting(hall):  # noqa: F811
    election, sitting, delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    paper_ballots_issue(election_round=election_round, delegates=delegates[:4])
    ids = {c.name: str(c.pk) for c in election.candidates.all()}
    pile = [
        ({ids["甲"]: "for", ids["乙"]: "for"}, []),
        ({ids["甲"]: "for", ids["丙"]: "against"}, ["丁某"]),
        ({}, []),  # blank: valid, abstains on everyone
        ({ids["甲"]: "for", ids["乙"]: "for", ids["丙"]: "for"}, []),  # over-voted: invalid
    ]
    return election_round, ids, pile


def enter_pile(election_round, teller, pile):
    for number, (marks, names) in enumerate(pile, start=1):
        ballot_entry_save(
            election_round=election_round,
            teller=teller,
            number=number,
            marks=marks,
            written_in=names,
        )


def test_two_tellers_who_agree_give_the_rounds_paper_count(counting):
    election_round, ids, pile = counting
    first, second = UserFactory(username="teller1"), UserFactory(username="teller2")
    enter_pile(election_round, first, pile)
    enter_pile(election_round, second, pile)
    assert entries_compare(election_round).agreed
    paper_count_from_entries(election_round=election_round, returned=4, entered_by=first)
    figures = round_figures(election_round)
    assert (figures["returned"], figures["invalid"], figures["valid"]) == (4, 1, 3)
    by_name = {t.name: t for t in figures["tallies"]}
    assert (by_name["甲"].votes_for, by_name["甲"].abstain) == (2, 1)
    assert (by_name["丙"].against, by_name["丙"].abstain) == (1, 2)
    assert by_name["丁某"].written_in and by_name["丁某"].votes_for == 1


def test_every_difference_is_shown_until_they_agree(counting):
    election_round, ids, pile = counting
    first, second = UserFactory(username="teller1"), UserFactory(username="teller2")
    enter_pile(election_round, first, pile)
    misread = [pile[0], ({ids["甲"]: "for"}, ["丁某"]), pile[2]]  # ballot 2 misread, 4 missing
    enter_pile(election_round, second, misread)
    comparison = entries_compare(election_round)
    assert not comparison.agreed
    assert [d.number for d in comparison.differences] == [2, 4]
    assert comparison.differences[1].second is None
    with pytest.raises(ValidationError, match="2 differences"):
        paper_count_from_entries(election_round=election_round, returned=4, entered_by=first)
    assert not election_round.paper_totals.exists()
    enter_pile(election_round, second, pile)  # re-read and corrected
    assert entries_compare(election_round).agreed


def test_one_teller_alone_is_not_a_count_and_the_pile_must_be_the_ballots_returned(counting):
    election_round, _ids, pile = counting
    first, second = UserFactory(username="teller1"), UserFactory(username="teller2")
    enter_pile(election_round, first, pile)
    with pytest.raises(ValidationError, match="Two tellers"):
        paper_count_from_entries(election_round=election_round, returned=4, entered_by=first)
    enter_pile(election_round, second, pile)
    with pytest.raises(ValidationError, match="4 ballots were entered, but 5"):
        paper_count_from_entries(election_round=election_round, returned=5, entered_by=first)


def test_entries_name_only_the_rounds_candidates_and_stop_when_it_closes(counting):
    election_round, _ids, _pile = counting
    teller = UserFactory(username="teller1")
    with pytest.raises(ValidationError, match="not on it"):
        ballot_entry_save(
            election_round=election_round, teller=teller, number=1, marks={"999999": "for"}
        )
    round_close(election_round=election_round, closed_by=office_user())
    with pytest.raises(ValidationError, match="closed"):
        ballot_entry_save(election_round=election_round, teller=teller, number=1, marks={})
