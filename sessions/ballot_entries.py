"""The per-ballot paper count (issue 13, item 6): two tellers each enter every ballot of the
pile; every difference between their entries is shown until they agree; the agreed ballots
are then counted (`election_count.ballots_count`) into the round's paper count."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .election_count import AGAINST, FOR, Ballot, ballots_count
from .election_rounds import paper_count_enter
from .models import BallotEntry, ElectionRound, RoundStatusChange

R = ElectionRound.Status


def _ballot(entry: BallotEntry) -> Ballot:
    return Ballot({int(k): v for k, v in entry.marks.items()}, tuple(entry.written_in))


@transaction.atomic
def ballot_entry_save(
    *, election_round: ElectionRound, teller, number: int, marks: dict, written_in=()
) -> BallotEntry:
    """Enter (or correct) ballot `number` as this teller read it. Marks name candidates of
    the round only, "for" or "against"; names written in are kept as read (trimmed)."""
    # The status as it is now, kept so until this entry is in (closing waits for it).
    election_round = ElectionRound.objects.select_for_update(no_key=True).get(pk=election_round.pk)
    if election_round.status != R.OPEN:
        raise ValidationError(_("The round is closed; its count can no longer change."))
    if number < 1:
        raise ValidationError({"number": _("Ballots are numbered from 1.")})
    on_ballot = set(election_round.candidates.values_list("pk", flat=True))
    clean = {}
    for key, mark in marks.items():
        candidate_id = int(key) if str(key).isdigit() else None
        if candidate_id not in on_ballot or mark not in (FOR, AGAINST):
            raise ValidationError(_("The ballot names someone who is not on it."))
        clean[str(candidate_id)] = mark
    names = [name.strip() for name in written_in if name.strip()]
    entry, _created = BallotEntry.objects.update_or_create(
        round=election_round,
        teller=teller,
        number=number,
        defaults={"marks": clean, "written_in": names},
    )
    return entry


@dataclass(frozen=True)
class Difference:
    number: int
    first: Ballot | None  # None: this teller has not entered the ballot
    second: Ballot | None


@dataclass(frozen=True)
class Comparison:
    tellers: tuple  # the two tellers whose entries are compared (fewer while entering)
    entered: int  # ballots entered by both
    differences: tuple[Difference, ...]

    @property
    def agreed(self) -> bool:
        return len(self.tellers) == 2 and self.entered > 0 and not self.differences


def teller_entry_to_show(election_round: ElectionRound, teller, asked: str):
    """What the teller's entry page shows: (their entry of ballot `asked`, if they have one;
    else None, with the number to offer: the one asked for, or the one after their last)."""
    mine = election_round.ballot_entries.filter(teller=teller)
    if asked.isdigit() and int(asked) > 0:
        entry = mine.filter(number=int(asked)).first()
        return entry, int(asked)
    last = mine.order_by("-number").values_list("number", flat=True).first() or 0
    return None, last + 1


def entries_compare(election_round: ElectionRound) -> Comparison:
    """The two tellers' entries side by side: every ballot number one of them lacks or that
    they read differently. Exactly two tellers enter a round's pile; a third is refused by
    the count, not here, so the page can show who entered what."""
    sheets: dict = {}
    for entry in election_round.ballot_entries.select_related("teller").order_by("pk"):
        sheets.setdefault(entry.teller, {})[entry.number] = _ballot(entry)
    tellers = tuple(sheets)
    if len(tellers) != 2:
        return Comparison(tellers, 0, ())
    first, second = (sheets[t] for t in tellers)
    differences = tuple(
        Difference(n, first.get(n), second.get(n))
        for n in sorted(set(first) | set(second))
        if first.get(n) != second.get(n)
    )
    both = len(set(first) & set(second))
    return Comparison(tellers, both, differences)


@transaction.atomic
def paper_count_from_entries(*, election_round: ElectionRound, returned: int, entered_by):
    """Take the round's paper count from the agreed entries: refused while the two tellers
    differ, or when the ballots entered are not the ballots returned."""
    comparison = entries_compare(election_round)
    if not comparison.agreed:
        raise ValidationError(
            _("The two tellers' entries do not agree yet: %(n)s differences.")
            % {"n": len(comparison.differences)}
            if len(comparison.tellers) == 2
            else _("Two tellers must each enter every ballot.")
        )
    if comparison.entered != returned:
        raise ValidationError(
            _("%(entered)s ballots were entered, but %(returned)s were returned.")
            % {"entered": comparison.entered, "returned": returned}
        )
    ballots = [
        _ballot(entry)
        for entry in election_round.ballot_entries.filter(teller=comparison.tellers[0])
    ]
    candidates = dict(election_round.candidates.values_list("pk", "name"))
    count = ballots_count(ballots, candidates, election_round.seats)
    totals = {t.key: (t.votes_for, t.against, t.abstain) for t in count.tallies if not t.written_in}
    written_in = {t.name: t.votes_for for t in count.tallies if t.written_in}
    # Both tellers stand behind the count: each is recorded as having agreed to it.
    RoundStatusChange.objects.bulk_create(
        RoundStatusChange(round=election_round, step=RoundStatusChange.Step.ENTRIES_AGREED, actor=t)
        for t in comparison.tellers
    )
    return paper_count_enter(
        election_round=election_round,
        returned=returned,
        invalid=count.invalid,
        totals=totals,
        written_in=written_in,
        entered_by=entered_by,
    )
