"""Who hears about each step of an item, and what each notification says. Called inside the
services' transactions. A notification stores the facts (titles, names, ISO dates, codes);
`TEXTS` writes them in the reader's language when read or mailed (issue 12, 1.9)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from congress_office.notifications import Message, notify, notify_many
from congress_office.wording import join_list, label_suffix, labelled, written_date

from .models import Consultation, CoSignature, Proposal, ProposalEvent, ReminderDelivery
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


def _assignment_url(assignment):
    return reverse("proposals:assignment_detail", args=[assignment.pk])


def _day(iso: str) -> str:
    return written_date(datetime.date.fromisoformat(iso))


def tell_invited(proposal: Proposal, invitations) -> None:
    """The delegates newly asked to co-sign hear of it (those with an account)."""
    users = [i.delegate.user for i in invitations if i.delegate.user_id is not None]
    if users:
        notify(
            users=users,
            kind="cosign_invited",
            params={"title": proposal.title, "author": proposal.author.name},
            url=_url(proposal),
        )


def tell_reviewed(proposal: Proposal, action: str, note: str = "") -> None:
    """The office's decision: to the author and the co-signers who confirmed."""
    notify(
        users=_delegates(proposal),
        kind=f"proposal_{action}",
        params={"title": proposal.title, "number": proposal.number, "note": note},
        url=_url(proposal),
    )


def tell_made_from_contact(proposal: Proposal, contact) -> None:
    """What the delegate raised to their committee member is now a suggestion in their name;
    the member who logged it (if they have an account) sees it taken up in their own list of
    contacts (the item's page is the delegate's and the office's). One insert for both."""
    notify_many(
        [
            Message(
                users=[proposal.author.user],
                kind="proposal_contact_logged",
                params={
                    "title": proposal.title,
                    "member": contact.member.name,
                    "date": contact.date.isoformat(),
                },
                url=_url(proposal),
            ),
            Message(
                users=[contact.member.user],  # None (no account) is skipped
                kind="contact_taken_up",
                params={
                    "title": proposal.title,
                    "delegate": proposal.author.name,
                    "date": contact.date.isoformat(),
                },
                url=reverse("delegates:my_contacts"),
            ),
        ]
    )


def tell_made_from_answer(proposal: Proposal, solicitation_title: str) -> None:
    """The delegate whose answer to a solicitation the office took up as a suggestion."""
    notify(
        users=[proposal.author.user],
        kind="proposal_from_answer",
        params={"title": proposal.title, "solicitation": solicitation_title},
        url=_url(proposal),
    )


def tell_routed(proposal: Proposal, assignments, rehandling: bool = False) -> None:
    notify(
        users=_delegates(proposal),
        kind="proposal_assigned",
        params={
            "title": proposal.title,
            "units": [str(a.unit) for a in assignments],
            "rehandling": rehandling,
        },
        url=_url(proposal),
    )
    for assignment in assignments:
        notify(
            users=unit_staff(assignment.unit),
            kind="assignment_new",
            params={
                "unit": str(assignment.unit),
                "title": proposal.title,
                "deadline": assignment.deadline.isoformat(),
            },
            url=_assignment_url(assignment),
        )


def tell_replied(proposal: Proposal, reply, solved: bool = False) -> None:
    """The official reply: to everyone who receives it, whatever their settings."""
    notify(
        users=_delegates(proposal),
        kind="proposal_replied",
        params={
            "title": proposal.title,
            "result": reply.result,
            "text": reply.text,
            "solved": solved,
        },
        url=_url(proposal),
        official=True,
    )


def tell_consulted(proposal: Proposal, consultation) -> None:
    """The author hears what the unit recorded of their consultation, to set it right with
    the office if it is not what was said."""
    notify(
        users=[proposal.author.user],
        kind="proposal_consulted",
        params={
            "title": proposal.title,
            "unit": str(consultation.assignment.unit),
            "way": consultation.way,
            "on": consultation.held_on.isoformat(),
            "agreed": consultation.agreed,
        },
        url=_url(proposal),
    )


