"""The proposal workflow, as one table: which step may be taken in which status, by whom, and
where it leads. The services check every step with `require_step` before writing anything;
the pages ask `steps_open_to` what to offer, so a page never offers what a service would
refuse, and neither restates the rule."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_office.roles import office_refusal
from congress_office.workflow import Workflow, step

from .models import Assignment, CoSignature, Proposal, ProposalEvent, ProposalRules
from .units import units_of

S = Proposal.Status
A = ProposalEvent.Action


class Edit(models.TextChoices):
    """Steps that change an item without a timeline entry of their own."""

    CHANGE = "change", gettext_lazy("changed")
    ATTACH = "attach", gettext_lazy("given attachments")
    INVITE = "invite", gettext_lazy("given co-signers")
    COSIGN = "cosign", gettext_lazy("co-signed")
    CO_REPLY = "co-reply", gettext_lazy("answered by a co-handling unit")


class By(models.TextChoices):
    """Who takes a step."""

    AUTHOR = "author", gettext_lazy("the author")
    INVITEE = "invitee", gettext_lazy("the delegate asked to co-sign")
    OFFICE = "office", gettext_lazy("the congress office")
    LEAD_UNIT = "lead unit", gettext_lazy("the lead unit")
    CO_UNIT = "co-handling unit", gettext_lazy("a co-handling unit")
    SIGNER = "signer", gettext_lazy("a co-signer who confirmed")


# Items whose current assignments need their units' work (the inbox, the sweep, reminders).
HANDLED = (S.ASSIGNED, S.TRACKING)

PROPOSAL_WORKFLOW = Workflow(
    S,
    [
        # The author's draft.
        step(Edit.CHANGE, {S.DRAFT}, verb=Edit.CHANGE.label, by=By.AUTHOR),
        step(Edit.ATTACH, {S.DRAFT}, verb=Edit.ATTACH.label, by=By.AUTHOR),
        step(Edit.INVITE, {S.DRAFT}, verb=Edit.INVITE.label, by=By.AUTHOR),
        step(Edit.COSIGN, {S.DRAFT}, verb=Edit.COSIGN.label, by=By.INVITEE),
        step(A.SUBMITTED, {S.DRAFT}, {S.SUBMITTED}, verb=gettext_lazy("submitted"), by=By.AUTHOR),
        step(
            A.WITHDRAWN,
            {S.DRAFT, S.SUBMITTED},
            {S.WITHDRAWN},
            verb=gettext_lazy("withdrawn"),
            by=By.AUTHOR,
        ),
        # Heard on a reception day: logged by staff, enters the pipeline as submitted.
        step(A.LOGGED, {S.DRAFT}, {S.SUBMITTED}, verb=gettext_lazy("logged"), by=By.OFFICE),
        # Raised to a committee member (delegates.Contact): made a suggestion by the office.
        step(A.CONTACT_LOGGED, {S.DRAFT}, {S.SUBMITTED}, verb=gettext_lazy("logged"), by=By.OFFICE),
        # Answered to an opinion solicitation (delegates.SolicitationResponse): likewise.
        step(A.ANSWER_LOGGED, {S.DRAFT}, {S.SUBMITTED}, verb=gettext_lazy("logged"), by=By.OFFICE),
        # Review by the office.
        step(A.ACCEPTED, {S.SUBMITTED}, {S.ACCEPTED}, verb=gettext_lazy("accepted"), by=By.OFFICE),
        step(A.CONVERTED, {S.SUBMITTED}, {S.ACCEPTED}, verb=gettext_lazy("accepted"), by=By.OFFICE),
        step(A.MERGED, {S.SUBMITTED}, {S.MERGED}, verb=gettext_lazy("merged"), by=By.OFFICE),
        step(A.DECLINED, {S.SUBMITTED}, {S.DECLINED}, verb=gettext_lazy("declined"), by=By.OFFICE),
        # Routing and handling.
        step(A.ROUTED, {S.ACCEPTED}, {S.ASSIGNED}, verb=gettext_lazy("routed"), by=By.OFFICE),
        step(
            A.SENT_BACK, {S.ASSIGNED}, {S.ACCEPTED}, verb=gettext_lazy("sent back"), by=By.LEAD_UNIT
        ),
        step(Edit.CO_REPLY, {S.ASSIGNED}, verb=Edit.CO_REPLY.label, by=By.CO_UNIT),
        step(
            A.REPLIED, {S.ASSIGNED}, {S.REPLIED}, verb=gettext_lazy("replied to"), by=By.LEAD_UNIT
        ),
        # An inquiry answered at a meeting: the office records the answer as the reply.
        step(
            A.ANSWERED_AT_MEETING,
            {S.ASSIGNED},
            {S.REPLIED},
            verb=gettext_lazy("recorded as answered at a meeting"),
            by=By.OFFICE,
        ),
        step(A.SOLVED, {S.TRACKING}, {S.CLOSED}, verb=gettext_lazy("replied to"), by=By.LEAD_UNIT),
        # The lead unit's contact with the delegate before it replies (面商).
        step(
            A.CONSULTED,
            {S.ASSIGNED, S.TRACKING},
            verb=gettext_lazy("given a consultation record"),
            by=By.LEAD_UNIT,
        ),
        # When the office reviews replies (ProposalRules.review_replies), the lead unit's reply
        # or report of the matter solved waits for the office: released, it reaches the
        # delegate (awaiting a rating, or closed); sent back, the unit replies again.
        step(
            A.REVIEW_ASKED,
            {S.ASSIGNED, S.TRACKING},
            {S.REVIEWING},
            verb=gettext_lazy("replied to"),
            by=By.LEAD_UNIT,
        ),
        step(
            A.RELEASED,
            {S.REVIEWING},
            {S.REPLIED, S.CLOSED},
            verb=gettext_lazy("released"),
            by=By.OFFICE,
        ),
        step(
            A.REPLY_RETURNED,
            {S.REVIEWING},
            {S.ASSIGNED, S.TRACKING},
            verb=gettext_lazy("sent back to the unit"),
            by=By.OFFICE,
        ),
        step(
            A.RECLASSIFIED,
            {S.REVIEWING},
            verb=gettext_lazy("given another result"),
            by=By.OFFICE,
        ),
        step(
            A.EXTENSION_ASKED, {S.ASSIGNED}, verb=gettext_lazy("given more time"), by=By.LEAD_UNIT
        ),
        # The office decides a request while the request is pending, whatever the item's
        # status: the deadline is the assignment's.
        step(A.EXTENSION_GRANTED, set(S), by=By.OFFICE),
        step(A.EXTENSION_REFUSED, set(S), by=By.OFFICE),
        # A request undecided when its assignment ends (sent back, the reply rated, or a new
        # round after a dissatisfied rating) lapses with it, recorded: part of the step that
        # ends it. A request therefore awaits a decision only while the item is assigned,
        # its reply reviewed, or replied.
        step(A.EXTENSION_LAPSED, {S.ASSIGNED, S.REVIEWING, S.REPLIED}),
        step(A.DEADLINE_SET, {S.ASSIGNED}, verb=gettext_lazy("given a new deadline"), by=By.OFFICE),
        step(A.REMINDED, set(HANDLED), verb=gettext_lazy("reminded"), by=By.OFFICE),
        # The delegate's rating: closes the item, keeps a B item tracked, or hands it back.
        step(
            A.RATED, {S.REPLIED}, {S.CLOSED, S.TRACKING}, verb=gettext_lazy("rated"), by=By.AUTHOR
        ),
        step(A.REHANDLING, {S.REPLIED}, {S.ACCEPTED}, verb=gettext_lazy("rated"), by=By.AUTHOR),
        # A co-signer's rating, where co-signers rate, of the latest reply (proposals/ratings.py):
        # counted in the figures, the item stays where the lead proposer's rating put it.
        step(
            A.SIGNER_RATED,
            {S.REPLIED, S.TRACKING, S.CLOSED, S.ACCEPTED, S.ASSIGNED},
            verb=gettext_lazy("rated"),
            by=By.SIGNER,
        ),
    ],
    refusal=gettext_lazy("This item is “%(status)s”: it cannot be %(action)s now."),
)


def cosigners_rate(proposal: Proposal) -> bool:
    """Whether the item's confirmed co-signers rate its replies: an inquiry's always, other
    items' as the rules say (docs/decisions.md, 154)."""
    return proposal.kind == Proposal.Kind.INQUIRY or ProposalRules.current().every_cosigner_rates


