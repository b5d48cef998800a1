"""The proposals workflow. Every step checks the item's status, writes the timeline entry,
and refuses with a ValidationError in the user's language before writing anything."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Max, Q, Value, When
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_office.notifications import notify
from congress_office.uploads import document_content_type
from congress_office.workdays import add_months, add_working_days, deadline_after_months
from delegates.models import Delegate, Term
from delegates.selectors import active_delegates_on

from . import notices
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
from .tally import contribution, tally_apply
from .units import unit_staff

S = Proposal.Status
# Items in these states are with the office or a unit: not yet answered for good.
OPEN = (S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.REPLIED, S.TRACKING)


def _lock(proposal: Proposal) -> Proposal:
    locked = (
        # Lock the item alone: its session is an outer join, which PostgreSQL cannot lock.
        Proposal.objects.select_for_update(of=("self",))
        .select_related("term", "session")
        .get(pk=proposal.pk)
    )
    locked.counted_as = contribution(locked)  # what the statistics hold of it now
    return locked


def _require(proposal: Proposal, *allowed: str, action: str) -> None:
    if proposal.status not in allowed:
        raise ValidationError(
            _("This item is “%(status)s”: it cannot be %(action)s now.")
            % {"status": proposal.get_status_display(), "action": action}
        )


# Items whose current assignments need their units' work (the inbox, the sweep).
HANDLED = (S.ASSIGNED, S.TRACKING)


def _refresh_handling(proposal: Proposal) -> None:
    """Keep the handling facts that queues read in step with the item's status: which
    assignments are open, the lead unit's deadline while the item is being handled, and the
    first round's lead unit. Two queries."""
    current = Q(round=proposal.round, sent_back_at__isnull=True)
    proposal.assignments.update(
        is_open=Case(
            When(current, then=Value(proposal.status in HANDLED)),
            default=Value(False),
        )
    )
    lead = proposal.assignments.filter(current, role=Assignment.Role.LEAD).first()
    handled = lead is not None and proposal.status == S.ASSIGNED
    proposal.lead_deadline = lead.deadline if handled else None
    if proposal.round == 1:
        proposal.lead_unit_id = lead.unit_id if lead else None


def _move(proposal: Proposal, status: str, *, action: str, actor, note: str = "") -> None:
    before = proposal.status
    proposal.status = status
    _refresh_handling(proposal)
    proposal.save()
    now_counted = contribution(proposal)
    tally_apply(getattr(proposal, "counted_as", None), now_counted)
    proposal.counted_as = now_counted
    ProposalEvent.objects.create(
        proposal=proposal,
        action=action,
        status_before=before,
        status_after=status,
        note=note,
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
) -> Proposal:
    """Create a draft, or change one that is still a draft."""
    _check_text(title, situation, recommendations)
    if session is not None and session.term_id != author.term_id:
        raise ValidationError({"session": _("The session belongs to another term.")})
    if proposal is None:
        proposal = Proposal(author=author, term_id=author.term_id)
    else:
        proposal = _lock(proposal)
        _require(proposal, S.DRAFT, action=_("changed"))
    for field, value in {
        "kind": kind,
        "title": title,
        "situation": situation,
        "recommendations": recommendations,
        "category": category,
        "session": session,
        "urgent": urgent,
    }.items():
        setattr(proposal, field, value)
    proposal.save()
    return proposal


MAX_ATTACHMENTS = 5


@transaction.atomic
def attachment_add(*, proposal: Proposal, uploaded_file, title: str = "") -> ProposalAttachment:
    """Attach a document to a draft, after judging its type by its content."""
    proposal = _lock(proposal)
    _require(proposal, S.DRAFT, action=_("given attachments"))
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
    proposal = _lock(proposal)
    _require(proposal, S.DRAFT, action=_("given co-signers"))
    active = set(
        active_delegates_on(proposal.term, timezone.localdate()).values_list("pk", flat=True)
    )
    invitations = []
    for delegate in delegates:
        if delegate.pk == proposal.author_id:
            raise ValidationError(_("The author does not co-sign their own item."))
        if delegate.pk not in active:
            raise ValidationError(
                _("%(name)s is not an active delegate of this term.") % {"name": delegate.name}
            )
        invitation, _created = CoSignature.objects.get_or_create(
            proposal=proposal, delegate=delegate
        )
        invitations.append(invitation)
    return invitations


@transaction.atomic
def cosignature_answer(*, cosignature: CoSignature, confirm: bool) -> CoSignature:
    """A delegate confirms or declines a co-signature, before the item is submitted."""
    proposal = _lock(cosignature.proposal)
    _require(proposal, S.DRAFT, action=_("co-signed"))
    cosignature.status = CoSignature.Status.CONFIRMED if confirm else CoSignature.Status.DECLINED
    cosignature.answered_at = timezone.now()
    cosignature.save(update_fields=["status", "answered_at"])
    return cosignature


