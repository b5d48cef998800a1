"""Holding an election's rounds: opening one at a sitting, secret online ballots from the
delegates checked in, paper ballots handed out and counted, closing, and what the round
decided. Writes go through the shared secret-ballot machinery (docs/secrecy.md)."""

from collections.abc import Iterable, Mapping
from itertools import product

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_office.roles import menu_statement, menu_taken
from congress_office.strokes import stroke_key
from congress_office.wording import join_list
from congress_office.written_once import instances
from delegates.models import Delegate

from .election_count import Outcome, Tally, round_outcome
from .election_reads import ballot_with_standing, round_with_standing, voter_statement
from .elections import candidates_in_print_order
from .models import (
    Attendance,
    Candidate,
    Election,
    ElectionReceipt,
    ElectionRound,
    ElectionTallyShard,
    Mark,
    PaperTotal,
    RoundStatusChange,
    Sitting,
    VotingRule,
)
from .secret_ballot import (
    Refusals,
    paper_ballots_take,
    secret_ballot_cast,
    secret_ballot_enter,
    tally_shards_create,
    tally_summed,
)
from .selectors import expected_delegates, present_count
from .session_page_reads import open_rounds_read
from .workflow import SESSION_WORKFLOW, Step

R = ElectionRound.Status
# The marks, looked up once, not for each of a ballot's lines (a ballot names up to every
# candidate: Django builds `Mark.values` anew on each call).
MARKS, FOR, ABSTAIN = frozenset(Mark.values), Mark.FOR.value, Mark.ABSTAIN.value
REFUSALS = Refusals(
    already_voted=gettext_lazy("You have already voted in this round."),
    took_paper=gettext_lazy(
        "You have received a paper ballot in this round: fill that in. Whoever takes a "
        "paper ballot cannot also vote online."
    ),
    paper_again=gettext_lazy("%(name)s has already received a paper ballot."),
    voted_online=gettext_lazy("%(name)s has already voted online and cannot have a paper ballot."),
)


def _lock(election_round: ElectionRound, *, no_key=False) -> ElectionRound:
    return (
        ElectionRound.objects.select_for_update(no_key=no_key, of=("self",))
        .select_related("election__session__term", "sitting")
        .get(pk=election_round.pk)
    )


def _record(election_round: ElectionRound, step: str, actor) -> None:
    RoundStatusChange.objects.create(round=election_round, step=step, actor=actor)


@transaction.atomic
def round_open(
    *,
    election: Election,
    sitting: Sitting,
    opened_by,
    candidates: Iterable[Candidate | int] | None = None,
    seats: int | None = None,
) -> ElectionRound:
    """Open the next round at a sitting of the session in progress: the first on the formal
    list and all the seats; a further one among the given candidates (objects or ids) for the
    seats left. The online tally shards are created, counting zero for each candidate and
    mark."""
    election = Election.objects.select_for_update().select_related("session").get(pk=election.pk)
    SESSION_WORKFLOW.require(election.session.status, Step.VOTE)
    if election.status != Election.Status.LIST_APPROVED:
        raise ValidationError(_("Approve the formal list of candidates before voting."))
    if sitting.session_id != election.session_id:
        raise ValidationError({"sitting": _("Choose a sitting of the election's session.")})
    previous = election.rounds.order_by("-number").first()
    if previous is not None and previous.status == R.OPEN:
        raise ValidationError(_("A round of this election is already open."))
    formal = election.candidates.filter(formal=True)
    if candidates is not None:
        formal = formal.filter(pk__in=_candidate_ids(candidates))
    on_ballot = list(formal)
    seats = election.seats if seats is None else seats
    if not on_ballot or not 0 < seats <= election.seats:
        raise ValidationError(_("A round needs candidates of the formal list and its seats."))
    election_round = ElectionRound.objects.create(
        election=election,
        number=(previous.number + 1) if previous else 1,
        sitting=sitting,
        seats=seats,
    )
    election_round.candidates.set(on_ballot)
    layout = round_layout([c.pk for c in on_ballot])
    tally_shards_create(ElectionTallyShard, len(layout), round=election_round)
    _record(election_round, RoundStatusChange.Step.OPENED, opened_by)
    return election_round


def round_layout(candidate_ids) -> list[tuple[int, str]]:
    """The round's cells in the order of its tally shards' vectors: every candidate on the
    ballot × mark, sorted by candidate id and mark. Fixed once the round opens."""
    return sorted(product(candidate_ids, Mark.values))


def _candidate_ids(candidates: Iterable) -> list:
    """The ids of the candidates given as Candidate objects or ids, in a list or a queryset
    or a generator (read once). `pk__in` takes ids only: objects given as such matched no
    row (decision 137)."""
    return [c.pk if isinstance(c, Candidate) else c for c in candidates]


