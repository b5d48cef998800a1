"""Who may open which proposal pages. Every view goes through these helpers; anyone else gets
404, so that items of other units and other delegates' drafts cannot even be found."""

from django.db.models import Exists, Q
from django.http import Http404

from congress_office.written_once import instances

from .assignment_reads import assignment_of_staff
from .models import Assignment, CoSignature, Proposal
from .units import units_of
from .workflow import cosigners_rate


def get_assignment_for_user(user, pk: int) -> Assignment:
    """An assignment of one of the units the user works for (guardian permission), with its
    item (the item's author and category) and unit: one statement of plain SQL (decision
    288)."""
    assignment = assignment_of_staff(user.pk, pk) if user.is_authenticated else None
    if assignment is None:
        raise Http404
    return assignment


def get_proposal_for_user(user, pk: int, action: str = "read") -> Proposal:
    """The item `pk` if the user may open it for `action`, else 404.

    read: an item the user wrote, or co-signed, or that was merged into one they wrote; a
    draft also for whoever is asked to co-sign it (to decide). Once submitted, a co-signer who
    declined or never answered no longer reads it: its handling and replies go to those who
    receive the reply (as `get_reply_for_user` says).
    edit: the author's own item. rate: the author's, and the co-signers' who confirmed (where
    co-signers rate: the workflow says). Whether the step is possible now (the item's status)
    is the workflow's answer (`proposals.workflow`), given next to the form."""
    if action not in ("read", "edit", "rate"):
        raise ValueError(action)
    # The row by its key first (a plain query, cheap to build), then who may open it: the
    # author, the usual reader, is let in on the row alone; anyone else is asked one query of
    # EXISTS, one for each other way in. Building the access conditions into the row's own
    # query took longer than everything else on the author's busiest pages (decision 202).
    # Not the item it was merged into: a join the query took a third of its time to build,
    # for the few merged items (read when one is, by the page's note).
    # Written once per process and run prepared (decision 303).
    found = instances("proposal_with_author", _proposal_read, int(pk))
    proposal = found[0] if found else None
    if proposal is None or not _may_open(user, proposal, action):
        raise Http404
    return proposal


def _proposal_read(pk: int):
    return Proposal.objects.select_related("author", "category", "session").filter(pk=pk)


def _may_open(user, proposal: Proposal, action: str) -> bool:
    if proposal.author.user_id == user.pk:
        return True
    if action == "edit":
        return False
    signed = CoSignature.objects.filter(proposal=proposal, delegate__user=user)
    confirmed = signed.filter(status=CoSignature.Status.CONFIRMED)
    if action == "rate":
        # a co-signer where the lead proposer alone rates: not theirs to find
        return cosigners_rate(proposal) and confirmed.exists()
    ways_in = [confirmed, Proposal.objects.filter(merged_into=proposal, author__user=user)]
    if proposal.status == Proposal.Status.DRAFT:
        ways_in.append(signed)  # asked to co-sign a draft: to decide
    return Proposal.objects.filter(
        Q(*(Exists(way) for way in ways_in), _connector=Q.OR), pk=proposal.pk
    ).exists()


def get_cosignature_for_user(user, pk: int) -> CoSignature:
    """A co-signature asked of the user."""
    cosignature = (
        CoSignature.objects.select_related("proposal__author", "delegate")
        .filter(pk=pk, delegate__user=user)
        .first()
    )
    if cosignature is None:
        raise Http404
    return cosignature


def get_reply_for_user(user, pk: int):
    """A reply letter: for the delegates who receive it, the office, and the units handling
    the item (each unit's page shows every reply to the item, so its letter opens too)."""
    from congress_office.roles import Role, user_has_role

    from .models import SEEN_BY_DELEGATES, Reply

    reply = (
        Reply.objects.select_related("assignment__unit", "assignment__proposal__author")
        .filter(pk=pk)
        .first()
    )
    if reply is None:
        raise Http404
    if user_has_role(user, Role.SECRETARIAT):
        return reply
    handling = Assignment.objects.filter(
        proposal_id=reply.assignment.proposal_id, unit__in=units_of(user)
    )
    if handling.exists():
        return reply
    if not Reply.objects.filter(SEEN_BY_DELEGATES, pk=reply.pk).exists():
        raise Http404  # the office has not released it: no delegate reads it yet
    proposal = reply.assignment.proposal
    receivers = Proposal.objects.filter(Q(pk=proposal.pk) | Q(merged_into=proposal))
    if receivers.filter(
        Q(author__user=user)
        | Q(
            cosignatures__delegate__user=user,
            cosignatures__status=CoSignature.Status.CONFIRMED,
        )
    ).exists():
        return reply
    raise Http404


def may_read_attachment(user, attachment) -> bool:
    """The item's delegates, the units it is routed to, and the office."""
    from congress_office.roles import Role, user_has_role

    from .models import Assignment

    if user_has_role(user, Role.SECRETARIAT):
        return True
    proposal_id = attachment.proposal_id
    if Assignment.objects.filter(proposal_id=proposal_id, unit__in=units_of(user)).exists():
        return True
    try:
        get_proposal_for_user(user, proposal_id)
    except Http404:
        return False
    return True
