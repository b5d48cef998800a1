"""Reads the delegates' pages and other apps share; each runs a fixed number of queries."""

import datetime

from django.db.models import Count, OuterRef, Subquery

from .models import Delegate, ElectoralUnit, QualificationEvent, Term

SEAT_HOLDING = (Delegate.Status.ACTIVE, Delegate.Status.SUSPENDED)


def delegate_current_for_user(user) -> Delegate | None:
    """The user's delegate record in the most recent term, with what the profile shows."""
    return (
        Delegate.objects.filter(user=user)
        .select_related("term", "electoral_unit", "delegation", "delegation__leader")
        .order_by("-term__start_date")
        .first()
    )


def delegates_with_status_on(term: Term, on_date: datetime.date):
    """The term's delegates, each annotated with `status_on_date`: the qualification their
    history gives on that date (None for someone not yet elected then). One query."""
    latest = (
        QualificationEvent.objects.filter(delegate=OuterRef("pk"), effective_date__lte=on_date)
        .order_by("-effective_date", "-pk")
        .values("status_after")[:1]
    )
    return Delegate.objects.filter(term=term).annotate(status_on_date=Subquery(latest))


def active_delegates_on(term: Term, on_date: datetime.date):
    """Who was an active delegate of the term on the date."""
    return delegates_with_status_on(term, on_date).filter(status_on_date=Delegate.Status.ACTIVE)


def seat_holders_on(term: Term, on_date: datetime.date):
    """Delegates holding a seat on the date: active or suspended (a suspension keeps the seat)."""
    return delegates_with_status_on(term, on_date).filter(status_on_date__in=SEAT_HOLDING)


def vacancies_by_electoral_unit(term: Term, on_date: datetime.date) -> list[ElectoralUnit]:
    """The term's electoral units, each with `holders` and `vacancies` on the date. Two queries."""
    held = dict(
        seat_holders_on(term, on_date)
        .order_by()
        .values_list("electoral_unit")
        .annotate(n=Count("pk"))
    )
    units = list(ElectoralUnit.objects.filter(term=term).order_by("name"))
    for unit in units:
        unit.holders = held.get(unit.pk, 0)
        unit.vacancies = max(unit.seats - unit.holders, 0)
    return units
