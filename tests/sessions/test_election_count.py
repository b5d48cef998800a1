"""Counting a round at every threshold (issue 13, items 6 and 8)."""

import pytest

from sessions.election_count import (
    AGAINST,
    FOR,
    Ballot,
    Tally,
    ballot_is_valid,
    ballots_count,
    round_outcome,
)
from sessions.models import VotingRule

FURTHER = {"on_tie": "further_round", "on_unfilled": "further_round"}
TOWN = VotingRule(
    quorum_numerator=4,
    quorum_denominator=5,
    majority_numerator=1,
    majority_denominator=2,
    majority_base="ballots",
)


def outcome(tallies, seats=3, entitled=117, present=109, issued=109, returned=109, **kw):
    rules = kw.pop("rules", FURTHER)
    return round_outcome(
        seats=seats,
        entitled=entitled,
        present=present,
        issued=issued,
        returned=returned,
        tallies=[Tally(name, name, votes) for name, votes in tallies],
        voting_rule=kw.pop("rule", TOWN),
        rules=rules,
    )


def names(tallies):
    return [t.name for t in tallies]


@pytest.mark.parametrize(("present", "quorum"), [(93, False), (94, True)])
def test_quorum_at_a_town_congress_is_more_than_four_fifths_of_117(present, quorum):
    result = outcome([("甲", 90)], seats=1, present=present, issued=present, returned=present)
    assert result.quorum is quorum
    assert names(result.elected) == (["甲"] if quorum else [])
    assert result.next_step == (None if quorum else "repeat")


def test_more_ballots_returned_than_issued_voids_the_round():
    result = outcome([("甲", 100)], seats=1, issued=100, returned=101)
    assert result.void and not result.elected and result.next_step == "repeat"


@pytest.mark.parametrize(("votes", "elected"), [(50, False), (51, True)])
def test_exactly_half_of_the_ballots_is_not_a_majority(votes, elected):
    result = outcome([("甲", votes), ("乙", 100 - votes)], seats=1, issued=100, returned=100)
    assert ("甲" in names(result.elected)) is elected


def test_the_seats_go_to_the_most_votes_above_the_majority():
    result = outcome([("甲", 90), ("乙", 80), ("丙", 70), ("丁", 60)], seats=3)
    assert names(result.elected) == ["甲", "乙", "丙"]
    assert result.next_step is None and result.unfilled == 0


def test_a_tie_at_the_last_seat_elects_neither_and_calls_for_a_further_round():
    result = outcome([("甲", 90), ("乙", 80), ("丙", 70), ("丁", 70)], seats=3)
    assert names(result.elected) == ["甲", "乙"]
    assert sorted(names(result.tied)) == ["丁", "丙"]
    assert result.unfilled == 1 and result.next_step == "further_round"


def test_a_tie_within_the_seats_elects_both():
    result = outcome([("甲", 90), ("乙", 70), ("丙", 70), ("丁", 60)], seats=3)
    assert sorted(names(result.elected)) == ["丙", "乙", "甲"] and not result.tied


def test_seats_left_unfilled_follow_the_rule():
    vacant = {"on_tie": "further_round", "on_unfilled": "vacant"}
    result = outcome([("甲", 90), ("乙", 40), ("丙", 30)], seats=2, rules=vacant)
    assert names(result.elected) == ["甲"]
    assert result.unfilled == 1 and result.next_step == "vacant"


def test_a_name_written_in_is_elected_like_a_candidate():
    result = outcome([("甲", 90), ("写入人", 60), ("乙", 40)], seats=2)
    assert names(result.elected) == ["甲", "写入人"]


@pytest.mark.parametrize(
    ("ballot", "valid"),
    [
        (Ballot(), True),  # blank: valid, abstains on everyone
        (Ballot({1: FOR, 2: FOR, 3: FOR}), True),  # as many "for" as seats
        (Ballot({1: FOR, 2: FOR, 3: FOR, 4: FOR}), False),  # over-voted
        (Ballot({1: FOR, 2: FOR, 3: AGAINST}, ("某人",)), True),  # a write-in beside a cross
        (Ballot({1: FOR, 2: FOR, 3: FOR, 4: AGAINST}, ("某人",)), False),  # write-in over-votes
        (Ballot({1: FOR}, ("某人",)), False),  # a write-in beside no crossed-out candidate
    ],
)
def test_a_ballot_with_more_for_than_seats_is_invalid(ballot, valid):
    assert ballot_is_valid(ballot, seats=3) is valid


def test_a_pile_of_ballots_counts_each_valid_ballot_once_per_candidate():
    candidates = {1: "甲", 2: "乙"}
    pile = [
        Ballot({1: FOR, 2: AGAINST}, ("丙",)),
        Ballot({1: FOR}),
        Ballot(),
        Ballot({1: FOR, 2: FOR}, ()),
        Ballot({1: FOR, 2: FOR, 3: FOR}),  # invalid at 2 seats
    ]
    count = ballots_count(pile, candidates, seats=2)
    assert (count.valid, count.invalid) == (4, 1)
    by_name = {t.name: t for t in count.tallies}
    assert (by_name["甲"].votes_for, by_name["甲"].against, by_name["甲"].abstain) == (3, 0, 1)
    assert (by_name["乙"].votes_for, by_name["乙"].against, by_name["乙"].abstain) == (1, 1, 2)
    assert by_name["丙"].written_in and by_name["丙"].votes_for == 1
    for name in ("甲", "乙"):
        t = by_name[name]
        assert t.votes_for + t.against + t.abstain == count.valid


def test_a_round_never_counts_more_ballots_than_delegates_entitled():
    result = outcome([("甲", 100)], seats=1, entitled=100, present=100, issued=110, returned=101)
    assert result.void and result.next_step == "repeat"