def tell_reply_reviewed(reply, outcome: str, reason: str = "") -> None:
    """The lead unit hears what the office did with its reply: released to the delegate,
    sent back (with the reason: it replies again), or given another result."""
    assignment = reply.assignment
    notify(
        users=unit_staff(assignment.unit),
        kind="reply_reviewed",
        params={
            "title": assignment.proposal.title,
            "outcome": outcome,
            "result": reply.result,
            "reason": reason,
        },
        url=_assignment_url(assignment),
    )


def tell_deadline_set(proposal: Proposal, assignment, reason: str) -> None:
    notify(
        users=unit_staff(assignment.unit),
        kind="deadline_set",
        params={
            "title": proposal.title,
            "deadline": assignment.deadline.isoformat(),
            "reason": reason,
        },
        url=_assignment_url(assignment),
    )


def tell_reminded(proposal: Proposal, assignments, note: str) -> None:
    for assignment in assignments:
        notify(
            users=unit_staff(assignment.unit),
            kind="office_reminder",
            params={
                "title": proposal.title,
                "deadline": assignment.deadline.isoformat(),
                "note": note,
            },
            url=_assignment_url(assignment),
        )


def extension_decided_text(title: str, until: str, *, granted: bool) -> str:
    """What was decided on an item's request for more time, in words: the unit's notice and
    the office's message after its decision say it alike."""
    if granted:
        return _("Extension granted until %(date)s: %(title)s") % {"date": until, "title": title}
    return _("Extension refused: %(title)s") % {"title": title}


def tell_extension_decided(proposal: Proposal, assignment, until, granted: bool) -> None:
    notify(
        users=unit_staff(assignment.unit),
        kind="extension_decided",
        params={"title": proposal.title, "until": until.isoformat(), "granted": granted},
        url=_assignment_url(assignment),
    )


def deadline_digests(batch, units, staff: dict, office) -> list[Message]:
    """The reminder sweep's messages for a batch of deliveries, read as rows starting with
    (pk, unit's pk, number, title, deadline, milestone) in the order of their keys: one per
    unit listing
    its deadlines, to its staff (`staff`: the users by unit pk), and the office's list of
    what is overdue."""
    names = {unit.pk: str(unit) for unit in units}
    by_unit, overdue = {}, []
    for _pk, unit_id, number, title, deadline, milestone, *_more in batch:
        line = {
            "unit": names[unit_id],
            "number": number,
            "title": title,
            "deadline": deadline.isoformat(),
            "milestone": milestone,
        }
        by_unit.setdefault(unit_id, []).append(line)
        if milestone == ReminderDelivery.Milestone.OVERDUE:
            overdue.append(line)
    messages = [
        Message(
            users=staff.get(unit_id, []),
            kind="deadline_digest",
            params={"unit": names[unit_id], "lines": lines},
            url="/proposals/unit/",
        )
        for unit_id, lines in by_unit.items()
    ]
    if overdue:
        messages.append(
            Message(
                users=office,
                kind="overdue_digest",
                params={"lines": overdue},
                url=reverse("admin:proposals_proposal_queues") + "?queue=overdue",
            )
        )
    return messages


# --- What each kind says, in the reader's language ---------------------------------------


def _reviewed(title_msgid):
    def text(p):
        return title_msgid() % {"title": p["title"], "number": p["number"]}, p["note"]

    return text


# What the office did with a unit's reply, as the unit reads it.
REVIEW_OUTCOMES = {
    "released": lambda: _("Your reply was released to the delegate: %(title)s"),
    "returned": lambda: _("Your reply was sent back by the office: %(title)s"),
    "reclassified": lambda: _("The office changed your reply's result to %(result)s: %(title)s"),
}


def _digest_lines(lines: list[dict], with_unit: bool = False) -> str:
    """A digest's lines, one per item, in the reader's language. A digest may list thousands
    of items over a handful of dates: each date, milestone and the wording are written once
    (issue 15, item 4)."""
    line_text = _("%(number)s %(title)s — due %(deadline)s (%(milestone)s)")
    days, milestones = {}, {}
    suffix = label_suffix() if with_unit else ""
    written = []
    for line in lines:
        deadline, milestone = line["deadline"], line["milestone"]
        if deadline not in days:
            days[deadline] = _day(deadline)
        if milestone not in milestones:
            milestones[milestone] = str(ReminderDelivery.Milestone(milestone).label)
        text = line_text % {
            "number": line["number"],
            "title": line["title"],
            "deadline": days[deadline],
            "milestone": milestones[milestone],
        }
        written.append(f"{line['unit']}{suffix}{text}" if with_unit else text)
    return "\n".join(written)


