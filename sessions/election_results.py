"""A round's results as the chief scrutineer reports them (issue 13, item 9): the ballots,
each person's for / against / abstain, who is elected, in what order they are announced and
ranked, and what must happen next; the same figures as a table; and the announcement, which
seats the elected on the election's body from the session's first day."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congress_office.wording import in_brackets, join_list

from .bodies import body_seats_check, holding_on
from .election_count import Outcome, Tally
from .election_rounds import round_decided, round_figures
from .elections import candidates_in_print_order
from .models import Body, Election, ElectionRound, Fills, Membership, RoundStatusChange, Scrutineer
from .selectors import expected_delegates, present_count
from .session_page_reads import announced_elections_read

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
    return _round_results(
        election_round,
        printed=candidates_in_print_order(election),
        entitled=expected_delegates(election.session).count(),
        scrutineers=list(election.scrutineers.select_related("delegate")),
    )


def _round_results(
    election_round: ElectionRound, *, printed: list, entitled: int, scrutineers: list
) -> RoundResults:
    """A round's results, given what every round of the election shares: the formal list in
    print order, the delegates entitled and the scrutineers. Seven queries (eight when the
    round does not say whether it was announced), whatever the number of candidates."""
    figures = round_figures(election_round)
    present = present_count(election_round.sitting)
    outcome = round_decided(election_round, figures=figures, entitled=entitled, present=present)
    elected = {t.key for t in outcome.elected}
    tied = {t.key for t in outcome.tied}
    tallies = figures["tallies"]  # most votes first; one for each candidate on the ballot
    on_ballot = {t.key for t in tallies if not t.written_in}
    position = {c.pk: n for n, c in enumerate(c for c in printed if c.pk in on_ballot)}

    def row(t: Tally) -> ResultRow:
        return ResultRow(
            t.name, t.votes_for, t.against, t.abstain, t.written_in, t.key in elected, t.key in tied
        )

    candidates = sorted((t for t in tallies if not t.written_in), key=lambda t: position[t.key])
    rows = [row(t) for t in candidates] + [row(t) for t in tallies if t.written_in]
    # Announced in stroke order (the print order: decision 125), names written in after the
    # candidates.
    announced_in_order = [r.name for r in rows if r.elected]
    announced = getattr(election_round, "was_announced", None)
    if announced is None:
        announced = election_round.status_changes.filter(step=ANNOUNCED).exists()
    return RoundResults(
        election_round=election_round,
        entitled=entitled,
        present=present,
        issued=figures["issued"],
        returned=figures["returned"],
        valid=figures["valid"],
        invalid=figures["invalid"],
        rows=rows,
        outcome=outcome,
        announced_in_order=announced_in_order,
        by_votes=[row(t) for t in _by_votes(outcome.elected, position)],
        next_step=_next_step(outcome, rows),
        scrutineers=scrutineers,
        announced=announced,
    )


@dataclass(frozen=True)
class ElectedPerson:
    """Someone elected in one of the election's rounds."""

    name: str
    round_number: int
    votes_for: int
    written_in: bool


@dataclass(frozen=True)
class ElectionResults:
    """An election's closed rounds, round by round, and who was elected in them all."""

    election: Election
    rounds: list[RoundResults]  # the first round first
    elected: list[ElectedPerson]  # as announced: the print order, names written in after
    by_votes: list[ElectedPerson]  # the alternates' ranks: round by round, most votes first
    scrutineers: list[Scrutineer]  # the chief first

    @property
    def chief_scrutineer(self) -> str:
        return next((s.delegate.name for s in self.scrutineers if s.chief), "")

    @property
    def other_scrutineers(self) -> list[str]:
        return [s.delegate.name for s in self.scrutineers if not s.chief]

    @property
    def alternates(self) -> bool:
        return self.election.fills == Fills.ALTERNATES

    @property
    def announced(self) -> bool:
        return any(r.announced for r in self.rounds)

    @property
    def elected_names(self) -> list[str]:
        return [person.name for person in self.elected]

    @property
    def next_step(self) -> str:
        """What the last round calls for ("" when nothing is left to do)."""
        return self.rounds[-1].next_step if self.rounds else ""