def cosigners_needed(proposal: Proposal) -> int:
    rules = ProposalRules.current()
    during = proposal.session is not None
    return rules.cosigners_during_session if during else rules.cosigners_between_sessions


@transaction.atomic
def proposal_submit(*, proposal: Proposal, submitted_by, as_suggestion: bool = False) -> Proposal:
    """Send a draft to the office. A formal proposal needs its confirmed co-signers; without
    enough of them it can go ahead as a suggestion."""
    proposal = _lock(proposal)
    _require(proposal, S.DRAFT, action=_("submitted"))
    note = ""
    if proposal.kind == Proposal.Kind.PROPOSAL:
        confirmed = proposal.cosignatures.filter(status=CoSignature.Status.CONFIRMED).count()
        needed = cosigners_needed(proposal)
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
            note = _("Submitted as a suggestion: %(confirmed)s of %(needed)s co-signers.") % {
                "confirmed": confirmed,
                "needed": needed,
            }
    proposal.submitted_at = timezone.now()
    _move(proposal, S.SUBMITTED, action="submitted", actor=submitted_by, note=note)
    return proposal


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, withdrawn_by) -> Proposal:
    proposal = _lock(proposal)
    _require(proposal, S.DRAFT, S.SUBMITTED, action=_("withdrawn"))
    _move(proposal, S.WITHDRAWN, action="withdrawn", actor=withdrawn_by)
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
    """An opinion heard on a reception day, logged by staff, enters the same pipeline."""
    _check_text(title, situation, recommendations)
    proposal = Proposal.objects.create(
        term_id=received_by.term_id,
        author=received_by,
        kind=Proposal.Kind.OPINION,
        source=Proposal.Source.RECEPTION_DAY,
        title=title,
        situation=situation,
        recommendations=recommendations,
        category=category,
        submitted_at=timezone.now(),
    )
    _move(proposal, S.SUBMITTED, action="logged", actor=logged_by)
    return proposal


# --- Review by the office -------------------------------------------------------------


def _next_number(term: Term, year: int) -> str:
    """The next number of the year in the term: 2025-001, 2025-002, ..."""
    from .numbering import number_prefix, proposal_number

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
    proposal = _lock(proposal)
    _require(proposal, S.SUBMITTED, action=_("accepted"))
    proposal.category = category
    proposal.number = _next_number(proposal.term, timezone.localdate().year)
    action = "accepted"
    if as_suggestion and proposal.kind == Proposal.Kind.PROPOSAL:
        proposal.kind = Proposal.Kind.SUGGESTION
        action = "converted"
    _move(proposal, S.ACCEPTED, action=action, actor=accepted_by)
    notices.tell_reviewed(proposal, action)
    return proposal


@transaction.atomic
def proposal_merge(*, proposal: Proposal, into: Proposal, merged_by) -> Proposal:
    """Handle the item together with a similar accepted one; its author still gets the reply."""
    proposal = _lock(proposal)
    into = _lock(into)
    _require(proposal, S.SUBMITTED, action=_("merged"))
    if into.pk == proposal.pk or into.term_id != proposal.term_id:
        raise ValidationError(_("Choose another item of the same term."))
    if into.status not in (S.ACCEPTED, S.ASSIGNED):
        raise ValidationError(_("An item can only be merged into an accepted one."))
    proposal.merged_into = into
    _move(proposal, S.MERGED, action="merged", actor=merged_by, note=str(into))
    notices.tell_reviewed(proposal, "merged", str(into))
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, reason: str, declined_by) -> Proposal:
    proposal = _lock(proposal)
    _require(proposal, S.SUBMITTED, action=_("declined"))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason; the delegate will read it.")})
    _move(proposal, S.DECLINED, action="declined", actor=declined_by, note=reason)
    notices.tell_reviewed(proposal, "declined", reason)
    return proposal


# --- Routing and handling -------------------------------------------------------------


