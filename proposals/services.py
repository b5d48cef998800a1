"""Every write to an item and its handling. Each step is checked against the workflow table
(`proposals.workflow`: the item's status, the person taking it, what else it needs) before
anything is written, refusing with a ValidationError in the user's language; a step that moves
the item writes its timeline entry and keeps the handling facts and statistics in step."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Max, Value, When
from django.db.models.functions import Cast, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_office.models import Letterhead
from congress_office.uploads import document_content_type
from congress_office.wording import written_date
from congress_office.workdays import add_months
from delegates.models import Delegate, Term
from delegates.selectors import active_delegates_on
from sessions.selectors import session_sitting_on

from . import notices
from .deadlines import amber_from, assignment_deadlines
from .facts import AssignmentRow, handling_facts
from .models import (
    Assignment,
    CoSignature,
    Feedback,
    HandlingUnit,
    Proposal,
    ProposalAttachment,
    ProposalCategory,
    ProposalEvent,
    ProposalRules,
    Reply,
)
from .numbering import number_prefix, proposal_number
from .reply_reads import co_views_missing, co_views_received, refuse_without_consultation
from .selectors import reply_to_rate
from .signers import inquiry_check_signers
from .tally import contribution, tally_apply
from .workflow import PROPOSAL_WORKFLOW, Edit, require_step

S = Proposal.Status
A = ProposalEvent.Action


def _lock(proposal: Proposal) -> tuple[Proposal, tuple | None]:
    """The item, locked and read afresh, and what the statistics hold of it as read: `_move`
    applies the difference once the item has moved."""
    locked = (
        # Lock the item alone: its session is an outer join, which PostgreSQL cannot lock.
        Proposal.objects.select_for_update(of=("self",))
        .select_related("term", "session", "author")
        .get(pk=proposal.pk)
    )
    return locked, contribution(locked)


def _refresh_handling(proposal: Proposal) -> None:
    """Keep the handling facts that queues read in step with the item's status
    (`proposals.facts`, the one rule the large office follows too). Two queries."""
    rows = list(
        proposal.assignments.order_by("pk").values_list(
            "pk", "role", "round", "sent_back_at", "deadline", "unit_id", "amber_on"
        )
    )
    facts = handling_facts(
        status=proposal.status,
        round=proposal.round,
        assignments=[
            AssignmentRow(role, number, sent_back_at is not None, deadline, unit_id, amber_on)
            for _pk, role, number, sent_back_at, deadline, unit_id, amber_on in rows
        ],
    )
    opened = [row[0] for row, is_open in zip(rows, facts.is_open, strict=True) if is_open]
    proposal.assignments.update(
        is_open=Case(When(pk__in=opened, then=Value(True)), default=Value(False))
    )
    proposal.lead_deadline = facts.lead_deadline
    proposal.lead_amber_on = facts.lead_amber_on
    proposal.lead_unit_id = facts.lead_unit_id


def _move(
    proposal: Proposal,
    counted_as,
    action: str,
    *,
    actor,
    to: str = "",
    note: str = "",
    params: dict | None = None,
) -> None:
    """Take a step of the workflow: the status becomes `to` (by default the step's one
    target, or unchanged), the handling facts and the statistics follow, the timeline records
    it: `note` what a person typed, `params` the step's facts, read in the viewer's language
    (timeline_notes). `counted_as` is what `_lock` read of the item for the statistics."""
    before = proposal.status
    status = to or PROPOSAL_WORKFLOW.target(action, before)
    PROPOSAL_WORKFLOW.check_target(action, before, status)
    proposal.status = status
    _refresh_handling(proposal)
    proposal.save()
    tally_apply(counted_as, contribution(proposal))
    ProposalEvent.objects.create(
        proposal=proposal,
        action=action,
        status_before=before,
        status_after=status,
        note=note,
        params=params,
        actor=actor,
    )


def _check_text(title: str, situation: str, recommendations: str) -> None:
    rules = ProposalRules.current()
    errors = {}
    for field, value in (
        ("title", title),
        ("situation", situation),
        ("recommendations", recommendations),
    ):
        if not value.strip():
            errors[field] = _("This field is required.")
    if len(situation) + len(recommendations) > rules.max_characters:
        errors["recommendations"] = _(
            "Together, situation and recommendations may have at most %(n)s characters."
        ) % {"n": rules.max_characters}
    if errors:
        raise ValidationError(errors)


# --- Filing ---------------------------------------------------------------------------


@transaction.atomic
def proposal_draft_save(
    *,
    author: Delegate,
    kind: str,
    title: str,
    situation: str,
    recommendations: str,
    category: ProposalCategory | None = None,
    session=None,
    urgent: bool = False,
    proposal: Proposal | None = None,
    inquired_unit: HandlingUnit | None = None,
) -> Proposal:
    """Create a draft, or change one that is still a draft (its author only). An inquiry
    names the department it is about; other items name none."""
    _check_text(title, situation, recommendations)
    if kind == Proposal.Kind.INQUIRY and inquired_unit is None:
        raise ValidationError({"inquired_unit": _("Name the department the inquiry is about.")})
    if session is not None and session.term_id != author.term_id:
        raise ValidationError({"session": _("The session belongs to another term.")})
    if proposal is None:
        proposal = Proposal(author=author, term_id=author.term_id)
    else:
        proposal, _counted = _lock(proposal)
        require_step(Edit.CHANGE, user=author.user, proposal=proposal)
    for field, value in {
        "kind": kind,
        "title": title,
        "situation": situation,
        "recommendations": recommendations,
        "category": category,
        "session": session,
        "urgent": urgent,
        "inquired_unit": inquired_unit if kind == Proposal.Kind.INQUIRY else None,
    }.items():
        setattr(proposal, field, value)
    proposal.save()
    return proposal


MAX_ATTACHMENTS = 5


@transaction.atomic
def attachment_add(
    *, proposal: Proposal, uploaded_file, added_by, title: str = ""
) -> ProposalAttachment:
    """Attach a document to a draft, after judging its type by its content."""
    proposal, _counted = _lock(proposal)
    require_step(Edit.ATTACH, user=added_by, proposal=proposal)
    if proposal.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {"file": _("An item can have at most %(n)s attachments.") % {"n": MAX_ATTACHMENTS}}
        )
    try:
        content_type = document_content_type(uploaded_file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    return ProposalAttachment.objects.create(
        proposal=proposal,
        # Untitled: named after the file, cut to fit (file names can be longer than titles).
        title=title or uploaded_file.name[: ProposalAttachment._meta.get_field("title").max_length],
        file=uploaded_file,
        content_type=content_type,
        size=uploaded_file.size,
    )


@transaction.atomic
def cosigners_invite(*, proposal: Proposal, delegates, invited_by) -> list[CoSignature]:
    proposal, _counted = _lock(proposal)
    require_step(Edit.INVITE, user=invited_by, proposal=proposal)
    active = set(
        active_delegates_on(proposal.term, timezone.localdate()).values_list("pk", flat=True)
    )
    invitations, new = [], []
    for delegate in delegates:
        if delegate.pk == proposal.author_id:
            raise ValidationError(_("The author does not co-sign their own item."))
        if delegate.pk not in active:
            raise ValidationError(
                _("%(name)s is not an active delegate of this term.") % {"name": delegate.name}
            )
        invitation, created = CoSignature.objects.get_or_create(
            proposal=proposal, delegate=delegate
        )
        invitations.append(invitation)
        if created:
            new.append(invitation)
    notices.tell_invited(proposal, new)  # asked again, nobody hears twice
    return invitations


@transaction.atomic
def cosignature_answer(*, cosignature: CoSignature, confirm: bool, answered_by) -> CoSignature:
    """The delegate asked confirms or declines a co-signature, before the item is submitted."""
    proposal, _counted = _lock(cosignature.proposal)
    require_step(Edit.COSIGN, user=answered_by, proposal=proposal, cosignature=cosignature)
    cosignature.status = CoSignature.Status.CONFIRMED if confirm else CoSignature.Status.DECLINED
    cosignature.answered_at = timezone.now()
    cosignature.save(update_fields=["status", "answered_at"])
    return cosignature


def filing_day(proposal: Proposal) -> datetime.date:
    """The day the item was filed, or, for a draft, would be if submitted today."""
    return timezone.localdate(proposal.submitted_at or timezone.now())


def cosigners_needed(proposal: Proposal) -> int:
    """What the item needs: a session's number when a session of its term sits on the day of
    filing, whether or not the author named the session (an optional field decides nothing);
    for an inquiry, the rules' signers but its author."""
    if proposal.kind == Proposal.Kind.INQUIRY:
        return ProposalRules.current().inquiry_signers - 1
    return ProposalRules.current().cosigners_needed(during_session=_filed_in_session(proposal))


