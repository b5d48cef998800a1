"""Every write that matters to an evaluation. Atomic, validating before writing, refusing with
a ValidationError in the user's language.

Secrecy (docs/secrecy.md): `ballot_cast` writes a receipt (who has voted) and adds the whole
ballot to one of the evaluation's tally shards in one UPDATE; nothing about the choices is
logged, returned, cached or recorded anywhere else."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_office import object_permissions
from congress_office.wording import join_list
from delegates.models import Delegate
from delegates.people import names_not_offered
from delegates.selectors import active_delegates_on
from sessions.bodies import members_on
from sessions.models import Attendance, Body
from sessions.secret_ballot import (
    Refusals,
    paper_ballots_take,
    secret_ballot_cast,
    secret_ballot_enter,
    tally_shards_create,
)

from .ballot_reads import voter_row, voter_statement
from .models import (
    Criterion,
    Entitlement,
    Evaluation,
    EvaluationStatusChange,
    OnlineTallyShard,
    PaperCount,
    PaperRound,
    Rating,
    Subject,
)
from .selectors import teller_candidates
from .tallies import tally_layout, tally_places
from .tellers import TALLY_EVALUATION
from .workflow import EVALUATION_WORKFLOW, Step, require_step

# The standard forms: 德能勤绩廉 plus an overall rating, or the overall rating only.
CRITERIA_TEMPLATES = {
    "five_aspects": (
        gettext_lazy("Morality, ability, diligence, performance, integrity and overall"),
        [
            gettext_lazy("Morality"),
            gettext_lazy("Ability"),
            gettext_lazy("Diligence"),
            gettext_lazy("Performance"),
            gettext_lazy("Integrity"),
            gettext_lazy("Overall"),
        ],
    ),
    "overall": (gettext_lazy("Overall only"), [gettext_lazy("Overall")]),
}


# What a voter or a teller is told when the ballot box already holds the delegate's receipt.
REFUSALS = Refusals(
    already_voted=gettext_lazy("You have already voted in this evaluation."),
    took_paper=gettext_lazy(
        "You have received a paper ballot in this evaluation: fill that in. "
        "Whoever takes a paper ballot cannot also vote online."
    ),
    paper_again=gettext_lazy("%(name)s has already received a paper ballot."),
    voted_online=gettext_lazy("%(name)s has already voted online and cannot have a paper ballot."),
)


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _lock(evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("session")
        .get(pk=evaluation.pk)
    )


def _check_draft(evaluation: Evaluation) -> None:
    EVALUATION_WORKFLOW.require(evaluation.status, Step.EDIT_FORM)


def _move(evaluation: Evaluation, name: str, actor) -> None:
    """Take a step of the workflow that changes the status, and record it."""
    before = evaluation.status
    after = EVALUATION_WORKFLOW.target(name, before)
    EVALUATION_WORKFLOW.check_target(name, before, after)
    evaluation.status = after
    evaluation.save(update_fields=["status"])
    EvaluationStatusChange.objects.create(
        evaluation=evaluation, status_before=before, status_after=after, actor=actor
    )


# --- Setting up -----------------------------------------------------------------------------


@transaction.atomic
def criteria_from_template(*, evaluation: Evaluation, template: str) -> list[Criterion]:
    """Replace the evaluation's criteria by one of the standard sets, named in the current
    language."""
    evaluation = _lock(evaluation)
    _check_draft(evaluation)
    if template not in CRITERIA_TEMPLATES:
        raise ValidationError({"template": _("Choose one of the standard forms.")})
    evaluation.criteria.all().delete()
    return Criterion.objects.bulk_create(
        Criterion(evaluation=evaluation, name=str(name), order=n)
        for n, name in enumerate(CRITERIA_TEMPLATES[template][1], start=1)
    )


@transaction.atomic
def evaluation_copy(*, evaluation: Evaluation, source: Evaluation) -> Evaluation:
    """Replace the evaluation's subjects and criteria by copies of another evaluation's
    (last year's, say)."""
    evaluation = _lock(evaluation)
    _check_draft(evaluation)
    if source.pk == evaluation.pk:
        raise ValidationError({"source": _("Choose another evaluation to copy from.")})
    evaluation.subjects.all().delete()
    evaluation.criteria.all().delete()
    Subject.objects.bulk_create(
        Subject(
            evaluation=evaluation,
            name=subject.name,
            post=subject.post,
            is_team=subject.is_team,
            order=subject.order,
        )
        for subject in source.subjects.all()
    )
    Criterion.objects.bulk_create(
        Criterion(evaluation=evaluation, name=criterion.name, order=criterion.order)
        for criterion in source.criteria.all()
    )
    return evaluation


@transaction.atomic
def subjects_from_body(*, evaluation: Evaluation, body: Body) -> list[Subject]:
    """Replace the evaluation's subjects by the body's members on the session's first day
    (secretary, deputies, members; not the alternates, who hold no post to be rated), after
    the team as a whole if the evaluation rates it."""
    evaluation = _lock(evaluation)
    _check_draft(evaluation)
    if body.term_id != evaluation.session.term_id:
        raise ValidationError({"body": _("Choose a body of the session's term.")})
    members = [m for m in members_on(body, evaluation.session.start_date) if not m.is_alternate]
    if not members:
        raise ValidationError({"body": _("The body has no members on the session's first day.")})
    teams = list(evaluation.subjects.filter(is_team=True).order_by("order", "pk"))
    evaluation.subjects.filter(is_team=False).delete()
    for n, team in enumerate(teams, start=1):
        team.order = n
    Subject.objects.bulk_update(teams, ["order"])
    return Subject.objects.bulk_create(
        Subject(evaluation=evaluation, name=m.name, post=m.post, order=n)
        for n, m in enumerate(members, start=len(teams) + 1)
    )


@transaction.atomic
def entitlements_set(*, evaluation: Evaluation, delegates: Iterable[Delegate]) -> int:
    """Entitle exactly these delegates (of the session's term) while the evaluation is a draft.
    An empty set means: the delegates checked in at the session, when it opens."""
    evaluation = _lock(evaluation)
    _check_draft(evaluation)
    wanted = {d.pk: d for d in delegates}
    strangers = [d.name for d in wanted.values() if d.term_id != evaluation.session.term_id]
    if strangers:
        raise ValidationError(
            {
                "entitled": _("Not delegates of the session's term: %(names)s.")
                % {"names": join_list(sorted(strangers))}
            }
        )
    _require_active(evaluation, list(wanted), evaluation.voting_day, field="entitled")
    current = set(evaluation.entitlements.values_list("delegate_id", flat=True))
    evaluation.entitlements.exclude(delegate_id__in=wanted).delete()
    Entitlement.objects.bulk_create(
        Entitlement(evaluation=evaluation, delegate_id=pk) for pk in wanted.keys() - current
    )
    return len(wanted)


@transaction.atomic
def tellers_set(*, evaluation: Evaluation, users: Iterable) -> None:
    """Make exactly these users the evaluation's tellers (who enter the paper counts): active
    accounts, none of a delegate whose qualification is not active on the day voting opens."""
    users = list(users)
    refused = names_not_offered(users, teller_candidates(evaluation))
    if refused:
        raise ValidationError(
            {
                "tellers": _(
                    "These accounts cannot count ballots (switched off, or a delegate not "
                    "active on %(date)s): %(names)s."
                )
                % {
                    "date": date_format(evaluation.voting_day, "DATE_FORMAT"),
                    "names": join_list(refused),
                }
            }
        )
    object_permissions.set_holders(TALLY_EVALUATION, evaluation, users)


# --- Opening and closing ------------------------------------------------------------------


@transaction.atomic
def evaluation_open(*, evaluation: Evaluation, opened_by) -> Evaluation:
    """Open the evaluation: entitle the delegates checked in (present) at any sitting of the
    session unless the office has entitled delegates explicitly, create the tally shards
    (counting zero), record the change. The form can no longer change."""
    evaluation = _lock(evaluation)
    require_step(Step.OPEN, evaluation=evaluation, user=opened_by)
    subjects = list(evaluation.subjects.all())
    criteria = list(evaluation.criteria.all())
    if not subjects:
        raise ValidationError(_("Add the subjects to be rated before opening."))
    if not criteria:
        raise ValidationError(_("Add at least one criterion (or use a standard form) first."))
    if evaluation.closes_at <= timezone.now():
        raise ValidationError(
            {
                "closes_at": _("Voting was to close at %(at)s, which has passed. Set a new time.")
                % {"at": _when(evaluation.closes_at)}
            }
        )
    if evaluation.entitlements.exists():
        # Picked while a draft: each must still be an active delegate when voting opens.
        _require_active(
            evaluation,
            list(evaluation.entitlements.values_list("delegate_id", flat=True)),
            evaluation.voting_day,
            field="entitled",
        )
    else:
        present = (
            Attendance.objects.filter(
                sitting__session=evaluation.session_id,
                status=Attendance.Status.PRESENT,
                delegate__term=evaluation.session.term_id,
                delegate__in=active_delegates_on(evaluation.session.term_id, evaluation.voting_day),
            )
            .values_list("delegate_id", flat=True)
            .distinct()
        )
        Entitlement.objects.bulk_create(
            Entitlement(evaluation=evaluation, delegate_id=pk) for pk in present
        )
        if not evaluation.entitlements.exists():
            raise ValidationError(
                _(
                    "Nobody is entitled to vote: no delegate has been checked in at the "
                    "session yet. Check delegates in, or entitle them explicitly."
                )
            )
    layout = tally_layout(evaluation, [s.pk for s in subjects], [c.pk for c in criteria])
    tally_shards_create(OnlineTallyShard, len(layout), evaluation=evaluation)
    _move(evaluation, Step.OPEN, opened_by)
    return evaluation


@transaction.atomic
def evaluation_close(*, evaluation: Evaluation, closed_by) -> Evaluation:
    """Close the evaluation: no more ballots or paper rounds; the results can be read.
    Waits for ballots being cast (they hold a lock on the evaluation's row)."""
    evaluation = _lock(evaluation)
    require_step(Step.CLOSE, evaluation=evaluation, user=closed_by)
    _move(evaluation, Step.CLOSE, closed_by)
    return evaluation


# --- Voting ---------------------------------------------------------------------------------


def voting_refusal(evaluation: Evaluation, now=None) -> str | None:
    """Why nobody can vote in the evaluation now, or None when voting is open."""
    now = now or timezone.now()
    if evaluation.status == Evaluation.Status.CLOSED:
        return _("Voting in this evaluation has closed.")
    if evaluation.status != Evaluation.Status.OPEN:
        return _("Voting in this evaluation has not opened yet.")
    if now < evaluation.opens_at:
        return _("Voting opens at %(at)s.") % {"at": _when(evaluation.opens_at)}
    if now >= evaluation.closes_at:
        return _("Voting closed at %(at)s.") % {"at": _when(evaluation.closes_at)}
    return None


def ballot_cast(*, evaluation: Evaluation, user, choices: Mapping, parts=None) -> None:
    """Cast the signed-in user's ballot; see `ballot_cast_for_delegate`. `parts`: the
    evaluation's (subjects, criteria), when the page has read them already."""
    return _ballot_cast(
        evaluation=evaluation, choices=choices, delegate_filter={"user": user}, parts=parts
    )


def ballot_cast_for_delegate(*, evaluation: Evaluation, delegate: Delegate, choices) -> None:
    """Cast a delegate's ballot (for the demo and the benchmarks; pages use `ballot_cast`).

    `choices` maps (subject id, criterion id) to a rating of the scale, "don't know" when
    offered, or "" for a blank (an abstention); a pair left out is blank too. Refused before
    the window opens, after it closes, unless open, for a delegate who is not entitled, and
    for unknown subjects, criteria or ratings. Then, in one transaction, the receipt (the
    unique constraint refuses a second ballot, also under concurrency) and the ballot's whole
    vector (1 in each chosen cell, 0 in every other) added to one tally shard in one UPDATE."""
    return _ballot_cast(evaluation=evaluation, choices=choices, delegate_filter={"pk": delegate.pk})


@transaction.atomic
def _ballot_cast(
    *, evaluation: Evaluation, choices: Mapping, delegate_filter: dict, parts=None
) -> None:
    term_id = evaluation.session.term_id  # the session is fixed once the evaluation opens
    # Held FOR SHARE (with every other ballot under way) until this ballot is in: closing,
    # which locks the row FOR UPDATE, waits for it, and a ballot after the close reads it
    # closed. Ballots do not wait for each other: each counts on a shard of its own. The
    # receipt goes in with the hold (one statement on PostgreSQL) when the evaluation is open
    # and the voter may vote; any refusal below rolls it back.
    entry = secret_ballot_enter(
        box=evaluation,
        voter=voter_statement(evaluation.pk, term_id, timezone.localdate(), **delegate_filter),
        receipts=evaluation.receipts,
        shards=evaluation.tally_shards,
    )
    evaluation = entry.box
    refusal = voting_refusal(evaluation)
    if refusal:
        raise ValidationError(refusal)
    delegate_id = _voter(entry.voter)
    if parts is None:
        parts = (
            evaluation.subjects.values_list("pk", flat=True),
            evaluation.criteria.values_list("pk", flat=True),
        )
    subject_ids, criterion_ids = ([getattr(p, "pk", p) for p in part] for part in parts)
    pairs = {(s, c) for s in subject_ids for c in criterion_ids}
    given = _ballot_choices(choices, pairs)
    blank = Rating.ABSTAIN.value  # looked up once, not for each of the 90 pairs
    offered = {*evaluation.ballot_ratings(), blank}
    if any(rating not in offered for rating in given.values()):
        raise ValidationError(_("The ballot holds a rating that this form does not offer."))
    # Every pair gets exactly one mark; a pair left out of `choices` is blank. The vector in
    # `tally_layout`'s order: 1 at each chosen cell's place, 0 elsewhere.
    places = tally_places(evaluation, subject_ids, criterion_ids)
    ballot = [0] * len(places)
    for pair in pairs:
        ballot[places[(*pair, given.get(pair, blank))]] = 1
    secret_ballot_cast(
        receipts=evaluation.receipts,
        delegate_id=delegate_id,
        shards=evaluation.tally_shards,
        ballot=ballot,
        refusals=REFUSALS,
        entry=entry,
    )


def _voter(row) -> int:
    """The id of the delegate (of the term) casting the ballot, if entitled and an active
    delegate today; refused otherwise. `row`: the voter's row read with the box
    (`voter_statement`, ballot_reads.py), None when the term has no such delegate."""
    voter = None if row is None else voter_row(row)
    if voter is None or not voter[1]:
        raise ValidationError(_("You are not entitled to vote in this evaluation."))
    if voter[2] != Delegate.Status.ACTIVE:
        raise ValidationError(
            _("Your qualification as a delegate is not active, so you cannot vote.")
        )
    return voter[0]


def _ballot_choices(choices: Mapping, pairs: set) -> dict:
    """The choices as {(subject id, criterion id): rating}, a blank as "abstain"."""
    given, blank = {}, Rating.ABSTAIN.value
    for key, rating in choices.items():
        try:
            pair = (int(key[0]), int(key[1]))
        except (TypeError, ValueError, IndexError):
            pair = None
        if pair not in pairs:
            raise ValidationError(_("The ballot names a subject or criterion it does not have."))
        given[pair] = rating or blank
    return given


# --- Paper ballots --------------------------------------------------------------------------


def _require_active(evaluation: Evaluation, delegate_ids, day, *, field="delegates") -> None:
    """Refuse any of the delegates whose qualification is not active on the day (terminated,
    recalled or suspended delegates are not picked to vote or count), naming them."""
    active = set(
        active_delegates_on(evaluation.session.term_id, day)
        .filter(pk__in=delegate_ids)
        .values_list("pk", flat=True)
    )
    refused = sorted(
        Delegate.objects.filter(pk__in=set(delegate_ids) - active).values_list("name", flat=True)
    )
    if not refused:
        return
    raise ValidationError(
        {
            field: _("Not active delegates on %(date)s: %(names)s.")
            % {"date": date_format(day, "DATE_FORMAT"), "names": join_list(refused)}
        }
    )


@transaction.atomic
def paper_ballots_hand_out(
    *, evaluation: Evaluation, delegates: Iterable[Delegate], handed_out_by
) -> int:
    """Record that these entitled delegates have each received a paper ballot (the tellers'
    step, while the evaluation is open). Each gets the receipt that online voting would give
    them, marked as paper and naming no round: from then on they cannot vote online, and a
    delegate who has voted online is refused here (the receipts' unique constraint decides,
    also under concurrency). All or nothing: one refusal, naming who, records nobody."""
    evaluation = _lock(evaluation)
    require_step(Step.HAND_OUT_PAPER, evaluation=evaluation, user=handed_out_by)
    wanted = {d.pk: d for d in delegates}
    if not wanted:
        raise ValidationError({"delegates": _("Choose the delegates who received a ballot.")})
    entitled = set(
        evaluation.entitlements.filter(delegate__in=wanted).values_list("delegate_id", flat=True)
    )
    strangers = sorted(d.name for pk, d in wanted.items() if pk not in entitled)
    if strangers:
        raise ValidationError(
            {
                "delegates": _("Not entitled to vote in this evaluation: %(names)s.")
                % {"names": join_list(strangers)}
            }
        )
    _require_active(evaluation, list(wanted), timezone.localdate())
    paper_ballots_take(receipts=evaluation.receipts, delegates=wanted.values(), refusals=REFUSALS)
    return len(wanted)


@transaction.atomic
def paper_round_enter(
    *,
    evaluation: Evaluation,
    issued: int,
    returned: int,
    counts: Mapping,
    entered_by,
    record_void: bool = False,
) -> PaperRound:
    """Record a round of paper ballots counted by the tellers while the evaluation is open.

    `counts` maps (subject id, criterion id, rating) to a number; a missing one is 0. For each
    subject and criterion the counts, blanks ("abstain") included, must add up to the ballots
    returned. More ballots back than issued makes the round void: it is recorded (without
    counts) only when `record_void` confirms it, and left out of the results."""
    evaluation = _lock(evaluation)
    require_step(Step.ENTER_PAPER, evaluation=evaluation, user=entered_by)
    if issued is None or issued < 0:
        raise ValidationError({"issued": _("Enter the number of ballots issued.")})
    if returned is None or returned < 0:
        raise ValidationError({"returned": _("Enter the number of ballots returned.")})
    # Ballots are issued only to the delegates recorded as having received one (each of
    # whom can no longer vote online); a void round's ballots are issued again.
    handed_out = evaluation.receipts.filter(on_paper=True).count()
    earlier = (
        evaluation.paper_rounds.filter(returned__lte=F("issued")).aggregate(n=Sum("issued"))["n"]
        or 0
    )
    if issued + earlier > handed_out:
        raise ValidationError(
            {
                "issued": _(
                    "%(issued)s ballots issued is too many: %(handed_out)s delegates are recorded "
                    "as having received a paper ballot and %(earlier)s ballots were issued in "
                    "earlier rounds. Record who received the ballots first."
                )
                % {"issued": issued, "handed_out": handed_out, "earlier": earlier}
            }
        )
    number = (
        evaluation.paper_rounds.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    if returned > issued:
        if not record_void:
            raise ValidationError(
                {
                    "returned": _(
                        "More ballots returned (%(returned)s) than issued (%(issued)s): the round "
                        "is void. Check the figures; if they are right, confirm that the round is "
                        "to be recorded as void."
                    )
                    % {"returned": returned, "issued": issued}
                }
            )
        return _round_save(
            PaperRound(
                evaluation=evaluation,
                number=number,
                issued=issued,
                returned=returned,
                entered_by=entered_by,
            )
        )
    subjects = list(evaluation.subjects.all())
    criteria = list(evaluation.criteria.all())
    ratings = evaluation.tally_ratings()
    known = {(s.pk, c.pk, r) for s in subjects for c in criteria for r in ratings}
    for key, value in counts.items():
        try:
            key = (int(key[0]), int(key[1]), key[2])
        except (TypeError, ValueError, IndexError):
            key = None
        if key not in known:
            raise ValidationError(
                {"counts": _("The counts name a subject, criterion or rating this form lacks.")}
            )
        if value is not None and (not isinstance(value, int) or value < 0):
            raise ValidationError({"counts": _("Each count is a whole number, 0 or more.")})
    values = {(int(k[0]), int(k[1]), k[2]): v or 0 for k, v in counts.items()}
    mismatches = []
    for subject in subjects:
        for criterion in criteria:
            total = sum(values.get((subject.pk, criterion.pk, r), 0) for r in ratings)
            if total != returned:
                mismatches.append(
                    _(
                        "%(subject)s, %(criterion)s: the counts (blanks included) add up to "
                        "%(total)s, not to the %(returned)s ballots returned."
                    )
                    % {
                        "subject": subject.name,
                        "criterion": criterion.name,
                        "total": total,
                        "returned": returned,
                    }
                )
    if mismatches:
        raise ValidationError({"counts": mismatches})
    paper_round = _round_save(
        PaperRound(
            evaluation=evaluation,
            number=number,
            issued=issued,
            returned=returned,
            entered_by=entered_by,
        )
    )
    PaperCount.objects.bulk_create(
        PaperCount(
            round=paper_round,
            subject=subject,
            criterion=criterion,
            rating=rating,
            count=values.get((subject.pk, criterion.pk, rating), 0),
        )
        for subject in subjects
        for criterion in criteria
        for rating in ratings
    )
    return paper_round


def _round_save(paper_round: PaperRound) -> PaperRound:
    # The figures must fit their columns: a mistyped number of ballots returned makes a void
    # round that nothing else bounds.
    paper_round.clean_fields(exclude=["evaluation", "number", "entered_by", "entered_at"])
    paper_round.save()
    return paper_round