def _deadlines(proposal: Proposal, role: str, on: datetime.date) -> tuple:
    rules = ProposalRules.current()
    if role == Assignment.Role.CO:
        deadline = deadline_after_months(on, rules.co_handling_months)
    elif proposal.urgent:
        deadline = add_working_days(on, rules.urgent_reply_working_days)
    else:
        deadline = deadline_after_months(on, rules.reply_months)
    return deadline, add_working_days(on, rules.send_back_working_days)


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
    """Route (交办) an accepted item to a lead unit and any co-handling units."""
    proposal = _lock(proposal)
    _require(proposal, S.ACCEPTED, action=_("routed"))
    co_units = [unit for unit in co_units if unit.pk != lead.pk]
    on = on or timezone.localdate()
    assignments = []
    for unit, role in [(lead, Assignment.Role.LEAD)] + [(u, Assignment.Role.CO) for u in co_units]:
        deadline, send_back_until = _deadlines(proposal, role, on)
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
            )
        )
    units = ", ".join(str(a.unit) for a in assignments)
    _move(proposal, S.ASSIGNED, action="routed", actor=routed_by, note=units)
    notices.tell_routed(proposal, assignments, rehandling=proposal.round > 1)
    return assignments


def _current(assignment: Assignment) -> Assignment:
    assignment = Assignment.objects.select_related("proposal", "unit").get(pk=assignment.pk)
    if assignment.sent_back_at or assignment.round != assignment.proposal.round:
        raise ValidationError(_("This assignment is no longer current."))
    return assignment