def election_results(election: Election, *, announced_only: bool = False) -> ElectionResults:
    """Every closed round's results, the first first, and the elected of them all. With
    `announced_only` (what the delegates see), the rounds up to the last one whose result
    was announced: a later round's count is not public before its announcement. Given the
    election with its session and term, four queries and then seven a round, whatever the
    number of candidates."""
    session = election.session
    rounds_held = (
        election.rounds.filter(status=ElectionRound.Status.CLOSED)
        .select_related("sitting")
        .annotate(
            was_announced=Exists(
                RoundStatusChange.objects.filter(round=OuterRef("pk"), step=ANNOUNCED)
            )
        )
        .order_by("number")
    )
    closed = list(rounds_held)
    if announced_only:
        last = max((n for n, r in enumerate(closed, 1) if r.was_announced), default=0)
        closed = closed[:last]
    if not closed:
        return ElectionResults(election, [], [], [], [])
    printed = candidates_in_print_order(election)
    entitled = expected_delegates(session).count()
    scrutineers = list(election.scrutineers.select_related("delegate"))
    rounds = []
    for election_round in closed:
        # The objects read above, so that no round reads them again.
        election_round.election = election
        election_round.sitting.session = session
        rounds.append(
            _round_results(
                election_round, printed=printed, entitled=entitled, scrutineers=scrutineers
            )
        )

    def person(row: ResultRow, r: RoundResults) -> ElectedPerson:
        return ElectedPerson(row.name, r.election_round.number, row.votes_for, row.written_in)

    place = {c.name: n for n, c in enumerate(printed)}  # names are unique in an election
    elected = [person(row, r) for r in rounds for row in r.rows if row.elected]
    return ElectionResults(
        election=election,
        rounds=rounds,
        elected=sorted(elected, key=lambda p: (p.written_in, place.get(p.name, 0))),
        by_votes=[person(row, r) for r in rounds for row in r.by_votes],
        scrutineers=scrutineers,
    )


def result_label(row: ResultRow) -> str:
    if row.elected:
        return _("Elected")
    return _("Tied at the last seat") if row.tied else _("Not elected")


def results_table(results: ElectionResults) -> tuple[list, list[list]]:
    """The results as rows for CSV/XLSX: a row per person and round, round by round; then
    each round's ballots; then the elected of every round, as announced."""
    header = [
        _("Round"),
        _("Sitting"),
        _("Name"),
        _("Written in"),
        _("For"),
        _("Against"),
        _("Abstain"),
        _("Result"),
    ]
    rows = []
    for r in results.rounds:
        number, sitting = r.election_round.number, str(r.election_round.sitting)
        rows += [
            [number, sitting, row.name, _("yes") if row.written_in else "", row.votes_for]
            + (["", ""] if row.written_in else [row.against, row.abstain])
            + [result_label(row)]
            for row in r.rows
        ]
    rows += [
        [],
        [
            _("Round"),
            _("Sitting"),
            _("Delegates entitled"),
            _("Delegates present"),
            _("Ballots issued"),
            _("Ballots returned"),
            _("Valid ballots"),
            _("Invalid ballots"),
        ],
    ]
    rows += [
        [
            r.election_round.number,
            str(r.election_round.sitting),
            r.entitled,
            r.present,
            r.issued,
            r.returned,
            r.valid,
            r.invalid,
        ]
        for r in results.rounds
    ]
    rows += [[], [_("Elected"), _("Round")]]
    rows += [[person.name, person.round_number] for person in results.elected]
    return header, rows


def announced_elections(session):
    """The session's elections with a round whose result was announced: the delegates'
    results pages, as a list. One statement, in plain SQL (decision 290)."""
    return announced_elections_read(session)


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


def rounds_to_announce(election) -> list[ElectionRound]:
    """The closed rounds whose result is not announced yet, the first first; refused when no
    round is closed, or every closed one is announced."""
    last_closed_round(election)
    pending = list(
        election.rounds.filter(status=ElectionRound.Status.CLOSED)
        .exclude(status_changes__step=ANNOUNCED)
        .order_by("number")
    )
    if not pending:
        raise ValidationError(_("The result of this round is already announced."))
    return pending


@transaction.atomic
def election_results_announce(*, election, announced_by) -> list[Membership]:
    """Announce every closed round not announced yet, the first first, so that a tie broken
    in a later round does not leave the first round's elected unseated, and alternates of a
    later round rank after the earlier ones. A round that elected no one (void, without
    quorum, everyone tied) has nothing to announce and is passed over; refused when none
    elected anyone."""
    seated, announced = [], False
    for election_round in rounds_to_announce(election):
        if not round_decided(election_round).elected:
            continue
        seated += election_result_announce(election_round=election_round, announced_by=announced_by)
        announced = True
    if not announced:
        raise ValidationError(_("The round elected no one: there is no result to announce."))
    return seated


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