def _voter(row) -> int:
    """The id of the user's delegate record, if they may vote in the round: active in the
    term today and checked in at the round's sitting. `row`: the voter's row read with the
    round (election_reads.py `voter_statement`), None when they may not."""
    if row is None:
        raise ValidationError(_("Only delegates checked in at this sitting vote in the election."))
    return row[0]


@transaction.atomic
def election_ballot_cast(
    *, election_round: ElectionRound, user, marks: Mapping, on_ballot=None
) -> None:
    """A delegate's secret online ballot: `marks` maps a candidate's id to "for" or "against"
    (one left out abstains). More "for" than seats is refused (online, nobody spoils a
    ballot by mistake). Then the shared machinery: the receipt, and the ballot's whole
    vector added to one of the round's tally shards. `on_ballot`: the round's candidates
    (objects or ids), when the page has read them already."""
    sitting, session = election_round.sitting, election_round.election.session  # fixed
    # Held FOR SHARE with the other ballots under way: closing (FOR UPDATE) waits for them.
    # The receipt goes in with the hold (one statement on PostgreSQL) when the round is open
    # and the voter may vote; any refusal below rolls it back.
    entry = secret_ballot_enter(
        box=election_round,
        voter=voter_statement(sitting.pk, session.term_id, user.pk, timezone.localdate()),
        receipts=election_round.receipts,
        shards=election_round.tally_shards,
    )
    election_round = entry.box
    if election_round.status != R.OPEN:
        raise ValidationError(_("Voting in this round is closed."))
    delegate_id = _voter(entry.voter)
    if on_ballot is None:
        on_ballot = election_round.candidates.values_list("pk", flat=True)
    on_ballot = {getattr(c, "pk", c) for c in on_ballot}
    given = {}
    for key, mark in marks.items():
        candidate_id = int(key) if str(key).isdigit() else None
        if candidate_id not in on_ballot or mark not in MARKS:
            raise ValidationError(_("The ballot names someone who is not on it."))
        given[candidate_id] = mark
    if sum(1 for mark in given.values() if mark == FOR) > election_round.seats:
        raise ValidationError(
            _("Vote for at most %(seats)s: the round fills %(seats)s seats.")
            % {"seats": election_round.seats}
        )
    chosen = {(c, given.get(c, ABSTAIN)) for c in on_ballot}
    secret_ballot_cast(
        receipts=election_round.receipts,
        delegate_id=delegate_id,
        shards=election_round.tally_shards,
        ballot=[int(cell in chosen) for cell in round_layout(on_ballot)],
        refusals=REFUSALS,
        entry=entry,
    )


@transaction.atomic
def paper_ballots_issue(*, election_round: ElectionRound, delegates: Iterable[Delegate]) -> int:
    """The delegates, checked in at the round's sitting, each received a paper ballot: from
    then on they cannot vote online (and whoever voted online is refused one), so no round
    counts anyone twice."""
    election_round = _lock(election_round)
    if election_round.status != R.OPEN:
        raise ValidationError(_("Voting in this round is closed."))
    delegates = list(delegates)
    present = set(
        Attendance.objects.filter(
            sitting=election_round.sitting,
            status=Attendance.Status.PRESENT,
            delegate__in=delegates,
        ).values_list("delegate_id", flat=True)
    )
    absent = sorted(d.name for d in delegates if d.pk not in present)
    if absent:
        raise ValidationError(
            {
                "delegates": _("Not checked in at this sitting: %(names)s.")
                % {"names": join_list(absent)}
            }
        )
    paper_ballots_take(receipts=election_round.receipts, delegates=delegates, refusals=REFUSALS)
    return len(delegates)


