"""Every write that matters to a session. Atomic, validating before writing, refusing with a
ValidationError in the user's language."""

import datetime
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congress_office.enqueue import enqueue, start_long_work
from congress_office.roles import require_office
from congress_office.uploads import document_content_type
from delegates.models import Delegate, Delegation, Term

from .models import (
    AgendaDocument,
    AgendaItem,
    AgendaOutcomeChange,
    Attendance,
    Resolution,
    ResolutionVersion,
    Session,
    SessionDocument,
    SessionStatusChange,
    Sitting,
    Vote,
    VoteStateChange,
    VotingRule,
)
from .selectors import expected_delegates, present_count
from .workflow import (
    RESOLUTION_WORKFLOW,
    SESSION_WORKFLOW,
    VOTE_WORKFLOW,
    ResolutionStep,
    Step,
    VoteStep,
    advance_step,
)

VOTE_COUNTS = ("ballots_issued", "ballots_returned", "votes_for", "votes_against", "abstentions")
CHECK_IN_SALT = "congress-office.check-in"

# (quorum n/d, majority n/d, majority base) by level and matter, from the domain notes: at
# town level an election needs more than 4/5 present, at county level more than half; a
# candidate is elected with more than half of the ballots returned (a rule: of those present
# or entitled elsewhere). A resolution needs more than half of the delegates entitled to vote.
RULE_DEFAULTS = {
    (Term.Level.TOWN, VotingRule.Matter.ELECTION): (4, 5, 1, 2, VotingRule.Base.BALLOTS),
    (Term.Level.COUNTY, VotingRule.Matter.ELECTION): (1, 2, 1, 2, VotingRule.Base.BALLOTS),
    (Term.Level.TOWN, VotingRule.Matter.RESOLUTION): (1, 2, 1, 2, VotingRule.Base.ENTITLED),
    (Term.Level.COUNTY, VotingRule.Matter.RESOLUTION): (1, 2, 1, 2, VotingRule.Base.ENTITLED),
}


def voting_rule_for(*, term: Term, matter: str) -> VotingRule:
    """The term's rule for the matter, created with its level's defaults when first needed."""
    qn, qd, mn, md, base = RULE_DEFAULTS[(term.level, matter)]
    rule, _created = VotingRule.objects.get_or_create(
        term=term,
        matter=matter,
        defaults={
            "quorum_numerator": qn,
            "quorum_denominator": qd,
            "majority_numerator": mn,
            "majority_denominator": md,
            "majority_base": base,
        },
    )
    return rule


def voting_rules_for(*, term: Term, matters: tuple) -> list[VotingRule]:
    """The term's rules for the matters, in their order: one query when they exist (the
    chair's live page reads two on every refresh), each missing one as `voting_rule_for`."""
    found = {r.matter: r for r in VotingRule.objects.filter(term=term, matter__in=matters)}
    return [found.get(m) or voting_rule_for(term=term, matter=m) for m in matters]


@transaction.atomic
def session_advance(*, session: Session, changed_by) -> Session:
    """Move the session to its next status: planned → preparatory meeting held → in progress
    → closed. Each step is recorded."""
    require_office(changed_by)
    session = Session.objects.select_for_update().get(pk=session.pk)
    name = advance_step(session)
    before, session.status = session.status, SESSION_WORKFLOW.target(name, session.status)
    SESSION_WORKFLOW.check_target(name, before, session.status)
    session.save(update_fields=["status"])
    SessionStatusChange.objects.create(
        session=session, status_before=before, status_after=session.status, actor=changed_by
    )
    return session


def _check_open(session: Session) -> None:
    SESSION_WORKFLOW.require(session.status, Step.RECORD)


def check_in_check(session: Session) -> None:
    """Refuse check-in at a session that is closed, or not opened yet. Writes nothing: the
    check-in pages ask it to say why instead of offering their buttons."""
    _check_open(session)
    SESSION_WORKFLOW.require(session.status, Step.CHECK_IN)


