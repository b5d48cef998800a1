from django.shortcuts import render
from django.utils import timezone

from congress_office.access import role_required
from congress_office.roles import Role

from .access import get_delegate_for_user, get_delegation_for_leader
from .selectors import (
    delegate_current_for_user,
    delegation_members,
    delegations_led_by,
    duties_record,
    reception_days,
)


def _year(request) -> int:
    """The ?year= asked for, or this year when it is missing or not a sensible year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year


@role_required(Role.DELEGATE)
def my_profile(request):
    delegate = delegate_current_for_user(request.user)
    return render(
        request,
        "delegates/my_profile.html",
        {
            "delegate": delegate,
            "history": delegate.qualification_events.all() if delegate else [],
            "led_delegations": delegations_led_by(request.user),
        },
    )


@role_required(Role.DELEGATE)
def my_duties(request):
    delegate = delegate_current_for_user(request.user)
    return _duties_page(request, delegate, own=True)


@role_required(Role.DELEGATE)
def delegate_record(request, pk):
    delegate = get_delegate_for_user(request.user, pk)
    return _duties_page(request, delegate, own=delegate.user_id == request.user.pk)


def _duties_page(request, delegate, *, own):
    year = _year(request)
    today = timezone.localdate()
    upcoming = [day for day in reception_days(today.year) if day >= today]
    return render(
        request,
        "delegates/duties.html",
        {
            "delegate": delegate,
            "own": own,
            "year": year,
            "years": range(today.year, today.year - 5, -1),
            "record": duties_record(delegate, year) if delegate else None,
            "next_reception_day": upcoming[0] if upcoming else None,
        },
    )


@role_required(Role.DELEGATE)
def delegation_detail(request, pk):
    delegation = get_delegation_for_leader(request.user, pk)
    year = _year(request)
    return render(
        request,
        "delegates/delegation.html",
        {"delegation": delegation, "year": year, "members": delegation_members(delegation, year)},
    )
