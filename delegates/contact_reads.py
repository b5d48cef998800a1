"""The committee's contact with delegates, read: the half year a contact counts for, each
member's delegates with when they were last contacted, and who has not been contacted this half
year. Each read runs a fixed number of queries, whatever the number of delegates."""

import datetime
from itertools import groupby

from django.db.models import Exists, Max, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from congress_office.roles import Duty

from .models import CommitteeMember, Contact, ContactAssignment, Delegate


def half_year_start(today: datetime.date) -> datetime.date:
    """The first day of the half year `today` falls in: 1 January or 1 July."""
    return datetime.date(today.year, 1 if today.month <= 6 else 7, 1)


def _last_contacted():
    """When the assignment's delegate was last contacted by a committee member (any member:
    a delegate reassigned mid-year has still been in touch with the committee)."""
    return Subquery(
        Contact.objects.filter(delegate_id=OuterRef("delegate_id"))
        .order_by()
        .values("delegate_id")
        .annotate(last=Max("date"))
        .values("last")[:1]
    )


def current_assignments(today: datetime.date):
    """The assignments of the terms running today whose delegate is active (a delegate whose
    duties are suspended, or who has left, is not expected to be contacted)."""
    return ContactAssignment.objects.filter(
        member__term__start_date__lte=today,
        member__term__end_date__gte=today,
        delegate__status=Delegate.Status.ACTIVE,
    )


def not_contacted_since(today: datetime.date):
    """The current assignments whose delegate has had no contact this half year."""
    contacted = Contact.objects.filter(
        delegate_id=OuterRef("delegate_id"), date__range=(half_year_start(today), today)
    )
    return current_assignments(today).exclude(Exists(contacted))


def not_contacted_by_member(today: datetime.date) -> list[tuple[CommitteeMember, list]]:
    """[(member, [assignment with `last_contacted`])] of who has not been contacted this half
    year, by member. One query."""
    rows = (
        not_contacted_since(today)
        .select_related("member", "member__term", "delegate", "delegate__delegation")
        .annotate(last_contacted=_last_contacted())
        .order_by("member__term__name", "member__name", "member_id", "delegate__name")
    )
    return [(member, list(group)) for member, group in groupby(rows, key=lambda a: a.member)]


# What a committee member reads of their delegates: who they are and the phone to call them
# on (decision 233); not their email, date of birth or work details.
_MEMBER_SEES = (
    "member__term_id",
    "member__name",
    "member__user_id",
    "delegate__name",
    "delegate__status",
    "delegate__phone",
    "delegate__delegation__name",
)


def member_delegates(user, today: datetime.date) -> list[ContactAssignment]:
    """The delegates the user keeps in touch with as a committee member, each assignment with
    `last_contacted` and `due` (not contacted this half year), the due ones first. One query."""
    start = half_year_start(today)
    rows = list(
        current_assignments(today)
        .filter(member__user=user)
        .select_related("member", "delegate", "delegate__delegation")
        .only(*_MEMBER_SEES)
        .annotate(last_contacted=_last_contacted())
        .order_by("delegate__name", "pk")
    )
    for row in rows:
        row.due = row.last_contacted is None or row.last_contacted < start
    return sorted(rows, key=lambda row: not row.due)  # stable: by name within each


def assignment_for_member(user, delegate_pk: int) -> ContactAssignment:
    """The assignment of the delegate to one of the user's member records in a running
    term; 404 for anyone else's delegate, so that none can even be found. One query."""
    if not user.is_authenticated:
        raise Http404
    assignment = (
        current_assignments(timezone.localdate())
        .filter(member__user=user, delegate_id=delegate_pk)
        .select_related("member", "member__term", "delegate", "delegate__delegation")
        .only(*_MEMBER_SEES, "member__term__start_date", "member__term__end_date")
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment


def contacts_between(member: CommitteeMember, delegate: Delegate, limit: int = 20):
    """The latest contacts of the member with the delegate. One query."""
    return Contact.objects.filter(member=member, delegate=delegate).order_by("-date", "-pk")[:limit]


def members_to_keep_in_touch(user):
    """A member record of the user with a delegate to keep in touch with in a running term:
    while there is one, the menu leads to their delegates."""
    return current_assignments(timezone.localdate()).filter(member__user=user)


CONTACT_DUTY = Duty(
    label=gettext_lazy("Delegates I keep in touch with"),
    url_name="delegates:my_contacts",
    to_do=members_to_keep_in_touch,
)


def committee_contacts(delegate: Delegate, year: int):
    """Contacts with the committee in the year, by any member (a delegate reassigned mid-year
    has still been in touch): a figure of the duties record."""
    return Contact.objects.filter(delegate=delegate, date__year=year)