def quorum_reading(session: Session, *, expected: int, present: int) -> dict:
    """What the chair reads out: expected and present, and whether the quorum is reached under
    the term's rule for resolutions; where elections need another quorum (more than four
    fifths in a town), whether that one is reached too."""
    matters = VotingRule.Matter
    rule, election = voting_rules_for(
        term=session.term, matters=(matters.RESOLUTION, matters.ELECTION)
    )
    reached = rule.quorum_met(entitled=expected, present=present)
    figures = {"expected": expected, "present": present}
    statement = (
        _("Expected %(expected)s, present %(present)s: quorum reached.")
        if reached
        else _("Expected %(expected)s, present %(present)s: quorum not reached.")
    ) % figures
    election_statement = ""
    fraction = (election.quorum_numerator, election.quorum_denominator)
    if fraction != (rule.quorum_numerator, rule.quorum_denominator):
        election_statement = (
            _("For an election (more than %(n)s/%(d)s present): quorum reached.")
            if election.quorum_met(entitled=expected, present=present)
            else _("For an election (more than %(n)s/%(d)s present): quorum not reached.")
        ) % {"n": fraction[0], "d": fraction[1]}
    return {"reached": reached, "statement": statement, "election": election_statement}


@transaction.atomic
def attendance_record(
    *, sitting: Sitting, delegate: Delegate, status: str, method: str, recorded_by
) -> Attendance:
    """Record (or correct) a delegate's attendance at a sitting, while its session is open."""
    require_office(recorded_by)
    check_in_check(sitting.session)
    if not expected_delegates(sitting.session).filter(pk=delegate.pk).exists():
        raise ValidationError(
            _("%(name)s is not expected at this session (not an active delegate of its term).")
            % {"name": delegate.name}
        )
    attendance, _created = Attendance.objects.update_or_create(
        sitting=sitting,
        delegate=delegate,
        defaults={"status": status, "method": method, "recorded_by": recorded_by},
    )
    return attendance


@transaction.atomic
def attendance_record_delegation(*, sitting: Sitting, delegation: Delegation, recorded_by) -> int:
    """ "The whole delegation is present": each of its expected delegates not yet recorded at
    the sitting is checked in as present, as from the delegation's list, one by one like a
    single check-in. Those already recorded (on leave, say) stay as they are. Returns how
    many were checked in."""
    require_office(recorded_by)
    check_in_check(sitting.session)
    missing = (
        expected_delegates(sitting.session)
        .filter(delegation=delegation)
        .exclude(attendances__sitting=sitting)
        .order_by("name")
    )
    for delegate in missing:
        attendance_record(
            sitting=sitting,
            delegate=delegate,
            status=Attendance.Status.PRESENT,
            method=Attendance.Method.LIST,
            recorded_by=recorded_by,
        )
    return len(missing)


def check_in_token(*, session: Session, delegate: Delegate) -> str:
    """What a delegate's QR code carries: a signed reference to delegate and session."""
    return signing.dumps({"s": session.pk, "d": delegate.pk}, salt=CHECK_IN_SALT, compress=True)


def check_in_token_read(token: str) -> tuple[int, int]:
    """(session id, delegate id) of a check-in token; ValidationError for a forged one."""
    try:
        data = signing.loads(token, salt=CHECK_IN_SALT)
    except signing.BadSignature as error:
        raise ValidationError(_("This check-in code is not valid.")) from error
    return data["s"], data["d"]