def _filed_in_session(proposal: Proposal) -> bool:
    """Whether a session of the item's term sits on its filing day: known without a query
    when the session the author named is one (the item's page reads it anyway)."""
    day, named = filing_day(proposal), proposal.session if proposal.session_id else None
    if named and named.term_id == proposal.term_id and named.start_date <= day <= named.end_date:
        return True
    return session_sitting_on(proposal.term_id, day) is not None


@transaction.atomic
def proposal_submit(*, proposal: Proposal, submitted_by, as_suggestion: bool = False) -> Proposal:
    """The author sends a draft to the office. A formal proposal needs its confirmed
    co-signers; without enough of them it can go ahead as a suggestion."""
    proposal, counted = _lock(proposal)
    require_step(A.SUBMITTED, user=submitted_by, proposal=proposal)
    proposal.submitted_at = timezone.now()
    sitting = session_sitting_on(proposal.term_id, filing_day(proposal))
    if proposal.session is None:
        proposal.session = sitting  # filed while it sits: collected at that session
    facts = None
    if proposal.kind == Proposal.Kind.INQUIRY:
        inquiry_check_signers(proposal)
    if proposal.kind == Proposal.Kind.PROPOSAL:
        confirmed = proposal.cosignatures.filter(status=CoSignature.Status.CONFIRMED).count()
        needed = ProposalRules.current().cosigners_needed(during_session=sitting is not None)
        if confirmed < needed and not as_suggestion:
            raise ValidationError(
                _(
                    "A proposal needs %(needed)s confirmed co-signers and has %(confirmed)s. "
                    "Wait for more, or submit it as a suggestion."
                )
                % {"needed": needed, "confirmed": confirmed}
            )
        if confirmed < needed:
            proposal.kind = Proposal.Kind.SUGGESTION
            facts = {"confirmed": confirmed, "needed": needed}  # said in timeline_notes
    _move(proposal, counted, A.SUBMITTED, actor=submitted_by, params=facts)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, withdrawn_by) -> Proposal:
    proposal, counted = _lock(proposal)
    require_step(A.WITHDRAWN, user=withdrawn_by, proposal=proposal)
    _move(proposal, counted, A.WITHDRAWN, actor=withdrawn_by)
    return proposal