@transaction.atomic
def paper_count_enter(
    *,
    election_round: ElectionRound,
    returned: int,
    invalid: int,
    totals: Mapping[int, tuple[int, int, int]],
    written_in: Mapping[str, int],
    entered_by,
) -> ElectionRound:
    """The tellers' count of the paper ballots: returned and invalid ballots, and for each
    candidate on the ballot the "for", "against" and "abstain" marks of the valid ones (they
    add up to the valid ballots), plus the "for" votes of names written in. The ballots
    issued are the paper receipts: more returned than issued makes the round void."""
    election_round = _lock(election_round)
    if election_round.status != R.OPEN:
        raise ValidationError(_("The round is closed; its count can no longer change."))
    issued = election_round.receipts.filter(on_paper=True).count()
    valid = returned - invalid
    if invalid > returned:
        raise ValidationError({"invalid": _("More invalid ballots than ballots returned.")})
    on_ballot = dict(election_round.candidates.values_list("pk", "name"))
    if set(totals) != set(on_ballot):
        raise ValidationError(_("Enter the marks of every candidate on the ballot."))
    for pk, marks in totals.items():
        if sum(marks) != valid:
            raise ValidationError(
                _(
                    "%(name)s: for, against and abstain add up to %(total)s, not to the "
                    "%(valid)s valid ballots."
                )
                % {"name": on_ballot[pk], "total": sum(marks), "valid": valid}
            )
    election_round.paper_totals.all().delete()
    PaperTotal.objects.bulk_create(
        [
            PaperTotal(round=election_round, candidate_id=pk, votes_for=f, against=a, abstain=b)
            for pk, (f, a, b) in totals.items()
        ]
        + [
            PaperTotal(round=election_round, written_in=name, votes_for=n)
            for name, n in written_in.items()
            if n
        ]
    )
    election_round.paper_issued, election_round.paper_returned = issued, returned
    election_round.paper_invalid = invalid
    election_round.save(update_fields=["paper_issued", "paper_returned", "paper_invalid"])
    _record(election_round, RoundStatusChange.Step.PAPER_ENTERED, entered_by)
    return election_round


@transaction.atomic
def round_close(*, election_round: ElectionRound, closed_by) -> ElectionRound:
    """Close the voting (it waits for ballots under way: they hold the round's row)."""
    election_round = _lock(election_round)
    if election_round.status != R.OPEN:
        raise ValidationError(_("The round is already closed."))
    election_round.status = R.CLOSED
    election_round.save(update_fields=["status"])
    _record(election_round, RoundStatusChange.Step.CLOSED, closed_by)
    return election_round


def round_figures(election_round: ElectionRound) -> dict:
    """The round's ballots, online and on paper together: issued, returned, valid, invalid,
    and each person's tally. Online ballots are issued and returned at once and are always
    valid."""
    election_round.refresh_from_db(fields=["paper_returned", "paper_invalid"])  # as counted
    online = election_round.receipts.aggregate(n=Count("pk", filter=Q(on_paper=False)))["n"]
    paper_issued = election_round.receipts.filter(on_paper=True).count()
    paper_returned = election_round.paper_returned or 0
    paper_invalid = election_round.paper_invalid or 0
    counts: dict = {}
    names = dict(election_round.candidates.values_list("pk", "name"))
    for (candidate_id, mark), count in round_online_counts(election_round, names).items():
        counts.setdefault(candidate_id, dict.fromkeys(Mark.values, 0))[mark] += count
    for total in election_round.paper_totals.all():
        key = total.candidate_id or total.written_in
        row = counts.setdefault(key, dict.fromkeys(Mark.values, 0))
        row[Mark.FOR] += total.votes_for
        row[Mark.AGAINST] += total.against
        row[Mark.ABSTAIN] += total.abstain
    tallies = [
        Tally(
            key,
            names.get(key, key),
            row[Mark.FOR],
            row[Mark.AGAINST],
            row[Mark.ABSTAIN],
            written_in=key not in names,
        )
        for key, row in counts.items()
    ]
    return {
        "issued": online + paper_issued,
        "returned": online + paper_returned,
        "invalid": paper_invalid,
        "valid": online + paper_returned - paper_invalid,
        # Most votes first; equal votes in the stroke order of the names, as announced.
        "tallies": sorted(tallies, key=lambda t: (-t.votes_for, stroke_key(t.name))),
    }


def round_online_counts(election_round: ElectionRound, on_ballot=None) -> dict[tuple, int]:
    """{(candidate id, mark): online ballots giving it}, the round's tally shards summed; {}
    for a round without them. One query, two without the candidates on the ballot (their
    ids) the caller has read."""
    vectors = list(election_round.tally_shards.values_list("counts", flat=True))
    if not vectors:
        return {}
    if on_ballot is None:
        on_ballot = election_round.candidates.values_list("pk", flat=True)
    layout = round_layout(on_ballot)
    return dict(zip(layout, tally_summed(vectors, len(layout)), strict=True))


def round_decided(
    election_round: ElectionRound,
    *,
    figures: dict | None = None,
    entitled: int | None = None,
    present: int | None = None,
) -> Outcome:
    """What the round decided, under the rules copied onto the election: entitled are the
    delegates expected at the session, present those checked in at the round's sitting.
    A caller that has read the figures, entitled or present already passes them in."""
    election = election_round.election
    figures = round_figures(election_round) if figures is None else figures
    if entitled is None:
        entitled = expected_delegates(election.session).count()
    return round_outcome(
        seats=election_round.seats,
        entitled=entitled,
        present=present_count(election_round.sitting) if present is None else present,
        issued=figures["issued"],
        returned=figures["returned"],
        tallies=figures["tallies"],
        voting_rule=VotingRule.from_record(election.rules["voting"]),
        rules=election.rules,
    )


