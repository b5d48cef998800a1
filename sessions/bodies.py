"""Who sits on a leading body on a given day, and the check that its seats are never
over-filled on any day."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from congress_office.wording import written_date

from .models import Body, Membership

# Secretaries first, then deputies, members, and the alternates by their rank.
ROLE_ORDER = {
    Membership.Role.SECRETARY: 0,
    Membership.Role.DEPUTY_SECRETARY: 1,
    Membership.Role.MEMBER: 2,
    Membership.Role.ALTERNATE: 3,
}


def holding_on(on_date: datetime.date, prefix: str = "") -> Q:
    """Memberships holding a seat on the date (`prefix` reaches them from another model).
    A seat is held from its first day up to the day before it ended: whoever follows may
    start on the day the predecessor left."""
    return Q(**{f"{prefix}start_date__lte": on_date}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": on_date})
    )


def members_on(body: Body, on_date: datetime.date) -> list[Membership]:
    """The body's members and alternate members on the date, in the order a list of them is
    read out: secretary, deputy secretaries, members, then alternates by rank."""
    held = body.memberships.filter(holding_on(on_date)).select_related("delegate")
    return sorted(
        held,
        key=lambda m: (ROLE_ORDER[m.role], m.alternate_rank or 0, m.name, m.pk),
    )


def _holdings(memberships: QuerySet) -> list[tuple]:
    return list(memberships.values_list("start_date", "end_date", "role"))


def body_seats_check(*, body: Body) -> None:
    """Refuse when, on any day, the body holds more members (or alternates) than its seats.
    Holdings change only on the days memberships start, so those days are enough."""
    holdings = _holdings(body.memberships.all())
    for day in sorted({start for start, _end, _role in holdings}):
        held = [
            role for start, end, role in holdings if start <= day and (end is None or end > day)
        ]
        alternates = held.count(Membership.Role.ALTERNATE)
        members = len(held) - alternates
        if members > body.seats:
            raise ValidationError(
                _("On %(date)s the body would have %(held)s members for %(seats)s seats.")
                % {"date": written_date(day), "held": members, "seats": body.seats}
            )
        if alternates > body.alternate_seats:
            raise ValidationError(
                _("On %(date)s the body would have %(held)s alternate members for %(seats)s seats.")
                % {"date": written_date(day), "held": alternates, "seats": body.alternate_seats}
            )