@transaction.atomic
def proposal_log_heard(
    *,
    received_by: Delegate,
    title: str,
    situation: str,
    recommendations: str,
    logged_by,
    category: ProposalCategory | None = None,
) -> Proposal:
    """An opinion heard on a reception day, logged by office staff, enters the same pipeline."""
    return proposal_log_received(
        Proposal(
            author=received_by,
            kind=Proposal.Kind.OPINION,
            source=Proposal.Source.RECEPTION_DAY,
            title=title,
            situation=situation,
            recommendations=recommendations,
            category=category,
        ),
        logged_by=logged_by,
    )


def proposal_log_received(proposal: Proposal, *, logged_by, action: str = A.LOGGED) -> Proposal:
    """An item the office received from a delegate other than by their filing it (heard on
    a reception day, answered to a solicitation, raised to their committee member): logged
    (the timeline's `action` says from where), it enters the pipeline as submitted, in the
    author's name. Called inside the caller's transaction."""
    _check_text(proposal.title, proposal.situation, proposal.recommendations)
    proposal.term_id = proposal.author.term_id
    proposal.submitted_at = timezone.now()
    require_step(action, user=logged_by, proposal=proposal)
    proposal.save()
    _move(proposal, None, action, actor=logged_by)
    return proposal


# --- Review by the office -------------------------------------------------------------


def _next_number(term: Term, year: int) -> str:
    """The next number of the year in the term: 2025-001, 2025-002, ..."""
    Term.objects.select_for_update().get(pk=term.pk)  # one numbering at a time per term
    prefix = number_prefix(year)
    # Compared as numbers, not text: "2025-1000" sorts before "2025-999" as text.
    last = Proposal.objects.filter(term=term, number__startswith=prefix).aggregate(
        n=Max(Cast(Substr("number", len(prefix) + 1), IntegerField()))
    )["n"]
    return proposal_number(year, (last or 0) + 1)