@transaction.atomic
def vote_record(
    *,
    session: Session,
    sitting: Sitting,
    matter: str,
    subject: str,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    recorded_by,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    agenda_item: AgendaItem | None = None,
    resolution: Resolution | None = None,
    round: int = 1,
) -> Vote:
    """Record a vote, judged by the term's rule in force, which is copied onto the result.
    A vote without quorum is refused; a round with more ballots back than issued is void; a
    second valid vote on the same matter and round is refused (a mistyped one is corrected
    with `vote_correct`)."""
    require_office(recorded_by)
    session = Session.objects.select_for_update().select_related("term").get(pk=session.pk)
    SESSION_WORKFLOW.require(session.status, Step.VOTE)
    _check_parts_of(session, sitting=sitting, agenda_item=agenda_item, resolution=resolution)
    rule = voting_rule_for(term=session.term, matter=matter)
    entitled = expected_delegates(session).count()
    present = present_count(sitting)
    if not rule.quorum_met(entitled=entitled, present=present):
        raise ValidationError(
            _(
                "No quorum: %(present)s of %(entitled)s delegates entitled to vote are present, "
                "and the rule needs more than %(n)s/%(d)s. The vote cannot be taken."
            )
            % {
                "present": present,
                "entitled": entitled,
                "n": rule.quorum_numerator,
                "d": rule.quorum_denominator,
            }
        )
    counts = dict(
        zip(
            VOTE_COUNTS,
            (ballots_issued, ballots_returned, votes_for, votes_against, abstentions),
            strict=True,
        )
    )
    void, passed = _judge(rule=rule, entitled=entitled, present=present, **counts)
    vote = Vote(
        session=session,
        sitting=sitting,
        agenda_item=agenda_item,
        resolution=resolution,
        matter=matter,
        subject=subject,
        round=round,
        entitled=entitled,
        present=present,
        **counts,
        quorum_met=True,
        void=void,
        passed=passed,
        rule=rule.as_record(),
        recorded_by=recorded_by,
    )
    return _save_and_decide(vote, recorded_by)


def _check_parts_of(session: Session, **parts) -> None:
    """What a vote names (its sitting, agenda item, resolution) is of its session, and its
    resolution is on its agenda item when both are named."""
    errors = {
        name: _("This belongs to another session.")
        for name, part in parts.items()
        if part is not None and part.session_id != session.pk
    }
    resolution, item = parts["resolution"], parts["agenda_item"]
    if not errors and resolution and item and resolution.agenda_item_id not in (None, item.pk):
        errors["agenda_item"] = _("The resolution is on another agenda item: %(item)s.") % {
            "item": resolution.agenda_item
        }
    if errors:
        raise ValidationError(errors)


def _judge(
    *, rule: VotingRule, entitled: int, present: int, ballots_issued, ballots_returned, **votes
) -> tuple[bool, bool]:
    """(void, passed) of a vote's figures under the rule; figures that cannot be are refused."""
    void = False
    counted = votes["votes_for"] + votes["votes_against"] + votes["abstentions"]
    if rule.matter == VotingRule.Matter.ELECTION:
        if ballots_issued is None or ballots_returned is None:
            raise ValidationError(_("An election records the ballots issued and returned."))
        if ballots_issued > present:
            raise ValidationError(
                {"ballots_issued": _("More ballots issued than delegates present.")}
            )
        void = ballots_returned > ballots_issued
        limit = ballots_returned
    else:
        limit = present
    if counted > limit:
        raise ValidationError(
            _("For, against and abstentions add up to %(counted)s, more than %(limit)s.")
            % {"counted": counted, "limit": limit}
        )
    passed = not void and rule.passes(
        votes_for=votes["votes_for"],
        entitled=entitled,
        present=present,
        ballots=ballots_returned,
    )
    return void, passed


def _save_and_decide(vote: Vote, actor) -> Vote:
    # The counts must fit their columns: a mistyped number of ballots returned makes a void
    # round that nothing else bounds.
    vote.clean_fields(exclude=[f.name for f in Vote._meta.fields if f.name not in VOTE_COUNTS])
    vote_check_matter(vote)
    vote.save()
    _decide_matter(vote, actor)
    return vote


def vote_check_matter(vote: Vote) -> None:
    """Refuse, next to the field that names the matter, a second valid vote on the vote's
    matter in its round, and a further round that follows no valid one. Writes nothing: the
    record form asks it too."""
    others = Vote.objects.filter(vote.same_matter(), state=Vote.State.VALID).exclude(pk=vote.pk)
    rounds = set(others.values_list("round", flat=True))
    if vote.round in rounds:
        raise ValidationError(
            {
                vote.matter_field(): _(
                    "This matter already has a valid vote in round %(round)s. A mistyped vote "
                    "is corrected or voided from its own page; a new vote on the same matter "
                    "is recorded as the next round."
                )
                % {"round": vote.round}
            }
        )
    if vote.round > 1 and vote.round - 1 not in rounds:
        raise ValidationError(
            {
                "round": _(
                    "Round %(round)s follows round %(previous)s, and this matter has no valid "
                    "vote in round %(previous)s."
                )
                % {"round": vote.round, "previous": vote.round - 1}
            }
        )


