"""Inquiries (质询): delegates jointly question a department's work. An inquiry is another
kind of item and goes round the same handling loop as a proposal (filing with co-signers,
the office's review and routing, the department's reply, the signers' ratings); what is its
own is here: the office records an answer the department gave at a meeting as the round's
reply (docs/decisions.md, 152). The signers it needs are checked in `proposals.signers`."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Assignment, Proposal, ProposalEvent, Reply
from .services import _lock, deliver_reply
from .workflow import require_step

A = ProposalEvent.Action


@transaction.atomic
def meeting_answer_record(
    *,
    proposal: Proposal,
    held_on: datetime.date,
    place: str,
    speaker: str,
    minutes: str,
    result: str,
    recorded_by,
) -> Reply:
    """The office records that the department answered the inquiry at a meeting (when,
    where, who answered for it, the minutes) as the lead unit's reply of the round: the
    signers are told and rate it as they would a written reply."""
    proposal, counted = _lock(proposal)
    require_step(A.ANSWERED_AT_MEETING, user=recorded_by, proposal=proposal)
    errors = {
        name: message
        for name, missing, message in (
            ("place", not place.strip(), _("Say where the meeting was held.")),
            ("speaker", not speaker.strip(), _("Say who answered for the department.")),
            ("minutes", not minutes.strip(), _("Write what the department answered.")),
            ("held_on", held_on > timezone.localdate(), _("The meeting cannot be in the future.")),
        )
        if missing
    }
    if errors:
        raise ValidationError(errors)
    lead = proposal.assignments.select_related("unit").get(
        round=proposal.round, role=Assignment.Role.LEAD, sent_back_at__isnull=True
    )
    reply = Reply.objects.create(
        assignment=lead,
        result=result,
        text=minutes,
        replied_by=recorded_by,
        meeting_on=held_on,
        meeting_place=place,
        meeting_speaker=speaker,
    )
    facts = {"on": held_on.isoformat(), "unit": str(lead.unit)}
    deliver_reply(
        proposal,
        counted,
        reply,
        action=A.ANSWERED_AT_MEETING,
        actor=recorded_by,
        answered_on=held_on,
        facts=facts,
    )
    return reply