@transaction.atomic
def proposal_accept(
    *, proposal: Proposal, category: ProposalCategory, accepted_by, as_suggestion: bool = False
) -> Proposal:
    """Accept the item (立案) and number it; or accept it converted to a suggestion."""
    proposal, counted = _lock(proposal)
    converted = as_suggestion and proposal.kind == Proposal.Kind.PROPOSAL
    action = A.CONVERTED if converted else A.ACCEPTED
    require_step(action, user=accepted_by, proposal=proposal)
    proposal.category = category
    proposal.number = _next_number(proposal.term, timezone.localdate().year)
    if converted:
        proposal.kind = Proposal.Kind.SUGGESTION
    _move(proposal, counted, action, actor=accepted_by)
    notices.tell_reviewed(proposal, action)
    return proposal


@transaction.atomic
def proposal_merge(*, proposal: Proposal, into: Proposal, merged_by) -> Proposal:
    """Handle the item together with a similar accepted one; its author still gets the reply."""
    proposal, counted = _lock(proposal)
    into, _into_counted = _lock(into)
    require_step(A.MERGED, user=merged_by, proposal=proposal)
    if into.pk == proposal.pk or into.term_id != proposal.term_id:
        raise ValidationError(_("Choose another item of the same term."))
    if into.status not in MERGE_TARGETS:
        raise ValidationError(_("An item can only be merged into an accepted one."))
    proposal.merged_into = into
    _move(proposal, counted, A.MERGED, actor=merged_by, note=str(into))
    notices.tell_reviewed(proposal, A.MERGED, str(into))
    return proposal


# Items others can be merged into: accepted, not yet answered.
MERGE_TARGETS = (S.ACCEPTED, S.ASSIGNED)


@transaction.atomic
def proposal_decline(*, proposal: Proposal, reason: str, declined_by) -> Proposal:
    proposal, counted = _lock(proposal)
    require_step(A.DECLINED, user=declined_by, proposal=proposal)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the delegate will read it.")})
    _move(proposal, counted, A.DECLINED, actor=declined_by, note=reason)
    notices.tell_reviewed(proposal, A.DECLINED, reason)
    return proposal


# --- Routing and handling -------------------------------------------------------------


@transaction.atomic
def proposal_route(
    *,
    proposal: Proposal,
    lead: HandlingUnit,
    co_units=(),
    routed_by,
    responsible_person: str = "",
    on: datetime.date | None = None,
) -> list[Assignment]:
    """The office routes (交办) an accepted item to a lead unit and any co-handling units."""
    proposal, counted = _lock(proposal)
    require_step(A.ROUTED, user=routed_by, proposal=proposal)
    return _route(proposal, counted, lead, co_units, routed_by, responsible_person, on)


def _route(proposal, counted, lead, co_units, actor, responsible_person, on) -> list[Assignment]:
    """Route a locked item: by the office, or again after a dissatisfied rating."""
    co_units = [unit for unit in co_units if unit.pk != lead.pk]
    on = on or timezone.localdate()
    rules = ProposalRules.current()
    assignments = []
    for unit, role in [(lead, Assignment.Role.LEAD)] + [(u, Assignment.Role.CO) for u in co_units]:
        deadline, send_back_until = assignment_deadlines(
            rules,
            role=role,
            urgent=proposal.urgent,
            on=on,
            inquiry=proposal.kind == Proposal.Kind.INQUIRY,
        )
        assignments.append(
            Assignment.objects.create(
                proposal=proposal,
                unit=unit,
                role=role,
                round=proposal.round,
                responsible_person=responsible_person if role == Assignment.Role.LEAD else "",
                assigned_on=on,
                deadline=deadline,
                send_back_until=send_back_until,
                time_given_from=on,
                amber_on=amber_from(on, deadline, rules.due_soon_share_percent),
            )
        )
    units = [str(a.unit) for a in assignments]
    _move(proposal, counted, A.ROUTED, actor=actor, params={"units": units})
    notices.tell_routed(proposal, assignments, rehandling=proposal.round > 1)
    return assignments