def _decide_matter(vote: Vote, changed_by) -> None:
    """The matter's resolution and agenda item take the result of its deciding vote: the
    valid, not void vote of its latest round. With none left (its vote voided) they are
    undecided again. An election's item is decided by hand, once every candidate is voted."""
    deciding = (
        Vote.objects.filter(vote.same_matter(), state=Vote.State.VALID, void=False)
        .order_by("-round")
        .first()
    )
    resolution = vote.resolution
    if resolution is not None:
        resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
        if deciding is None:
            decided, step_name = Resolution.Status.DRAFT, ResolutionStep.UNDECIDE
        else:
            decided = (
                Resolution.Status.ADOPTED if deciding.passed else Resolution.Status.NOT_ADOPTED
            )
            step_name = ResolutionStep.VOTE
        if decided != resolution.status:
            RESOLUTION_WORKFLOW.check_target(step_name, resolution.status, decided)
            resolution.status = decided
            resolution.save(update_fields=["status"])
    # A resolution's vote decides its agenda item too, named or not.
    item = vote.agenda_item or (resolution.agenda_item if resolution else None)
    if item is not None and item.kind != AgendaItem.Kind.ELECTION:
        if deciding is None:
            outcome = AgendaItem.Outcome.PENDING
        else:
            passed = deciding.passed
            outcome = AgendaItem.Outcome.ADOPTED if passed else AgendaItem.Outcome.NOT_ADOPTED
        agenda_item_set_outcome(item=item, outcome=outcome, changed_by=changed_by)


def _taken_out(*, vote: Vote, step_name: str, reason: str, actor) -> Vote:
    """The valid vote, locked, moved out of the valid ones by `step_name` and recorded with
    who, when and why; refused while its session is not in progress or once it is not valid."""
    require_office(actor)
    vote = Vote.objects.select_for_update().select_related("session").get(pk=vote.pk)
    SESSION_WORKFLOW.require(vote.session.status, Step.VOTE)
    VOTE_WORKFLOW.require(vote.state, step_name)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why: it is kept with the vote's history.")})
    before, vote.state = vote.state, VOTE_WORKFLOW.target(step_name, vote.state)
    vote.save(update_fields=["state"])
    VoteStateChange.objects.create(
        vote=vote, state_before=before, state_after=vote.state, reason=reason, actor=actor
    )
    return vote


@transaction.atomic
def vote_correct(
    *,
    vote: Vote,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    reason: str,
    corrected_by,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
) -> Vote:
    """Correct a mistyped vote: the corrected figures are a new valid vote on the same matter
    and round (judged by the rule the vote was taken under, with the attendance it was taken
    at), which `corrects` the old one; the old one is kept, superseded. Returns the new vote."""
    counts = dict(
        zip(
            VOTE_COUNTS,
            (ballots_issued, ballots_returned, votes_for, votes_against, abstentions),
            strict=True,
        )
    )
    old = _taken_out(vote=vote, step_name=VoteStep.CORRECT, reason=reason, actor=corrected_by)
    if all(getattr(old, name) == value for name, value in counts.items()):
        raise ValidationError(_("These are the figures already recorded: nothing to correct."))
    void, passed = _judge(
        rule=VotingRule.from_record(old.rule),
        entitled=old.entitled,
        present=old.present,
        **counts,
    )
    new = Vote(
        session=old.session,
        sitting_id=old.sitting_id,
        agenda_item_id=old.agenda_item_id,
        resolution_id=old.resolution_id,
        matter=old.matter,
        subject=old.subject,
        round=old.round,
        entitled=old.entitled,
        present=old.present,
        **counts,
        quorum_met=old.quorum_met,
        void=void,
        passed=passed,
        rule=old.rule,
        recorded_by=corrected_by,
        corrects=old,
    )
    return _save_and_decide(new, corrected_by)


