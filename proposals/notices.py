"""Who hears about each step of an item, in the language of the office's site. Called inside
the services' transactions."""

from django.urls import reverse
from django.utils.translation import gettext as _

from congress_office.notifications import notify

from .models import CoSignature, Proposal, ProposalEvent
from .units import unit_staff

Action = ProposalEvent.Action


def _delegates(proposal: Proposal) -> list:
    """The author, the confirmed co-signers, and the authors of items merged into this one:
    everyone who receives the item's reply."""
    users = [proposal.author.user]
    users += [
        c.delegate.user
        for c in proposal.cosignatures.filter(status=CoSignature.Status.CONFIRMED).select_related(
            "delegate__user"
        )
    ]
    users += [p.author.user for p in proposal.merged_items.select_related("author__user")]
    return users


def _url(proposal):
    return reverse("proposals:proposal_detail", args=[proposal.pk])


def tell_invited(proposal: Proposal, invitations) -> None:
    """The delegates newly asked to co-sign hear of it (those with an account)."""
    users = [i.delegate.user for i in invitations if i.delegate.user_id is not None]
    if users:
        notify(
            users=users,
            kind="cosign_invited",
            title=_("Asked to co-sign: %(title)s") % {"title": proposal.title},
            body=proposal.author.name,
            url=_url(proposal),
        )


def tell_reviewed(proposal: Proposal, action: str, note: str = "") -> None:
    titles = {
        Action.ACCEPTED: _("Accepted: %(title)s (%(number)s)"),
        Action.CONVERTED: _("Accepted as a suggestion: %(title)s (%(number)s)"),
        Action.DECLINED: _("Not accepted: %(title)s"),
        Action.MERGED: _("Handled together with another item: %(title)s"),
    }
    notify(
        users=[proposal.author.user],
        kind=f"proposal_{action}",
        title=titles[action] % {"title": proposal.title, "number": proposal.number},
        body=note,
        url=_url(proposal),
    )


def tell_routed(proposal: Proposal, assignments, rehandling: bool = False) -> None:
    units = ", ".join(str(a.unit) for a in assignments)
    title = _("Handled again: %(title)s") if rehandling else _("Assigned: %(title)s")
    notify(
        users=_delegates(proposal),
        kind="proposal_assigned",
        title=title % {"title": proposal.title},
        body=units,
        url=_url(proposal),
    )
    for assignment in assignments:
        notify(
            users=unit_staff(assignment.unit),
            kind="assignment_new",
            title=_("New item for %(unit)s: %(title)s, due %(deadline)s")
            % {"unit": assignment.unit, "title": proposal.title, "deadline": assignment.deadline},
            url=reverse("proposals:assignment_detail", args=[assignment.pk]),
        )


def tell_replied(proposal: Proposal, reply, solved: bool = False) -> None:
    """The official reply: to everyone who receives it, whatever their settings."""
    title = (
        _("Solved: %(title)s") if solved else _("Reply (%(result)s): %(title)s — please rate it")
    )
    notify(
        users=_delegates(proposal),
        kind="proposal_replied",
        title=title % {"title": proposal.title, "result": reply.result},
        body=reply.text,
        url=_url(proposal),
        official=True,
    )


def tell_deadline_set(proposal: Proposal, assignment, reason: str) -> None:
    notify(
        users=unit_staff(assignment.unit),
        kind="deadline_set",
        title=_("New deadline %(deadline)s: %(title)s")
        % {"deadline": assignment.deadline, "title": proposal.title},
        body=reason,
        url=reverse("proposals:assignment_detail", args=[assignment.pk]),
    )


def tell_reminded(proposal: Proposal, assignments, note: str) -> None:
    for assignment in assignments:
        notify(
            users=unit_staff(assignment.unit),
            kind="office_reminder",
            title=_("Reminder from the office: %(title)s, due %(deadline)s")
            % {"title": proposal.title, "deadline": assignment.deadline},
            body=note,
            url=reverse("proposals:assignment_detail", args=[assignment.pk]),
        )