@dataclass
class StepCheck:
    """Whether `user` may take a step on `proposal` now (through `assignment` or answering
    `cosignature` where the step needs one): the item's status, the person, and what else the
    step needs. `refusal(name)` says why not, or None."""

    user: object
    proposal: Proposal
    assignment: Assignment | None = None
    cosignature: CoSignature | None = None
    today: datetime.date | None = None
    # Units the caller has already found the user works for (the unit's page reads the
    # assignment among the user's units): a unit's step through one of them asks no query.
    known_unit_ids: frozenset | set = frozenset()
    # The item's co-signatures with their delegates, when the caller has read them all (the
    # delegate's page shows them): whether the user co-signed is then asked no query.
    cosignatures: list | None = None

    @cached_property
    def unit_ids(self) -> set:
        """The units the user works for, read once, when a unit's step is asked about."""
        return set(units_of(self.user).values_list("pk", flat=True)) if self.user else set()

    def refusal(self, name) -> ValidationError | None:
        s = PROPOSAL_WORKFLOW.steps[name]
        if self.assignment is not None and (why := self._not_current()):
            return ValidationError(why)
        if self.proposal.status not in s.sources:
            try:
                PROPOSAL_WORKFLOW.require(self.proposal.status, name)
            except ValidationError as error:
                return error
        if why := self._person_refusal(s.by) or self._condition_refusal(name):
            return ValidationError(why)
        return None

    def _not_current(self) -> str:
        if self.assignment.sent_back_at or self.assignment.round != self.proposal.round:
            return _("This assignment is no longer current.")
        return ""

    def _person_refusal(self, by: str) -> str:
        """Why the user may not take a step that `by` takes, or "" when they may."""
        user, assignment = self.user, self.assignment
        if by == By.AUTHOR:
            ok = user is not None and self.proposal.author.user_id == user.pk
            return "" if ok else _("Only the author can do this.")
        if by == By.INVITEE:
            ok = user is not None and self.cosignature is not None
            ok = ok and self.cosignature.delegate.user_id == user.pk
            return "" if ok else _("Only the delegate asked to co-sign answers.")
        if by == By.OFFICE:
            return office_refusal(user)
        if by == By.SIGNER:
            return (
                "" if self._confirmed_signer else _("Only the delegates who signed it can do this.")
            )
        # A unit's step: the user works for the assignment's unit, in the right role.
        role = Assignment.Role.LEAD if by == By.LEAD_UNIT else Assignment.Role.CO
        if user is None or assignment is None:
            return _("Only the staff of the unit the item is routed to can do this.")
        unit = assignment.unit_id
        if unit not in self.known_unit_ids and unit not in self.unit_ids:
            return _("Only the staff of the unit the item is routed to can do this.")
        if assignment.role != role:
            if role == Assignment.Role.LEAD:
                return _("Only the lead unit can do this.")
            return _("Only a co-handling unit can do this.")
        return ""

    @cached_property
    def _confirmed_signer(self) -> bool:
        user = self.user
        confirmed = CoSignature.Status.CONFIRMED
        if user is None:
            return False
        if self.cosignatures is not None:
            return any(
                c.status == confirmed and c.delegate.user_id == user.pk for c in self.cosignatures
            )
        return self.proposal.cosignatures.filter(delegate__user=user, status=confirmed).exists()

    def _condition_refusal(self, name) -> str:
        """The steps that need more than the right status and person."""
        assignment = self.assignment
        if name == A.SIGNER_RATED and not cosigners_rate(self.proposal):
            return _("Here the lead proposer alone rates the reply.")
        if name == A.ANSWERED_AT_MEETING and self.proposal.kind != Proposal.Kind.INQUIRY:
            return _("Only an inquiry is answered at a meeting.")
        today = self.today or timezone.localdate()
        if name == A.SENT_BACK and today > assignment.send_back_until:
            return _("Items can be sent back until %(date)s; after that, ask the office.") % {
                "date": assignment.send_back_until
            }
        if name in (A.EXTENSION_GRANTED, A.EXTENSION_REFUSED) and (
            assignment is None or assignment.extension_until is None
        ):
            return _("No extension has been asked for.")
        return ""


def require_step(name, *, user, proposal: Proposal, **where) -> None:
    """Refuse, before anything is written, a step the item's status, the person or the
    assignment does not allow (`where`: the assignment, cosignature or day it is taken on);
    the ValidationError says why in the user's language."""
    if error := StepCheck(user, proposal, **where).refusal(name):
        raise error


def steps_open_to(user, proposal: Proposal, *, taken_by=None, **where) -> dict:
    """The steps `user` may take on the item now, as {name: True} with the names written
    with underscores (`sent_back`, `co_reply`), for templates: exactly those the services
    would accept. `taken_by` (a collection of `By`): only the steps those take, for a page
    that offers no others (the unit's page asks no author's or co-signer's step, and so no
    query of whether the reader co-signed: decision 237)."""
    check = StepCheck(user, proposal, **where)
    steps = PROPOSAL_WORKFLOW.steps
    return {
        name.replace(" ", "_").replace("-", "_"): True
        for name in PROPOSAL_WORKFLOW.available(proposal.status)
        if (taken_by is None or steps[name].by in taken_by) and check.refusal(name) is None
    }