def open_rounds_for_voter(user):
    """The open rounds the user may vote in: delegates of the election's term checked in at
    the round's sitting, each round with `voted` (online) and `on_paper`. One query, written
    once per process (decision 303)."""
    return instances("open rounds for voter", _open_rounds_read, user.pk)


def _open_rounds_read(user_id: int):
    receipts = ElectionReceipt.objects.filter(
        round=OuterRef("pk"),
        delegate__user_id=user_id,
        delegate__term=OuterRef("election__session__term"),
    )
    return (
        ElectionRound.objects.filter(
            status=R.OPEN,
            sitting__attendances__status=Attendance.Status.PRESENT,
            sitting__attendances__delegate__user_id=user_id,
            sitting__attendances__delegate__term=F("election__session__term"),
        )
        .select_related("election__session", "sitting")
        .annotate(
            voted=Exists(receipts.filter(on_paper=False)),
            on_paper=Exists(receipts.filter(on_paper=True)),
        )
        .order_by("election__session", "election__agenda_item__order", "election__pk")
    )


def open_rounds_of_session(session, delegate, attendance) -> list[ElectionRound]:
    """`open_rounds_for_voter` on one session's page, for the user's delegate there and their
    attendance at its sittings (`selectors.delegate_attendance`): no query for a delegate
    present at none of them (no round is open to them), else one statement in plain SQL,
    lighter than the general one (the delegate and the sittings known; decision 290)."""
    here = Attendance.Status.PRESENT
    if not any(record and record.status == here for _sitting, record in attendance):
        return []
    return open_rounds_read(session, delegate, here)


def round_for_voter(user, pk: int) -> tuple[ElectionRound, dict]:
    """A round of an election of the user's term (anyone else gets 404), with where the user
    stands in it: {"checked_in" (at its sitting), "voted" (online), "on_paper" (has received
    a paper ballot)}. One statement, in plain SQL: every ballot request runs this
    (election_reads.py)."""
    found = round_with_standing(user.pk, pk)
    if found is None:
        raise Http404
    return found


def round_ballot_for_voter(user, pk: int, *, menu: bool = False) -> tuple:
    """`round_for_voter`'s answer with, third, `round_ballot_candidates`' (their id, name and
    order: `election_reads.BallotCandidate`s): what the ballot page and its POST need, in one
    statement (decision 249); with `menu`, for a request that shows a page, the signed-in
    menu too (kept on `user`, as `roles.menu_read` keeps it: decisions 266 and 312)."""
    statement = menu_statement(user) if menu else None
    found = ballot_with_standing(user.pk, pk, menu=statement)
    if found is None:
        raise Http404
    if statement is None:
        return found
    *found, columns = found
    menu_taken(user, columns)
    return tuple(found)


def round_ballot_candidates(election_round: ElectionRound) -> list[Candidate]:
    """The round's candidates in the order the formal list is printed in. One query."""
    on_ballot = ElectionRound.candidates.through.objects.filter(
        electionround=election_round.pk, candidate=OuterRef("pk")
    )
    formal = election_round.election.candidates.annotate(on_ballot=Exists(on_ballot))
    return [c for c in candidates_in_print_order(election_round.election, formal) if c.on_ballot]


def next_round_plan(election_round: ElectionRound, outcome: Outcome):
    """The round the outcome calls for, as (candidates, seats), or None: held again as it
    was when void or without its quorum; a further round among those tied at the last seat,
    or among those not elected, for the seats left."""
    if outcome.next_step == "repeat":
        return list(election_round.candidates.all()), election_round.seats
    if outcome.next_step != "further_round":
        return None
    elected = {t.key for t in outcome.elected}
    if outcome.tied:
        keys = {t.key for t in outcome.tied if not t.written_in}
        among = election_round.candidates.filter(pk__in=keys)
    else:
        among = election_round.candidates.exclude(pk__in=elected)
    return list(among), election_round.seats - len(elected)


def round_voting_refusal(election_round: ElectionRound, status: dict) -> str:
    """Why the user may not vote in the round now, before the ballot is shown (the voter's
    status from `round_for_voter`); "" when they may. Casting checks the same again."""
    if election_round.status != ElectionRound.Status.OPEN:
        return _("Voting in this round is closed.")
    if status["on_paper"]:
        return _(
            "You have received a paper ballot in this round: fill that in. Whoever takes a "
            "paper ballot cannot also vote online."
        )
    if not status["checked_in"]:
        return _(
            "Only delegates checked in at this sitting vote in the election. Check in first; "
            "if you think this is wrong, ask the congress office."
        )
    return ""