def _lock_assignment(assignment: Assignment) -> tuple[Assignment, Proposal, tuple | None]:
    """The assignment read afresh, and its item locked (see `_lock`)."""
    assignment = Assignment.objects.select_related("unit").get(pk=assignment.pk)
    proposal, counted = _lock(assignment.proposal)
    assignment.proposal = proposal
    return assignment, proposal, counted


@transaction.atomic
def assignment_send_back(
    *, assignment: Assignment, reason: str, sent_back_by, today: datetime.date | None = None
) -> Proposal:
    """The lead unit says the item is not its business, within the allowed working days;
    the item goes back to the office to be routed again."""
    assignment, proposal, counted = _lock_assignment(assignment)
    require_step(
        A.SENT_BACK, user=sent_back_by, proposal=proposal, assignment=assignment, today=today
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is not your unit's business.")})
    _lapse_extension_requests(proposal, actor=sent_back_by)
    proposal.assignments.filter(round=proposal.round, sent_back_at__isnull=True).update(
        sent_back_at=timezone.now(), send_back_reason=reason
    )
    _move(
        proposal,
        counted,
        A.SENT_BACK,
        actor=sent_back_by,
        note=reason,
        params={"unit": str(assignment.unit)},
    )
    return proposal


@transaction.atomic
def reply_submit(
    *, assignment: Assignment, result: str, text: str, replied_by, views_taken_in=()
) -> Reply:
    """A unit's reply. A co-handling unit's view goes to the lead unit; the lead unit's reply
    goes to the delegate for rating, saying which co-handling views it took in and which had
    not arrived, after a consultation where the rules want one, and through the office first
    where the office reviews replies. For an item being solved (B), the lead unit's second
    reply reports it solved and closes it."""
    assignment, proposal, counted = _lock_assignment(assignment)
    if assignment.role == Assignment.Role.CO:
        step_name = Edit.CO_REPLY
    else:
        step_name = A.SOLVED if proposal.status == S.TRACKING else A.REPLIED
    require_step(step_name, user=replied_by, proposal=proposal, assignment=assignment)
    if not text.strip():
        raise ValidationError({"text": _("Write the reply.")})
    if step_name == Edit.CO_REPLY:
        return Reply.objects.create(
            assignment=assignment, result=result, text=text, replied_by=replied_by
        )
    follow_up = step_name == A.SOLVED
    if follow_up and result != Reply.Result.A:
        raise ValidationError({"result": _("The second reply reports the matter solved (A).")})
    if not follow_up:
        refuse_without_consultation(proposal, assignment)
    views = co_views_received(assignment)
    taken_in = [view for view in views if view in set(views_taken_in)]
    if len(taken_in) != len(set(views_taken_in)):
        raise ValidationError({"views_taken_in": _("Choose among the views received.")})
    rules = ProposalRules.current()
    reply = Reply.objects.create(
        assignment=assignment,
        result=result,
        text=text,
        replied_by=replied_by,
        follow_up=follow_up,
        review=Reply.Review.PENDING if rules.review_replies else "",
    )
    reply.views_taken_in.set(taken_in)
    reply.views_missing.set(co_views_missing(assignment, views))
    if rules.review_replies:
        _move(proposal, counted, A.REVIEW_ASKED, to=S.REVIEWING, actor=replied_by)
        return reply
    deliver_reply(proposal, counted, reply, action=step_name, actor=replied_by)
    return reply


def deliver_reply(
    proposal: Proposal,
    counted,
    reply: Reply,
    *,
    action: str,
    actor,
    answered_on: datetime.date | None = None,
    facts: dict | None = None,
) -> None:
    """The lead unit's reply reaches the delegates: numbered as a letter, counted as the
    item's first reply (on time by the day the unit sent it, or `answered_on`: the day of the
    meeting where an inquiry was answered), the item awaiting the rating or closed when it
    reports the matter solved; everyone who receives it is told. Sent, released by the
    office, or recorded by it from a meeting (`facts` adds the step's own facts)."""
    year = timezone.localdate().year
    reply.letter_year, reply.letter_number = year, _next_letter_number(year)
    reply.save(update_fields=["letter_year", "letter_number"])
    if not reply.follow_up and not proposal.first_result:
        proposal.first_result = reply.result
        sent_on = answered_on or timezone.localdate(reply.replied_at)
        proposal.first_reply_on_time = sent_on <= reply.assignment.deadline
    params = None if reply.follow_up else {"result": reply.result, **(facts or {})}
    target = S.CLOSED if reply.follow_up else S.REPLIED
    _move(proposal, counted, action, to=target, actor=actor, params=params)
    notices.tell_replied(proposal, reply, solved=reply.follow_up)


def _next_letter_number(year: int) -> int:
    """The next reply letter's number in the year. The letterhead's row is locked first, so
    two replies sent at once take turns and never share a number (the unique constraint is
    the database's word on it)."""
    Letterhead.current()  # the row exists before it is locked
    Letterhead.objects.select_for_update().get()
    last = Reply.objects.filter(letter_year=year).aggregate(n=Max("letter_number"))["n"]
    return (last or 0) + 1


@transaction.atomic
def feedback_submit(
    *, reply: Reply, overall: str, rated_by, comment: str = "", **aspects
) -> Feedback:
    """The author rates the lead unit's reply. Satisfied or basically satisfied closes the
    item (or keeps a B item tracked); dissatisfied opens a new round with the same units,
    keeping the reply on record."""
    proposal, counted = _lock(reply.assignment.proposal)
    dissatisfied = overall == Feedback.Rating.DISSATISFIED
    action = A.REHANDLING if dissatisfied else A.RATED
    require_step(action, user=rated_by, proposal=proposal)
    if reply.assignment.role != Assignment.Role.LEAD or reply.assignment.round != proposal.round:
        raise ValidationError(_("Rate the lead unit's reply of the current round."))
    if dissatisfied and not comment.strip():
        # The units handle the item again: they must know what the delegate found wanting.
        raise ValidationError(
            {"comment": _("Say why you are dissatisfied: the units will handle it again.")}
        )
    check_aspects(aspects)
    feedback = Feedback.objects.create(
        reply=reply, delegate=proposal.author, overall=overall, comment=comment, **aspects
    )
    proposal.latest_rating = overall
    if proposal.round == 1:
        proposal.first_round_rating = overall
    # Rated, the round's assignments are done with whatever the delegate said: a request for
    # more time still undecided lapses (so one awaits a decision only while the item is
    # assigned or replied, as the office's desk counts them).
    _lapse_extension_requests(proposal, actor=rated_by)
    if dissatisfied:
        units = list(
            proposal.assignments.filter(
                round=proposal.round, sent_back_at__isnull=True
            ).select_related("unit")
        )
        proposal.round += 1
        _move(proposal, counted, A.REHANDLING, actor=rated_by, note=comment)
        lead = next(a for a in units if a.role == Assignment.Role.LEAD)
        co = [a.unit for a in units if a.role == Assignment.Role.CO]
        _route(
            proposal, contribution(proposal), lead.unit, co, rated_by, lead.responsible_person, None
        )
    else:
        solving = reply.result == Reply.Result.B
        _move(
            proposal,
            counted,
            A.RATED,
            to=S.TRACKING if solving else S.CLOSED,
            actor=rated_by,
            params={"rating": overall},
        )
    return feedback


def check_aspects(aspects: dict) -> None:
    """Where the rules ask for each aspect, every aspect is rated."""
    if ProposalRules.current().rate_by_aspect:
        missing = [
            name
            for name in ("consultation", "attitude", "reply_quality", "result")
            if not aspects.get(name)
        ]
        if missing:
            raise ValidationError({name: _("Rate this aspect too.") for name in missing})


def proposal_rate(*, proposal: Proposal, rated_by, **rating) -> Feedback:
    """The author rates the reply their item awaits a rating for (`feedback_submit`)."""
    reply = reply_to_rate(proposal)
    if reply is None:
        raise ValidationError(_("There is no reply to rate."))
    return feedback_submit(reply=reply, rated_by=rated_by, **rating)


@transaction.atomic
def extension_request(*, assignment: Assignment, until: datetime.date, reason: str, asked_by):
    """The lead unit asks the office for more time, within the rules' longest extension."""
    assignment, proposal, counted = _lock_assignment(assignment)
    require_step(A.EXTENSION_ASKED, user=asked_by, proposal=proposal, assignment=assignment)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why more time is needed.")})
    latest = add_months(assignment.assigned_on, ProposalRules.current().longest_extension_months)
    if not assignment.deadline < until <= latest:
        raise ValidationError(
            {
                "until": _(
                    "Choose a date after the deadline (%(deadline)s) and no later than %(latest)s."
                )
                % {"deadline": written_date(assignment.deadline), "latest": written_date(latest)}
            }
        )
    assignment.extension_until, assignment.extension_reason = until, reason
    assignment.save(update_fields=["extension_until", "extension_reason"])
    _move(
        proposal,
        counted,
        A.EXTENSION_ASKED,
        actor=asked_by,
        note=reason,
        params={"until": until.isoformat()},
    )
    return assignment


def _lapse_extension_requests(proposal: Proposal, *, actor) -> None:
    """The current round's assignments end (sent back, rated, or handled again in a new round): a
    request for more time still undecided lapses with its assignment, recorded on the
    timeline, so that no request stays "awaiting a decision" that nobody can decide."""
    pending = proposal.assignments.filter(
        round=proposal.round, sent_back_at__isnull=True, extension_until__isnull=False
    ).select_related("unit")
    for assignment in pending:
        facts = {"unit": str(assignment.unit), "until": assignment.extension_until.isoformat()}
        assignment.extension_until, assignment.extension_reason = None, ""
        assignment.save(update_fields=["extension_until", "extension_reason"])
        _move(proposal, contribution(proposal), A.EXTENSION_LAPSED, actor=actor, params=facts)


TIME_GIVEN_FIELDS = ["deadline", "time_given_from", "amber_on"]


def _give_time(assignment: Assignment, deadline: datetime.date, *, given_from=None) -> None:
    """A new deadline: the time the unit is given, whose last share reads "due soon", runs to
    it from `given_from` (an extension: the day it is granted), or still from the day the
    unit's time began (the office moving the deadline of an urgent matter, a correction)."""
    share = ProposalRules.current().due_soon_share_percent
    assignment.deadline = deadline
    assignment.time_given_from = given_from or assignment.time_given_from or assignment.assigned_on
    assignment.amber_on = amber_from(assignment.time_given_from, deadline, share)


@transaction.atomic
def extension_decide(*, assignment: Assignment, grant: bool, decided_by):
    """The office grants the extension (the deadline moves) or refuses it."""
    assignment, proposal, counted = _lock_assignment(assignment)
    action = A.EXTENSION_GRANTED if grant else A.EXTENSION_REFUSED
    require_step(action, user=decided_by, proposal=proposal, assignment=assignment)
    until = assignment.extension_until
    if grant:
        _give_time(assignment, until, given_from=timezone.localdate())
    assignment.extension_until, assignment.extension_reason = None, ""
    assignment.save(update_fields=[*TIME_GIVEN_FIELDS, "extension_until", "extension_reason"])
    _move(proposal, counted, action, actor=decided_by, params={"until": until.isoformat()})
    notices.tell_extension_decided(proposal, assignment, until, granted=grant)
    return assignment


@transaction.atomic
def deadline_set(*, proposal: Proposal, deadline: datetime.date, reason: str, set_by):
    """The office sets the lead unit's deadline of an item being handled (an urgent matter,
    a correction). Its reminders start again for the new date."""
    proposal, counted = _lock(proposal)
    require_step(A.DEADLINE_SET, user=set_by, proposal=proposal)
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Choose today or a later day.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the deadline changes; the unit will read it.")})
    lead = proposal.assignments.select_related("unit").get(
        round=proposal.round, role=Assignment.Role.LEAD, sent_back_at__isnull=True
    )
    before = lead.deadline
    _give_time(lead, deadline)
    lead.save(update_fields=TIME_GIVEN_FIELDS)
    _move(
        proposal,
        counted,
        A.DEADLINE_SET,
        actor=set_by,
        note=reason,
        params={"before": before.isoformat(), "deadline": deadline.isoformat()},
    )
    notices.tell_deadline_set(proposal, lead, reason)
    return lead


@transaction.atomic
def proposal_remind(*, proposal: Proposal, reminded_by, note: str = "") -> None:
    """The office reminds the units working on an item, whatever its deadline."""
    proposal, counted = _lock(proposal)
    require_step(A.REMINDED, user=reminded_by, proposal=proposal)
    assignments = list(proposal.assignments.filter(is_open=True).select_related("unit"))
    _move(proposal, counted, A.REMINDED, actor=reminded_by, note=note)
    notices.tell_reminded(proposal, assignments, note)
