"""The signers' ratings of a reply. The lead proposer's rating moves the item
(`services.feedback_submit`: closed, tracked, or handled again); where co-signers rate (an
inquiry's always, other items' by the rules), each confirmed co-signer rates the latest reply
once, and their ratings are counted in the satisfaction figures without moving the item
(docs/decisions.md, 151)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Assignment, Feedback, Proposal, ProposalEvent, Reply
from .services import _lock, _move, check_aspects, proposal_rate
from .signers import confirmed_cosigners, signers_ratings
from .tally import SATISFIED
from .workflow import require_step

A = ProposalEvent.Action


def latest_reply(proposal: Proposal) -> Reply | None:
    """The lead unit's latest reply to the delegates (not a second reply reporting a matter
    solved): what a co-signer rates."""
    return (
        Reply.objects.filter(
            assignment__proposal=proposal,
            assignment__role=Assignment.Role.LEAD,
            assignment__sent_back_at__isnull=True,
            follow_up=False,
        )
        .select_related("assignment")
        .order_by("-replied_at", "-pk")
        .first()
    )


@transaction.atomic
def signer_rate(*, proposal: Proposal, rated_by, overall: str, comment: str = "", **aspects):
    """A confirmed co-signer rates the latest reply, once. Their latest rating and their
    rating of the first round are counted on the item (`Proposal.cosigner_*`), so the
    statistics count every signer's rating."""
    proposal, counted = _lock(proposal)
    require_step(A.SIGNER_RATED, user=rated_by, proposal=proposal)
    signer = confirmed_cosigners(proposal).select_related("delegate").get(delegate__user=rated_by)
    reply = latest_reply(proposal)
    if reply is None:
        raise ValidationError(_("There is no reply to rate."))
    if reply.ratings.filter(delegate=signer.delegate).exists():
        raise ValidationError(_("You have rated this reply already."))
    check_aspects(aspects)
    earlier = (
        Feedback.objects.filter(reply__assignment__proposal=proposal, delegate=signer.delegate)
        .order_by("-rated_at", "-pk")
        .first()
    )
    feedback = Feedback.objects.create(
        reply=reply, delegate=signer.delegate, overall=overall, comment=comment, **aspects
    )
    satisfied = overall in SATISFIED
    if earlier is None:
        proposal.cosigner_rated += 1
    else:  # their latest rating replaces the earlier round's in the figures
        proposal.cosigner_satisfied -= earlier.overall in SATISFIED
    proposal.cosigner_satisfied += satisfied
    if reply.assignment.round == 1:
        proposal.cosigner_first_rated += 1
        proposal.cosigner_first_satisfied += satisfied
    _move(
        proposal, counted, A.SIGNER_RATED, actor=rated_by, note=comment, params={"rating": overall}
    )
    return feedback


def reply_rate(*, proposal: Proposal, rated_by, **rating) -> Feedback:
    """A signer rates: the lead proposer the reply awaiting their rating, a co-signer the
    latest reply."""
    if proposal.author.user_id == rated_by.pk:
        return proposal_rate(proposal=proposal, rated_by=rated_by, **rating)
    return signer_rate(proposal=proposal, rated_by=rated_by, **rating)


def ratings_seen_by(proposal: Proposal, user, may: dict) -> dict:
    """For the delegates' page: who has rated the latest reply (where co-signers rate), and
    whether the reader, a co-signer, has it still to rate."""
    from .workflow import cosigners_rate

    if not cosigners_rate(proposal):
        return {"signer_ratings": [], "signer_to_rate": False}
    reply = latest_reply(proposal)
    if reply is None:
        return {"signer_ratings": [], "signer_to_rate": False}
    ratings = signers_ratings(proposal, reply)
    return {
        "signer_ratings": ratings,
        "signer_to_rate": bool(may.get("signer_rated"))
        and not reply.ratings.filter(delegate__user=user).exists(),
    }
