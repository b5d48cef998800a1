"""A round's results as the chief scrutineer reports them (issue 13, item 9): the ballots,
each person's for / against / abstain, who is elected, in what order they are announced and
ranked, and what must happen next; the same figures as a table; and the announcement, which
seats the elected on the election's body from the session's first day."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congress_office.wording import in_brackets, join_list

from .bodies import body_seats_check, holding_on
from .election_count import Outcome, Tally
from .election_rounds import round_decided, round_figures
from .elections import candidates_in_print_order
from .models import Body, ElectionRound, Fills, Membership, RoundStatusChange, Scrutineer
from .selectors import expected_delegates, present_count

ANNOUNCED = RoundStatusChange.Step.ANNOUNCED


@dataclass(frozen=True)
class ResultRow:
    """One person's line of the results: a candidate on the ballot or a name written in."""

    name: str
    votes_for: int
    against: int
    abstain: int
    written_in: bool
    elected: bool
    tied: bool

    @property
    def printed_name(self) -> str:
        """The name, with "written in" beside it when it was: "某某（另选他人）"."""
        return in_brackets(self.name, _("written in")) if self.written_in else self.name


@dataclass(frozen=True)
class RoundResults:
    election_round: ElectionRound
    entitled: int
    present: int
    issued: int
    returned: int
    valid: int
    invalid: int
    rows: list[ResultRow]  # candidates in print order, then names written in, most votes first
    outcome: Outcome
    announced_in_order: list[str]  # the elected, as the announcement reads them
    by_votes: list[ResultRow]  # the elected, most votes first (the alternates' ranks)
    next_step: str  # what must happen next, "" when every seat is filled
    scrutineers: list[Scrutineer]  # the chief first
    announced: bool

    @property
    def election(self):
        return self.election_round.election

    @property
    def chief_scrutineer(self) -> str:
        return next((s.delegate.name for s in self.scrutineers if s.chief), "")

    @property
    def other_scrutineers(self) -> list[str]:
        return [s.delegate.name for s in self.scrutineers if not s.chief]

    @property
    def alternates(self) -> bool:
        return self.election.fills == Fills.ALTERNATES


def _print_position(election_round: ElectionRound) -> dict[int, int]:
    """Each candidate on the round's ballot: their place in the print order."""
    on_ballot = set(election_round.candidates.values_list("pk", flat=True))
    printed = candidates_in_print_order(election_round.election)
    return {c.pk: n for n, c in enumerate(c for c in printed if c.pk in on_ballot)}


def _by_votes(elected: tuple[Tally, ...], position: dict) -> list[Tally]:
    """Most votes first; equal votes in print order (names written in after)."""
    return sorted(elected, key=lambda t: (-t.votes_for, position.get(t.key, len(position)), t.name))


def _next_step(outcome: Outcome, rows: list[ResultRow]) -> str:
    if outcome.void:
        return _(
            "The round is void: more ballots were returned than were issued or than delegates "
            "are entitled. The round must be held again."
        )
    if not outcome.quorum:
        return _("Too few delegates were present for a quorum: the round must be held again.")
    if outcome.next_step is None:
        return ""
    seats = {"n": outcome.unfilled}
    if outcome.tied:
        names = join_list(t.name for t in outcome.tied)
        if outcome.next_step == "vacant":
            return ngettext(
                "%(names)s are tied at the last seat: by the election's rules, %(n)s seat "
                "stays vacant.",
                "%(names)s are tied at the last seats: by the election's rules, %(n)s seats "
                "stay vacant.",
                outcome.unfilled,
            ) % {**seats, "names": names}
        return ngettext(
            "%(names)s are tied at the last seat: a further round among them for %(n)s seat.",
            "%(names)s are tied at the last seats: a further round among them for %(n)s seats.",
            outcome.unfilled,
        ) % {**seats, "names": names}
    if outcome.next_step == "vacant":
        return (
            ngettext(
                "%(n)s seat is left unfilled and, by the election's rules, stays vacant.",
                "%(n)s seats are left unfilled and, by the election's rules, stay vacant.",
                outcome.unfilled,
            )
            % seats
        )
    others = join_list(r.name for r in rows if not r.elected and not r.written_in)
    return ngettext(
        "%(n)s seat is left unfilled: a further round among the candidates not elected "
        "(%(names)s).",
        "%(n)s seats are left unfilled: a further round among the candidates not elected "
        "(%(names)s).",
        outcome.unfilled,
    ) % {**seats, "names": others}


