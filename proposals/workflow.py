"""The proposal workflow, as one table: which step may be taken in which status, and where it
leads. The services check every step against it (`PROPOSAL_WORKFLOW.require`); the pages and
the admin ask it what to offer (`PROPOSAL_WORKFLOW.allows`, `.available`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from congress_office.workflow import Workflow, step

from .models import Proposal, ProposalEvent

S = Proposal.Status
A = ProposalEvent.Action


class Edit(models.TextChoices):
    """Steps that change an item without a timeline entry of their own."""

    CHANGE = "change", _("changed")
    ATTACH = "attach", _("given attachments")
    INVITE = "invite", _("given co-signers")
    COSIGN = "cosign", _("co-signed")
    CO_REPLY = "co-reply", _("answered by a co-handling unit")


# Items in these states are with the office or a unit: not yet answered for good.
OPEN = (S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.REPLIED, S.TRACKING)
# Items whose current assignments need their units' work (the inbox, the sweep, reminders).
HANDLED = (S.ASSIGNED, S.TRACKING)

PROPOSAL_WORKFLOW = Workflow(
    S,
    [
        # The author's draft.
        step(Edit.CHANGE, {S.DRAFT}, verb=Edit.CHANGE.label),
        step(Edit.ATTACH, {S.DRAFT}, verb=Edit.ATTACH.label),
        step(Edit.INVITE, {S.DRAFT}, verb=Edit.INVITE.label),
        step(Edit.COSIGN, {S.DRAFT}, verb=Edit.COSIGN.label),
        step(A.SUBMITTED, {S.DRAFT}, {S.SUBMITTED}, verb=_("submitted")),
        step(A.WITHDRAWN, {S.DRAFT, S.SUBMITTED}, {S.WITHDRAWN}, verb=_("withdrawn")),
        # Heard on a reception day: logged by staff, enters the pipeline as submitted.
        step(A.LOGGED, {S.DRAFT}, {S.SUBMITTED}, verb=_("logged")),
        # Review by the office.
        step(A.ACCEPTED, {S.SUBMITTED}, {S.ACCEPTED}, verb=_("accepted")),
        step(A.CONVERTED, {S.SUBMITTED}, {S.ACCEPTED}, verb=_("accepted")),
        step(A.MERGED, {S.SUBMITTED}, {S.MERGED}, verb=_("merged")),
        step(A.DECLINED, {S.SUBMITTED}, {S.DECLINED}, verb=_("declined")),
        # Routing and handling.
        step(A.ROUTED, {S.ACCEPTED}, {S.ASSIGNED}, verb=_("routed")),
        step(A.SENT_BACK, {S.ASSIGNED}, {S.ACCEPTED}, verb=_("sent back")),
        step(Edit.CO_REPLY, {S.ASSIGNED}, verb=Edit.CO_REPLY.label),
        step(A.REPLIED, {S.ASSIGNED}, {S.REPLIED}, verb=_("replied to")),
        step(A.SOLVED, {S.TRACKING}, {S.CLOSED}, verb=_("replied to")),
        step(A.EXTENSION_ASKED, {S.ASSIGNED}, verb=_("given more time")),
        step(A.EXTENSION_GRANTED, {S.ASSIGNED}, verb=_("given more time")),
        step(A.EXTENSION_REFUSED, {S.ASSIGNED}, verb=_("given more time")),
        step(A.DEADLINE_SET, {S.ASSIGNED}, verb=_("given a new deadline")),
        step(A.REMINDED, set(HANDLED), verb=_("reminded")),
        # The delegate's rating: closes the item, keeps a B item tracked, or hands it back.
        step(A.RATED, {S.REPLIED}, {S.CLOSED, S.TRACKING}, verb=_("rated")),
        step(A.REHANDLING, {S.REPLIED}, {S.ACCEPTED}, verb=_("rated")),
    ],
    refusal=_("This item is “%(status)s”: it cannot be %(action)s now."),
)
