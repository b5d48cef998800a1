"""What the proposals' printed documents contain: the reply letter."""

from .models import CoSignature, Reply


def reply_letter_context(reply: Reply) -> dict:
    proposal = reply.assignment.proposal
    return {
        "reply": reply,
        "proposal": proposal,
        "cosigners": proposal.cosignatures.filter(
            status=CoSignature.Status.CONFIRMED
        ).select_related("delegate"),
    }