def round_results(election_round: ElectionRound) -> RoundResults:
    """Everything the chief scrutineer's report and the results tables show of a round."""
    election_round = ElectionRound.objects.select_related(
        "election__session", "election__body", "sitting"
    ).get(pk=election_round.pk)
    election = election_round.election
    figures = round_figures(election_round)
    outcome = round_decided(election_round)
    elected = {t.key for t in outcome.elected}
    tied = {t.key for t in outcome.tied}
    position = _print_position(election_round)

    def row(t: Tally) -> ResultRow:
        return ResultRow(
            t.name, t.votes_for, t.against, t.abstain, t.written_in, t.key in elected, t.key in tied
        )

    tallies = figures["tallies"]  # most votes first
    candidates = sorted((t for t in tallies if not t.written_in), key=lambda t: position[t.key])
    rows = [row(t) for t in candidates] + [row(t) for t in tallies if t.written_in]
    # Announced in stroke order (the print order, for now: decision 125), names written in
    # after the candidates.
    announced_in_order = [r.name for r in rows if r.elected]
    return RoundResults(
        election_round=election_round,
        entitled=expected_delegates(election.session).count(),
        present=present_count(election_round.sitting),
        issued=figures["issued"],
        returned=figures["returned"],
        valid=figures["valid"],
        invalid=figures["invalid"],
        rows=rows,
        outcome=outcome,
        announced_in_order=announced_in_order,
        by_votes=[row(t) for t in _by_votes(outcome.elected, position)],
        next_step=_next_step(outcome, rows),
        scrutineers=list(election.scrutineers.select_related("delegate")),
        announced=election_round.status_changes.filter(step=ANNOUNCED).exists(),
    )


def results_table(results: RoundResults) -> tuple[list, list[list]]:
    """The results as rows for CSV/XLSX: one per person, then the ballots' figures."""
    yes, no = _("yes"), _("no")
    header = [
        _("Name"),
        _("Written in"),
        _("For"),
        _("Against"),
        _("Abstain"),
        _("Elected"),
    ]

    def elected(row):
        if row.tied:
            return _("tied at the last seat")
        return yes if row.elected else no

    rows = [
        [r.name, yes if r.written_in else "", r.votes_for, r.against, r.abstain, elected(r)]
        for r in results.rows
    ]
    rows.append([])
    rows += [
        [_("Delegates entitled"), "", results.entitled],
        [_("Delegates present"), "", results.present],
        [_("Ballots issued"), "", results.issued],
        [_("Ballots returned"), "", results.returned],
        [_("Valid ballots"), "", results.valid],
        [_("Invalid ballots"), "", results.invalid],
    ]
    return header, rows


def last_closed_round(election) -> ElectionRound:
    """The election's latest closed round, whose results are printed and announced."""
    election_round = election.rounds.filter(status=ElectionRound.Status.CLOSED).last()
    if election_round is None:
        raise ValidationError(_("No round of this election is closed yet."))
    return election_round


@transaction.atomic
def election_result_announce(*, election_round: ElectionRound, announced_by) -> list[Membership]:
    """Announce a closed round's result: the elected take their seats on the election's body
    from the session's first day (members, or alternates ranked by their votes after the
    alternates already seated), refused when a day would hold more than the body's seats;
    the step is recorded, once. Delegates to the level above sit on no body of this
    congress: only the step is recorded (decision 131)."""
    election_round = (
        ElectionRound.objects.select_for_update(of=("self",))
        .select_related("election__session")
        .get(pk=election_round.pk)
    )
    if election_round.status != ElectionRound.Status.CLOSED:
        raise ValidationError(_("Close the round before announcing its result."))
    if election_round.status_changes.filter(step=ANNOUNCED).exists():
        raise ValidationError(_("The result of this round is already announced."))
    results = round_results(election_round)
    if not results.outcome.elected:
        raise ValidationError(_("The round elected no one: there is no result to announce."))
    election = election_round.election
    memberships = []
    if election.body_id is not None and election.fills != Fills.HIGHER_DELEGATES:
        # Locked: two announcements at once must not both find the seats free.
        body = Body.objects.select_for_update().get(pk=election.body_id)
        memberships = _seats_taken(election_round, body, results)
        Membership.objects.bulk_create(memberships)
        body_seats_check(body=body)  # a refusal rolls the memberships back
    RoundStatusChange.objects.create(round=election_round, step=ANNOUNCED, actor=announced_by)
    return memberships


def _seats_taken(election_round, body, results) -> list[Membership]:
    election = election_round.election
    session = election.session
    candidates = {c.name: c for c in election_round.candidates.all()}
    alternates = election.fills == Fills.ALTERNATES
    seated_rank = 0
    if alternates:
        seated_rank = (
            body.memberships.filter(
                holding_on(session.start_date), role=Membership.Role.ALTERNATE
            ).aggregate(rank=Max("alternate_rank"))["rank"]
            or 0
        )
    memberships = []
    for rank, row in enumerate(results.by_votes, start=seated_rank + 1):
        candidate = None if row.written_in else candidates.get(row.name)
        memberships.append(
            Membership(
                body=body,
                name=row.name,
                delegate_id=candidate.delegate_id if candidate else None,
                post=candidate.post if candidate else "",
                role=Membership.Role.ALTERNATE if alternates else Membership.Role.MEMBER,
                alternate_rank=rank if alternates else None,
                start_date=session.start_date,
                elected_at=session,
            )
        )
    return memberships
