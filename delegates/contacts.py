"""The committee's contact with delegates, written: the office assigns each committee member
the delegates they keep in touch with; the member (or the office for them) logs each contact.
Each function is atomic and raises ValidationError in the user's language when it refuses."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_office.roles import office_refusal, require_office
from congress_office.wording import date_range

from .models import CommitteeMember, Contact, ContactAssignment, Delegate


@transaction.atomic
def committee_member_save(*, member: CommitteeMember, saved_by) -> CommitteeMember:
    """Save a member's name, post, term and account (one member record per account and term).
    A member's term changes only while no delegate is assigned to them."""
    require_office(saved_by)
    member.full_clean()
    if member.pk is not None:
        term_before = CommitteeMember.objects.select_for_update().get(pk=member.pk).term_id
        if term_before != member.term_id and member.assignments.exists():
            raise ValidationError(
                {"term": _("The member's delegates are of their term: unassign them first.")}
            )
    member.save()
    return member


@transaction.atomic
def committee_member_set_delegates(*, member: CommitteeMember, delegates, set_by) -> None:
    """Make exactly these the delegates the member keeps in touch with. Each is a delegate of
    the member's term, assigned to no other member (the database holds one member per
    delegate; this says whose the delegate is)."""
    require_office(set_by)
    member = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    wanted = {delegate.pk: delegate for delegate in delegates}
    refusals = [
        _("%(name)s is a delegate of another term.") % {"name": d.name}
        for d in wanted.values()
        if d.term_id != member.term_id
    ]
    taken = (
        ContactAssignment.objects.select_for_update()
        .filter(delegate_id__in=wanted)
        .exclude(member=member)
        .select_related("member", "delegate")
        .order_by("delegate__name")
    )
    refusals += [
        _("%(name)s is already assigned to %(member)s.")
        % {"name": a.delegate.name, "member": a.member.name}
        for a in taken
    ]
    if refusals:
        raise ValidationError({"delegates": refusals})
    member.assignments.exclude(delegate_id__in=wanted).delete()
    kept = set(member.assignments.values_list("delegate_id", flat=True))
    ContactAssignment.objects.bulk_create(
        ContactAssignment(member=member, delegate_id=pk) for pk in wanted if pk not in kept
    )


def _contact_refusals(member, delegate, date, way) -> dict:
    errors = {}
    if not ContactAssignment.objects.filter(member=member, delegate=delegate).exists():
        errors["delegate"] = _(
            "%(name)s is not among the delegates %(member)s keeps in touch with."
        ) % {
            "name": delegate.name,
            "member": member.name,
        }
    term = member.term
    if date is None:
        errors["date"] = _("This field is required.")
    elif date > timezone.localdate():
        errors["date"] = _(
            "A contact is logged once it has taken place: the date is in the future."
        )
    elif date < term.start_date:
        errors["date"] = _("Choose a date within the term (%(range)s).") % {
            "range": date_range(term.start_date, term.end_date)
        }
    if way not in Contact.Way.values:
        errors["way"] = _("Choose how the contact was made.")
    return errors


@transaction.atomic
def contact_log(
    *,
    member: CommitteeMember,
    delegate: Delegate,
    date: datetime.date,
    way: str,
    raised: str = "",
    recorded_by,
) -> Contact:
    """Log a contact of the member with one of their delegates: by the member themselves
    (through their account) or by the office for them."""
    if member.user_id != recorded_by.pk and office_refusal(recorded_by):
        raise ValidationError(_("Only the committee member or the congress office logs a contact."))
    if errors := _contact_refusals(member, delegate, date, way):
        raise ValidationError(errors)
    return Contact.objects.create(
        member=member,
        delegate=delegate,
        date=date,
        way=way,
        raised=raised.strip(),
        recorded_by=recorded_by,
    )
