"""The proposals test kit: the people who take each step, and builders that bring an item to
any status through the services, each step taken by the person the workflow says
(proposals/workflow.py), so tests start from states the product itself reaches.

    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
"""

import datetime

from django.contrib.auth import get_user_model

from congress_office.roles import Role
from delegates.services import delegate_link_user
from proposals.models import Assignment, Proposal, ProposalCategory
from proposals.services import (
    cosignature_answer,
    cosigners_invite,
    feedback_submit,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from proposals.units import unit_add_staff, unit_staff
from tests.core.factories import UserFactory, office_user

# The day the reminder tests route items on and sweep them.
REMINDER_DAY = datetime.date(2026, 11, 23)

S = Proposal.Status


def user_of(delegate):
    """The delegate's account, made and linked when the record has none yet."""
    if delegate.user_id is None:
        user = UserFactory(username=f"kit-delegate-{delegate.pk}", role=Role.DELEGATE)
        delegate_link_user(delegate=delegate, user=user)
        delegate.refresh_from_db()
    return delegate.user


def staff_of(unit):
    """Somebody who works for the unit, made when it has nobody yet."""
    staff = unit_staff(unit).first()
    if staff is None:
        staff = get_user_model().objects.create_user(username=f"kit-unit-{unit.pk}")
        unit_add_staff(unit=unit, user=staff)
    return staff


def answer(invitation, confirm=True):
    """The delegate asked to co-sign answers, from their own account."""
    return cosignature_answer(
        cosignature=invitation, confirm=confirm, answered_by=user_of(invitation.delegate)
    )


def draft(author, kind="proposal", title="关于为镇中心小学配备多媒体设备的建议", **fields):
    return proposal_draft_save(
        author=author,
        kind=kind,
        title=title,
        situation=fields.pop("situation", "镇中心小学各教室没有多媒体教学设备。"),
        recommendations=fields.pop("recommendations", "请教育部门配备。"),
        **fields,
    )


def cosigned(item, delegates, confirmed=None):
    """The author asks `delegates` to co-sign; the first `confirmed` (all by default) agree."""
    invitations = cosigners_invite(
        proposal=item, delegates=delegates, invited_by=user_of(item.author)
    )
    for n, invitation in enumerate(invitations):
        if confirmed is None or n < confirmed:
            answer(invitation)
    return invitations


def proposal_in(
    status,
    *,
    author,
    unit=None,
    co_units=(),
    kind="suggestion",
    category=None,
    on: datetime.date | None = None,
    result="A",
    office=None,
    cosigners=(),
    **fields,
):
    """An item of `author` brought to `status` through the services: drafted, co-signed by
    `cosigners`, submitted, accepted by `office`, routed to `unit` (and `co_units`) on `on`,
    replied `result` by the lead unit, rated. Returns (item, the current lead assignment or
    None)."""
    office = office or office_user()
    item = draft(author, kind=kind, **fields)
    if status == S.DRAFT:
        return item, None
    if cosigners:
        cosigned(item, cosigners)
    item = proposal_submit(proposal=item, submitted_by=user_of(author), as_suggestion=True)
    if status == S.SUBMITTED:
        return item, None
    category = category or ProposalCategory.objects.get_or_create(name="教育")[0]
    item = proposal_accept(proposal=item, category=category, accepted_by=office)
    if status == S.ACCEPTED:
        return item, None
    lead, *_co = proposal_route(
        proposal=item, lead=unit, co_units=co_units, routed_by=office, on=on
    )
    if status == S.ASSIGNED:
        return _fresh(item), lead
    if kind == "proposal":
        consulted(lead)
    reply = reply_submit(
        assignment=lead, result=result, text="已按建议办理。", replied_by=staff_of(unit)
    )
    if status == S.REPLIED:
        return _fresh(item), lead
    feedback_submit(reply=reply, overall="satisfied", rated_by=user_of(author))
    item = _fresh(item)
    if item.status != status:
        raise ValueError(f"{status} is not reached this way (the item is {item.status})")
    return item, lead


def consulted(assignment, *, way="visit", on: datetime.date | None = None):
    """The lead unit records its consultation with the delegate, as the rules want before it
    replies to a formal proposal."""
    from proposals.reply_steps import consultation_record

    return consultation_record(
        assignment=assignment,
        held_on=on or datetime.date.today(),
        way=way,
        agreed="当面沟通了办理思路，代表表示认可。",
        recorded_by=staff_of(assignment.unit),
    )


def _fresh(item):
    return Proposal.objects.get(pk=item.pk)


def current_lead(item) -> Assignment:
    return item.assignments.get(round=item.round, role=Assignment.Role.LEAD, sent_back_at=None)


def admin_action(office, action, items, **data):
    """The office runs an admin action on `items` from the proposals' change list, with the
    intermediate page's answers in `data`."""
    return office.post(
        "/admin/proposals/proposal/",
        {"action": action, "_selected_action": [i.pk for i in items], "apply": "1", **data},
        follow=True,
    )
