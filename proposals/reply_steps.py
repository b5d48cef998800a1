"""The steps around the lead unit's reply (issue 14, items 5 and 7): the consultation with the
delegate it records first, and the office's review of a reply before the delegate sees it
(release, send back with a reason, change the result). Each checked against the workflow
table and recorded on the item's timeline, like the services' other steps."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import notices
from .models import Assignment, Consultation, Proposal, ProposalEvent, Reply
from .services import _lock, _lock_assignment, _move, deliver_reply
from .workflow import require_step

S = Proposal.Status
A = ProposalEvent.Action


@transaction.atomic
def consultation_record(
    *, assignment: Assignment, held_on: datetime.date, way: str, agreed: str, recorded_by
) -> Consultation:
    """The lead unit records its contact with the delegate: the day, the way, what was
    agreed. The author hears of it (a record they can correct by telling the office)."""
    assignment, proposal, counted = _lock_assignment(assignment)
    require_step(A.CONSULTED, user=recorded_by, proposal=proposal, assignment=assignment)
    errors = {}
    if held_on > timezone.localdate():
        errors["held_on"] = _("A consultation is recorded once held: choose today or before.")
    if way not in Consultation.Way.values:
        errors["way"] = _("Choose how you consulted the delegate.")
    if not agreed.strip():
        errors["agreed"] = _("Say what was agreed with the delegate.")
    if errors:
        raise ValidationError(errors)
    consultation = Consultation.objects.create(
        assignment=assignment, held_on=held_on, way=way, agreed=agreed, recorded_by=recorded_by
    )
    facts = {"way": way, "on": held_on.isoformat(), "unit": str(assignment.unit)}
    _move(proposal, counted, A.CONSULTED, actor=recorded_by, note=agreed, params=facts)
    notices.tell_consulted(proposal, consultation)
    return consultation


def _lock_reviewed(proposal: Proposal, user, step: str) -> tuple[Proposal, tuple, Reply]:
    """The item locked, the step checked, and the reply awaiting the office's review."""
    proposal, counted = _lock(proposal)
    require_step(step, user=user, proposal=proposal)
    reply = (
        Reply.objects.select_related("assignment__unit")
        .filter(assignment__proposal=proposal, review=Reply.Review.PENDING)
        .order_by("-pk")
        .first()
    )
    if reply is None:  # the status says one waits: a programming error if not
        raise ValueError(f"{proposal.pk} is under review without a reply")
    reply.assignment.proposal = proposal
    return proposal, counted, reply


@transaction.atomic
def reply_release(*, proposal: Proposal, released_by) -> Reply:
    """The office lets the reply go: the delegates receive it now, and it counts as given
    now; whether it was on time is the day the unit sent it."""
    proposal, counted, reply = _lock_reviewed(proposal, released_by, A.RELEASED)
    reply.review = Reply.Review.RELEASED
    reply.save(update_fields=["review"])
    deliver_reply(proposal, counted, reply, action=A.RELEASED, actor=released_by)
    notices.tell_reply_reviewed(reply, "released")
    return reply


@transaction.atomic
def reply_return(*, proposal: Proposal, reason: str, returned_by) -> Reply:
    """The office sends the reply back to the unit with a reason; the unit replies again.
    The delegate hears nothing of it."""
    proposal, counted, reply = _lock_reviewed(proposal, returned_by, A.REPLY_RETURNED)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the reply goes back; the unit will read it.")})
    reply.review, reply.return_reason = Reply.Review.RETURNED, reason
    reply.save(update_fields=["review", "return_reason"])
    back_to = S.TRACKING if reply.follow_up else S.ASSIGNED
    facts = {"unit": str(reply.assignment.unit)}
    _move(
        proposal,
        counted,
        A.REPLY_RETURNED,
        to=back_to,
        actor=returned_by,
        note=reason,
        params=facts,
    )
    notices.tell_reply_reviewed(reply, "returned", reason)
    return reply


@transaction.atomic
def reply_reclassify(*, proposal: Proposal, result: str, reason: str, changed_by) -> Reply:
    """The office changes the reply's result (A, B or C) before releasing it, recorded with
    the result before and after; the unit hears of it."""
    proposal, counted, reply = _lock_reviewed(proposal, changed_by, A.RECLASSIFIED)
    if result not in Reply.Result.values:
        raise ValidationError({"result": _("Choose a result.")})
    if reply.follow_up and result != Reply.Result.A:
        raise ValidationError({"result": _("The second reply reports the matter solved (A).")})
    if result == reply.result:
        raise ValidationError({"result": _("Choose a result other than the reply's.")})
    facts = {"before": reply.result, "result": result}
    reply.result = result
    reply.save(update_fields=["result"])
    _move(proposal, counted, A.RECLASSIFIED, actor=changed_by, note=reason, params=facts)
    notices.tell_reply_reviewed(reply, "reclassified", reason)
    return reply
