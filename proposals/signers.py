"""The delegates who sign an item: its author (the lead proposer) and the co-signers who
confirmed. An inquiry (质询) needs enough of them to be filed; where co-signers rate, each of
them rates the reply (docs/decisions.md, 150 and 151). Reads only: no step writes here."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import CoSignature, Feedback, Proposal, ProposalRules


def confirmed_cosigners(proposal: Proposal):
    return proposal.cosignatures.filter(status=CoSignature.Status.CONFIRMED)


def inquiry_check_signers(proposal: Proposal) -> None:
    """Refuse to send an inquiry with fewer signers than the rules ask: unlike a proposal it
    is never turned into a suggestion (a suggestion does not oblige a department to answer)."""
    needed = ProposalRules.current().inquiry_signers
    signers = 1 + confirmed_cosigners(proposal).count()
    if signers < needed:
        raise ValidationError(
            _(
                "An inquiry needs %(needed)s delegates who sign it, you included, and has "
                "%(signers)s. Ask more delegates to co-sign, and wait for them to confirm."
            )
            % {"needed": needed, "signers": signers}
        )


def signers_ratings(proposal: Proposal, reply) -> list[tuple]:
    """[(signer's name, their rating of `reply` or None)], the lead proposer first: who has
    rated the reply, for the delegates' page. Two queries."""
    ratings = {f.delegate_id: f for f in Feedback.objects.filter(reply=reply)}
    signers = [proposal.author] + [
        c.delegate for c in confirmed_cosigners(proposal).select_related("delegate")
    ]
    return [(signer.name, ratings.get(signer.pk)) for signer in signers]