TEXTS = {
    "cosign_invited": lambda p: (
        _("Asked to co-sign: %(title)s") % {"title": p["title"]},
        p["author"],
    ),
    f"proposal_{Action.ACCEPTED}": _reviewed(lambda: _("Accepted: %(title)s (%(number)s)")),
    f"proposal_{Action.CONVERTED}": _reviewed(
        lambda: _("Accepted as a suggestion: %(title)s (%(number)s)")
    ),
    f"proposal_{Action.DECLINED}": _reviewed(lambda: _("Not accepted: %(title)s")),
    f"proposal_{Action.MERGED}": _reviewed(
        lambda: _("Handled together with another item: %(title)s")
    ),
    "proposal_contact_logged": lambda p: (
        _("Filed in your name: %(title)s") % {"title": p["title"]},
        _("What you raised to %(member)s on %(date)s is now a suggestion, awaiting review.")
        % {"member": p["member"], "date": _day(p["date"])},
    ),
    "contact_taken_up": lambda p: (
        _("Your contact is now a suggestion: %(title)s") % {"title": p["title"]},
        _("What %(delegate)s raised to you on %(date)s is filed in their name, awaiting review.")
        % {"delegate": p["delegate"], "date": _day(p["date"])},
    ),
    "proposal_from_answer": lambda p: (
        _("Your answer is taken up as a suggestion: %(title)s") % {"title": p["title"]},
        _("From your answer to “%(solicitation)s”.") % {"solicitation": p["solicitation"]},
    ),
    "proposal_assigned": lambda p: (
        (_("Handled again: %(title)s") if p["rehandling"] else _("Assigned: %(title)s"))
        % {"title": p["title"]},
        join_list(p["units"]),
    ),
    "assignment_new": lambda p: (
        _("New item for %(unit)s: %(title)s, due %(deadline)s")
        % {"unit": p["unit"], "title": p["title"], "deadline": _day(p["deadline"])},
        "",
    ),
    "proposal_replied": lambda p: (
        (
            _("Solved: %(title)s")
            if p["solved"]
            else _("Reply (%(result)s): %(title)s — please rate it")
        )
        % {"title": p["title"], "result": p["result"]},  # the result's letter: A, B or C
        p["text"],
    ),
    "proposal_consulted": lambda p: (
        _("Consultation recorded by %(unit)s: %(title)s")
        % {"unit": p["unit"], "title": p["title"]},
        labelled(join_list([Consultation.Way(p["way"]).label, _day(p["on"])]), p["agreed"]),
    ),
    "reply_reviewed": lambda p: (
        REVIEW_OUTCOMES[p["outcome"]]() % {"title": p["title"], "result": p["result"]},
        p["reason"],
    ),
    "deadline_set": lambda p: (
        _("New deadline %(deadline)s: %(title)s")
        % {"deadline": _day(p["deadline"]), "title": p["title"]},
        p["reason"],
    ),
    "office_reminder": lambda p: (
        _("Reminder from the office: %(title)s, due %(deadline)s")
        % {"title": p["title"], "deadline": _day(p["deadline"])},
        p["note"],
    ),
    "extension_decided": lambda p: (
        extension_decided_text(p["title"], _day(p["until"]), granted=p["granted"]),
        "",
    ),
    "deadline_digest": lambda p: (
        _("Deadlines for %(unit)s: %(n)s items") % {"unit": p["unit"], "n": len(p["lines"])},
        _digest_lines(p["lines"]),
    ),
    "overdue_digest": lambda p: (
        _("Overdue items: %(n)s") % {"n": len(p["lines"])},
        _digest_lines(p["lines"], with_unit=True),
    ),
}
