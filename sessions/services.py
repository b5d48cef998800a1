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
from delegates.models import Delegate, Term

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
    VotingRule,
)
from .selectors import expected_delegates, present_count
from .workflow import (
    RESOLUTION_WORKFLOW,
    SESSION_WORKFLOW,
    ResolutionStep,
    Step,
    advance_step,
)

VOTE_COUNTS = ("ballots_issued", "ballots_returned", "votes_for", "votes_against", "abstentions")
CHECK_IN_SALT = "congress-office.check-in"

# (quorum n/d, majority n/d, majority base) by level and matter, from the domain notes: at
# town level an election needs more than 4/5 present and a candidate more than half of those
# present; at county level more than half present and more than half of those entitled.
# A resolution needs more than half of the delegates entitled to vote.
RULE_DEFAULTS = {
    (Term.Level.TOWN, VotingRule.Matter.ELECTION): (4, 5, 1, 2, VotingRule.Base.PRESENT),
    (Term.Level.COUNTY, VotingRule.Matter.ELECTION): (1, 2, 1, 2, VotingRule.Base.ENTITLED),
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


@transaction.atomic
def attendance_record(
    *, sitting: Sitting, delegate: Delegate, status: str, method: str, recorded_by
) -> Attendance:
    """Record (or correct) a delegate's attendance at a sitting."""
    require_office(recorded_by)
    _check_open(sitting.session)
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
) -> Vote:
    """Record a vote, judged by the term's rule in force, which is copied onto the result.
    A vote without quorum is refused; a round with more ballots back than issued is void."""
    require_office(recorded_by)
    session = Session.objects.select_for_update().select_related("term").get(pk=session.pk)
    SESSION_WORKFLOW.require(session.status, Step.VOTE)
    if sitting.session_id != session.pk:
        raise ValidationError({"sitting": _("This sitting belongs to another session.")})
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
    void = False
    counted = votes_for + votes_against + abstentions
    if matter == VotingRule.Matter.ELECTION:
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
    passed = not void and rule.passes(votes_for=votes_for, entitled=entitled, present=present)
    vote = Vote(
        session=session,
        sitting=sitting,
        agenda_item=agenda_item,
        resolution=resolution,
        matter=matter,
        subject=subject,
        entitled=entitled,
        present=present,
        ballots_issued=ballots_issued,
        ballots_returned=ballots_returned,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        quorum_met=True,
        void=void,
        passed=passed,
        rule=rule.as_record(),
        recorded_by=recorded_by,
    )
    # The counts must fit their columns: a mistyped number of ballots returned makes a void
    # round that nothing else bounds.
    vote.clean_fields(exclude=[f.name for f in Vote._meta.fields if f.name not in VOTE_COUNTS])
    vote.save()
    if not void:
        outcome = AgendaItem.Outcome.ADOPTED if passed else AgendaItem.Outcome.NOT_ADOPTED
        if resolution is not None:
            decided = Resolution.Status.ADOPTED if passed else Resolution.Status.NOT_ADOPTED
            RESOLUTION_WORKFLOW.check_target(ResolutionStep.VOTE, resolution.status, decided)
            resolution.status = decided
            resolution.save(update_fields=["status"])
        # A resolution's vote decides its agenda item too, named or not.
        agenda_item = agenda_item or (resolution.agenda_item if resolution else None)
        if agenda_item is not None and agenda_item.kind != AgendaItem.Kind.ELECTION:
            agenda_item_set_outcome(item=agenda_item, outcome=outcome, changed_by=recorded_by)
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