@transaction.atomic
def vote_void(*, vote: Vote, reason: str, voided_by) -> Vote:
    """Void a vote recorded by mistake (on the wrong matter, or never taken): it is kept,
    voided, and its matter is decided again by what remains valid."""
    vote = _taken_out(vote=vote, step_name=VoteStep.VOID, reason=reason, actor=voided_by)
    _decide_matter(vote, voided_by)
    return vote


@transaction.atomic
def agenda_item_set_outcome(*, item: AgendaItem, outcome: str, changed_by) -> AgendaItem:
    """Set an item's outcome (a written report is "done"; a vote adopts or not), recorded."""
    require_office(changed_by)
    item = AgendaItem.objects.select_for_update().select_related("session").get(pk=item.pk)
    _check_open(item.session)
    if item.outcome != outcome:
        AgendaOutcomeChange.objects.create(
            item=item, outcome_before=item.outcome, outcome_after=outcome, actor=changed_by
        )
        item.outcome = outcome
        item.save(update_fields=["outcome"])
    return item


@transaction.atomic
def resolution_add_version(
    *, resolution: Resolution, text: str, note: str = "", created_by
) -> ResolutionVersion:
    """A new draft of a resolution; once voted on, its text is final."""
    require_office(created_by)
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    RESOLUTION_WORKFLOW.require(resolution.status, ResolutionStep.REVISE)
    if not text.strip():
        raise ValidationError({"text": _("Write the text of the resolution.")})
    last = resolution.versions.order_by("-number").first()
    return ResolutionVersion.objects.create(
        resolution=resolution,
        number=(last.number + 1) if last else 1,
        text=text,
        note=note,
        created_by=created_by,
    )


@transaction.atomic
def agenda_document_add(*, item: AgendaItem, uploaded_file, title: str, uploaded_by):
    """Attach a document to an agenda item after judging its type by its content."""
    require_office(uploaded_by)
    try:
        content_type = document_content_type(uploaded_file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    return AgendaDocument.objects.create(
        item=item,
        # Untitled: named after the file, cut to fit (file names can be longer than titles).
        title=title or uploaded_file.name[: AgendaDocument._meta.get_field("title").max_length],
        file=uploaded_file,
        content_type=content_type,
        size=uploaded_file.size,
        uploaded_by=uploaded_by,
    )


def session_document_request(*, session: Session, kind: str) -> SessionDocument:
    """Queue the generation of one of a session's PDFs, printed in the current language.

    Asking again while a task has it in hand (queued or running, asked for less than the
    task's time limit ago) changes nothing: two tasks would print it at the same time. Asking
    again later, or after the task could not be queued (the broker away), queues it again, and
    the new file replaces the old."""
    with transaction.atomic():
        document, _created = SessionDocument.objects.select_for_update().get_or_create(
            session=session, kind=kind
        )
        if session_document_in_hand(document):
            return document
        document.status = SessionDocument.Status.QUEUED
        document.error = ""
        document.requested_at = timezone.now()
        document.save(update_fields=["status", "error", "requested_at"])
        language = translation.get_language() or settings.LANGUAGE_CODE
        queue = partial(_queue_generation, document.pk, language)
        transaction.on_commit(partial(start_long_work, queue))
    return document


def session_document_in_hand(document: SessionDocument) -> bool:
    """Whether a task has the document in hand: queued or running, asked for less than the
    task's time limit ago. Asking again then changes nothing."""
    from .tasks import generate_session_document

    busy = document.status in (SessionDocument.Status.QUEUED, SessionDocument.Status.RUNNING)
    limit = datetime.timedelta(seconds=generate_session_document.time_limit)
    asked = document.requested_at
    return busy and asked is not None and asked > timezone.now() - limit


def _queue_generation(document_id: int, language: str) -> None:
    from .tasks import generate_session_document

    if not enqueue(generate_session_document, document_id, language):
        # Not queued: asking again must queue it at once rather than wait for the time limit.
        SessionDocument.objects.filter(pk=document_id, status=SessionDocument.Status.QUEUED).update(
            requested_at=None
        )
