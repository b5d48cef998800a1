"""What the lead unit's reply rests on (issue 14, items 5 and 6): the consultation with the
delegate the rules may want first, and the co-handling units' views of the round, received or
not. Reads only: the services decide with them, the unit's page lists them."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from delegates.models import Delegate

from .models import Assignment, Consultation, Proposal, ProposalEvent, ProposalRules, Reply


def author_phone_for_consultation(proposal: Proposal, may: dict) -> str:
    """The author's phone, for the lead unit's staff while they may consult the author on the
    item (assigned or being solved), so that they can call; "" for anyone else and at any other
    time. No other role outside the office reads a delegate's phone here (decision 233)."""
    if not may.get("consulted") or proposal.author_id is None:
        return ""
    return (
        Delegate.objects.filter(pk=proposal.author_id).values_list("phone", flat=True).first() or ""
    )


def consultation_needed(proposal: Proposal, assignment: Assignment) -> bool:
    """Whether the rules want a consultation recorded before this assignment's reply and none
    is: the lead unit's first reply of a round, on an item of a kind the rules name."""
    if not ProposalRules.current().needs_consultation(proposal.kind):
        return False
    return not Consultation.objects.filter(assignment=assignment).exists()


def refuse_without_consultation(proposal: Proposal, assignment: Assignment) -> None:
    if consultation_needed(proposal, assignment):
        raise ValidationError(
            _(
                "Record your consultation with the delegate (date, way and what was agreed) "
                "before replying: the office's rules want one for this item."
            )
        )


def co_views_received(assignment: Assignment) -> list[Reply]:
    """The views the co-handling units of the lead's round have sent, oldest first, each
    with its unit. One query."""
    return list(
        Reply.objects.filter(
            assignment__proposal_id=assignment.proposal_id,
            assignment__round=assignment.round,
            assignment__role=Assignment.Role.CO,
            assignment__sent_back_at__isnull=True,
        )
        .select_related("assignment__unit")
        .order_by("replied_at", "pk")
    )


def co_views_missing(assignment: Assignment, received: list[Reply]) -> list[Assignment]:
    """The co-handling assignments of the round that have sent no view (of `received`)."""
    answered = {view.assignment_id for view in received}
    return [
        co
        for co in Assignment.objects.filter(
            proposal_id=assignment.proposal_id,
            round=assignment.round,
            role=Assignment.Role.CO,
            sent_back_at__isnull=True,
        ).select_related("unit")
        if co.pk not in answered
    ]


def with_views_said(replies):
    """Replies with the co-handling views they took in and those not received, each with its
    unit (two queries, any number of replies): what a reply says of the co-handling units."""
    return replies.prefetch_related(*views_said())


def views_said() -> tuple[Prefetch, Prefetch]:
    """The prefetches of `with_views_said`, for a reply already read."""
    return (
        Prefetch("views_taken_in", queryset=Reply.objects.select_related("assignment__unit")),
        Prefetch("views_missing", queryset=Assignment.objects.select_related("unit")),
    )


def consultations_of(proposal: Proposal) -> list[Consultation]:
    """The lead units' consultations with the delegate on the item, every round. One query."""
    return list(
        Consultation.objects.filter(assignment__proposal=proposal).select_related(
            "assignment__unit"
        )
    )


# Entries between the office and the unit that the delegate does not read: the office's review
# of a reply before it is released (the reply itself, and its release, they do read).
OFFICE_AND_UNIT_ONLY = [
    ProposalEvent.Action.REPLY_RETURNED,
    ProposalEvent.Action.RECLASSIFIED,
]


def timeline_for_delegates(proposal: Proposal):
    return proposal.events.exclude(action__in=OFFICE_AND_UNIT_ONLY)