@transaction.atomic
def assignment_send_back(
    *, assignment: Assignment, reason: str, sent_back_by, today: datetime.date | None = None
) -> Proposal:
    """The lead unit says the item is not its business, within the allowed working days;
    the item goes back to the office to be routed again."""
    assignment = _current(assignment)
    proposal = _lock(assignment.proposal)
    _require(proposal, S.ASSIGNED, action=_("sent back"))
    if assignment.role != Assignment.Role.LEAD:
        raise ValidationError(_("Only the lead unit sends an item back."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is not your unit's business.")})
    if (today or timezone.localdate()) > assignment.send_back_until:
        raise ValidationError(
            _("Items can be sent back until %(date)s; after that, ask the office.")
            % {"date": assignment.send_back_until}
        )
    proposal.assignments.filter(round=proposal.round, sent_back_at__isnull=True).update(
        sent_back_at=timezone.now(), send_back_reason=reason
    )
    _move(
        proposal,
        S.ACCEPTED,
        action="sent back",
        actor=sent_back_by,
        note=f"{assignment.unit}: {reason}",
    )
    return proposal


@transaction.atomic
def reply_submit(*, assignment: Assignment, result: str, text: str, replied_by) -> Reply:
    """A unit's reply. A co-handling unit's view goes to the lead unit; the lead unit's reply
    goes to the delegate for rating. For an item being solved (B), the lead unit's second
    reply reports it solved and closes it."""
    assignment = _current(assignment)
    proposal = _lock(assignment.proposal)
    if not text.strip():
        raise ValidationError({"text": _("Write the reply.")})
    if assignment.role == Assignment.Role.CO:
        _require(proposal, S.ASSIGNED, action=_("answered by a co-handling unit"))
        return Reply.objects.create(
            assignment=assignment, result=result, text=text, replied_by=replied_by
        )
    _require(proposal, S.ASSIGNED, S.TRACKING, action=_("replied to"))
    follow_up = proposal.status == S.TRACKING
    if follow_up and result != Reply.Result.A:
        raise ValidationError({"result": _("The second reply reports the matter solved (A).")})
    reply = Reply.objects.create(
        assignment=assignment,
        result=result,
        text=text,
        replied_by=replied_by,
        follow_up=follow_up,
    )
    if not follow_up and not proposal.first_result:
        proposal.first_result = result
        proposal.first_reply_on_time = timezone.localdate() <= assignment.deadline
    if follow_up:
        _move(proposal, S.CLOSED, action="solved", actor=replied_by)
    else:
        _move(
            proposal, S.REPLIED, action="replied", actor=replied_by, note=reply.get_result_display()
        )
    notices.tell_replied(proposal, reply, solved=follow_up)
    return reply


@transaction.atomic
def feedback_submit(
    *, reply: Reply, overall: str, rated_by, comment: str = "", **aspects
) -> Feedback:
    """The author rates the lead unit's reply. Satisfied or basically satisfied closes the
    item (or keeps a B item tracked); dissatisfied opens a new round with the same units,
    keeping the reply on record."""
    proposal = _lock(reply.assignment.proposal)
    if proposal.author.user_id != rated_by.pk:
        raise ValidationError(_("Only the author rates the reply."))
    _require(proposal, S.REPLIED, action=_("rated"))
    if reply.assignment.role != Assignment.Role.LEAD or reply.assignment.round != proposal.round:
        raise ValidationError(_("Rate the lead unit's reply of the current round."))
    if ProposalRules.current().rate_by_aspect:
        missing = [
            name
            for name in ("consultation", "attitude", "reply_quality", "result")
            if not aspects.get(name)
        ]
        if missing:
            raise ValidationError({name: _("Rate this aspect too.") for name in missing})
    feedback = Feedback.objects.create(reply=reply, overall=overall, comment=comment, **aspects)
    proposal.latest_rating = overall
    rating = str(Feedback.Rating(overall).label)  # the timeline reads words, not codes
    if proposal.round == 1:
        proposal.first_round_rating = overall
    if overall == Feedback.Rating.DISSATISFIED:
        units = list(
            proposal.assignments.filter(
                round=proposal.round, sent_back_at__isnull=True
            ).select_related("unit")
        )
        proposal.round += 1
        _move(proposal, S.ACCEPTED, action="rehandling", actor=rated_by, note=comment)
        lead = next(a.unit for a in units if a.role == Assignment.Role.LEAD)
        co = [a.unit for a in units if a.role == Assignment.Role.CO]
        proposal_route(
            proposal=proposal,
            lead=lead,
            co_units=co,
            routed_by=rated_by,
            responsible_person=units[0].responsible_person,
        )
    elif reply.result == Reply.Result.B:
        _move(proposal, S.TRACKING, action="rated", actor=rated_by, note=rating)
    else:
        _move(proposal, S.CLOSED, action="rated", actor=rated_by, note=rating)
    return feedback


@transaction.atomic
def extension_request(*, assignment: Assignment, until: datetime.date, reason: str, asked_by):
    """The lead unit asks the office for more time, within the rules' longest extension."""
    assignment = _current(assignment)
    proposal = _lock(assignment.proposal)
    _require(proposal, S.ASSIGNED, action=_("given more time"))
    if assignment.role != Assignment.Role.LEAD:
        raise ValidationError(_("Only the lead unit asks for more time."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why more time is needed.")})
    latest = add_months(assignment.assigned_on, ProposalRules.current().longest_extension_months)
    if not assignment.deadline < until <= latest:
        raise ValidationError(
            {
                "until": _(
                    "Choose a date after the deadline (%(deadline)s) and no later than %(latest)s."
                )
                % {"deadline": assignment.deadline, "latest": latest}
            }
        )
    assignment.extension_until, assignment.extension_reason = until, reason
    assignment.save(update_fields=["extension_until", "extension_reason"])
    _move(proposal, S.ASSIGNED, action="extension asked", actor=asked_by, note=f"{until}: {reason}")
    return assignment


@transaction.atomic
def extension_decide(*, assignment: Assignment, grant: bool, decided_by):
    """The office grants the extension (the deadline moves) or refuses it."""
    assignment = _current(assignment)
    proposal = _lock(assignment.proposal)
    if assignment.extension_until is None:
        raise ValidationError(_("No extension has been asked for."))
    until = assignment.extension_until
    if grant:
        assignment.deadline = until
    assignment.extension_until, assignment.extension_reason = None, ""
    assignment.save(update_fields=["deadline", "extension_until", "extension_reason"])
    action = "extension granted" if grant else "extension refused"
    _move(proposal, proposal.status, action=action, actor=decided_by, note=str(until))
    notify(
        users=unit_staff(assignment.unit),
        kind="extension_decided",
        title=(
            _("Extension granted until %(date)s: %(title)s")
            if grant
            else _("Extension refused: %(title)s")
        )
        % {"date": until, "title": proposal.title},
        url=reverse("proposals:assignment_detail", args=[assignment.pk]),
    )
    return assignment


@transaction.atomic
def deadline_set(*, proposal: Proposal, deadline: datetime.date, reason: str, set_by):
    """The office sets the lead unit's deadline of an item being handled (an urgent matter,
    a correction). Its reminders start again for the new date."""
    proposal = _lock(proposal)
    _require(proposal, S.ASSIGNED, action=_("given a new deadline"))
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Choose today or a later day.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the deadline changes; the unit will read it.")})
    lead = proposal.assignments.select_related("unit").get(
        round=proposal.round, role=Assignment.Role.LEAD, sent_back_at__isnull=True
    )
    before, lead.deadline = lead.deadline, deadline
    lead.save(update_fields=["deadline"])
    _move(
        proposal,
        S.ASSIGNED,
        action="deadline set",
        actor=set_by,
        note=f"{before} → {deadline}: {reason}",
    )
    notices.tell_deadline_set(proposal, lead, reason)
    return lead


@transaction.atomic
def proposal_remind(*, proposal: Proposal, reminded_by, note: str = "") -> None:
    """The office reminds the units working on an item, whatever its deadline."""
    proposal = _lock(proposal)
    _require(proposal, *HANDLED, action=_("reminded"))
    assignments = list(proposal.assignments.filter(is_open=True).select_related("unit"))
    _move(proposal, proposal.status, action="reminded", actor=reminded_by, note=note)
    notices.tell_reminded(proposal, assignments, note)
