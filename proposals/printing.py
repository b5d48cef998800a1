"""What the proposals' printed documents contain: the reply letter, in official form."""

from django.db.models import prefetch_related_objects

from congress_office.pdf import letterhead_context

from .models import CoSignature, Reply
from .reply_reads import views_said


def reply_letter_context(reply: Reply) -> dict:
    """The letter: numbered when it was sent as the official reply (letters sent before
    numbering began, and a co-handling unit's view, print without a number); addressed to
    the author and the confirmed co-signers; the contact is the unit's responsible person,
    else the office's."""
    proposal = reply.assignment.proposal
    official = letterhead_context()
    letterhead = official["letterhead"]
    cosigners = proposal.cosignatures.filter(status=CoSignature.Status.CONFIRMED).select_related(
        "delegate"
    )
    number = None
    if reply.letter_number is not None:
        number = letterhead.reply_number(reply.letter_year, reply.letter_number)
    prefetch_related_objects([reply], *views_said())
    return {
        **official,
        "reply": reply,
        "proposal": proposal,
        "cosigners": cosigners,
        "addressees": [proposal.author.name, *(c.delegate.name for c in cosigners)],
        "letter_number": number,
        "contact_person": reply.assignment.responsible_person or letterhead.contact_person,
    }
