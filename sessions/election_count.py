"""Counting an election's round, as arithmetic only (no database): whether a ballot is
valid, the counts of a pile of ballots, and who is elected with what must happen next.
The services feed it the round's figures; the tests hold it at every threshold."""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

FOR, AGAINST, ABSTAIN = "for", "against", "abstain"


@dataclass(frozen=True)
class Ballot:
    """One paper ballot as read: a mark per candidate (○ for, × against; a candidate left
    blank abstains) and the names written in, each beside a crossed-out candidate."""

    marks: Mapping[int, str] = field(default_factory=dict)  # candidate id → FOR / AGAINST
    written_in: tuple[str, ...] = ()

    def votes_for(self) -> int:
        return sum(1 for mark in self.marks.values() if mark == FOR) + len(self.written_in)


def ballot_is_valid(ballot: Ballot, seats: int) -> bool:
    """More "for" than seats, write-ins included, spoils the ballot (废票); a blank ballot is
    valid and abstains on everyone. A name written in beside no crossed-out candidate is
    not a valid write-in: the ballot holds more names than crosses."""
    crossed = sum(1 for mark in ballot.marks.values() if mark == AGAINST)
    return ballot.votes_for() <= seats and len(ballot.written_in) <= crossed


@dataclass(frozen=True)
class Tally:
    """One person's votes in a round: a candidate (`key` their id) or a name written in
    (`key` the name)."""

    key: int | str
    name: str
    votes_for: int
    against: int = 0
    abstain: int = 0
    written_in: bool = False


@dataclass(frozen=True)
class Count:
    valid: int
    invalid: int
    tallies: tuple[Tally, ...]


def ballots_count(ballots: Iterable[Ballot], candidates: Mapping[int, str], seats: int) -> Count:
    """The counts of a pile of ballots: each valid ballot gives every candidate one mark
    (blank is abstain) and each written-in name one "for"; invalid ballots count for no one."""
    marks: dict[int, Counter] = {pk: Counter() for pk in candidates}
    written: Counter = Counter()
    valid = invalid = 0
    for ballot in ballots:
        if not ballot_is_valid(ballot, seats):
            invalid += 1
            continue
        valid += 1
        for pk in candidates:
            marks[pk][ballot.marks.get(pk, ABSTAIN)] += 1
        written.update(ballot.written_in)
    tallies = [
        Tally(pk, name, marks[pk][FOR], marks[pk][AGAINST], marks[pk][ABSTAIN])
        for pk, name in candidates.items()
    ]
    tallies += [Tally(name, name, n, written_in=True) for name, n in sorted(written.items())]
    return Count(valid, invalid, tuple(tallies))


@dataclass(frozen=True)
class Outcome:
    """What a round decided. `next_step`: "repeat" (void, or no quorum: the round is held
    again), "further_round" or "vacant" (a tie at the last seat, or seats unfilled, by the
    election's rule), or None (all seats filled)."""

    void: bool
    quorum: bool
    elected: tuple[Tally, ...] = ()
    tied: tuple[Tally, ...] = ()
    unfilled: int = 0
    next_step: str | None = None


def round_outcome(
    *,
    seats: int,
    entitled: int,
    present: int,
    issued: int,
    returned: int,
    tallies: Iterable[Tally],
    voting_rule,
    rules: Mapping,
) -> Outcome:
    """Who is elected: only in a round that is not void (no more ballots returned than
    issued, nor than delegates entitled) and has its quorum; a candidate (or a name written
    in) needs "for" votes above the majority of the voting rule, and the seats go to the
    most votes. Candidates tied at the last seat are elected only if there are seats for all
    of them; otherwise none of them is, and the rule says what follows, as for seats left
    unfilled."""
    if returned > issued or returned > entitled:
        return Outcome(void=True, quorum=False, next_step="repeat")
    if not voting_rule.quorum_met(entitled=entitled, present=present):
        return Outcome(void=False, quorum=False, next_step="repeat")
    above = sorted(
        (
            t
            for t in tallies
            if voting_rule.passes(
                votes_for=t.votes_for, entitled=entitled, present=present, ballots=returned
            )
        ),
        key=lambda t: -t.votes_for,
    )
    elected, tied = list(above), []
    if len(above) > seats:
        last = above[seats - 1].votes_for
        elected = [t for t in above if t.votes_for > last]
        at_last = [t for t in above if t.votes_for == last]
        if len(elected) + len(at_last) <= seats:
            elected += at_last
        else:
            tied = at_last
    unfilled = seats - len(elected)  # with a tie, the seats the tied candidates contest
    if tied:
        return Outcome(False, True, tuple(elected), tuple(tied), unfilled, rules["on_tie"])
    if unfilled:
        return Outcome(False, True, tuple(elected), (), unfilled, rules["on_unfilled"])
    return Outcome(False, True, tuple(elected))
