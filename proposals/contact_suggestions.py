"""What a delegate raised to their committee member (delegates.Contact), made by the office a
suggestion in the delegate's name: logged into the loop as submitted, as an opinion heard on a
reception day or an answer to a solicitation is (`services.proposal_log_received`), keeping the
link to the contact both ways. Once per contact."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from delegates.models import Contact

from .models import Proposal, ProposalCategory, ProposalEvent
from .notices import tell_made_from_contact
from .services import proposal_log_received


@transaction.atomic
def proposal_from_contact(
    *,
    contact: Contact,
    title: str,
    situation: str,
    recommendations: str,
    logged_by,
    category: ProposalCategory | None = None,
) -> Proposal:
    """Make a suggestion of what was raised in the contact, in its delegate's name; they
    are told."""
    contact = (
        Contact.objects.select_for_update(of=("self",))
        .select_related("delegate__user", "member")
        .get(pk=contact.pk)
    )
    if Proposal.objects.filter(contact=contact).exists():
        raise ValidationError(_("A suggestion has already been made of this contact."))
    proposal = proposal_log_received(
        Proposal(
            author=contact.delegate,
            kind=Proposal.Kind.SUGGESTION,
            source=Proposal.Source.CONTACT,
            contact=contact,
            title=title,
            situation=situation,
            recommendations=recommendations,
            category=category,
        ),
        logged_by=logged_by,
        action=ProposalEvent.Action.CONTACT_LOGGED,
    )
    tell_made_from_contact(proposal, contact)
    return proposal
