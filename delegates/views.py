from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from congress_office.access import role_required
from congress_office.roles import Role, user_has_role
from congress_office.uploads import file_ending, stored_file_response

from .access import get_delegate_for_user, get_delegation_for_leader
from .briefing_reads import briefing_for_delegate, briefings_for_delegate
from .briefings import briefing_mark_read
from .delegation_rows import delegation_rows
from .models import Briefing
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
    members = delegation_members(delegation, year)
    return render(
        request,
        "delegates/delegation.html",
        {
            "delegation": delegation,
            "year": year,
            "members": members,
            "rows": delegation_rows(members, year),
        },
    )


@role_required(Role.DELEGATE)
def my_briefings(request):
    """The briefings addressed to the delegate, unread first."""
    delegate = delegate_current_for_user(request.user)
    briefings = briefings_for_delegate(delegate)
    return render(
        request,
        "delegates/briefings.html",
        {
            "delegate": delegate,
            "briefings": briefings,
            "unread": sum(b.read_at is None for b in briefings),
        },
    )


@role_required(Role.DELEGATE)
def briefing_detail(request, pk):
    """A briefing; opening it is reading it, recorded the first time."""
    briefing, delegate = briefing_for_delegate(request.user, pk)
    read = briefing_mark_read(briefing=briefing, delegate=delegate)
    return render(
        request, "delegates/briefing.html", {"briefing": briefing, "read_at": read.read_at}
    )


@login_required
def briefing_attachment(request, pk):
    """The briefing's file, for its audience (and the office, which wrote it)."""
    if user_has_role(request.user, Role.SECRETARIAT):
        briefing = get_object_or_404(Briefing, pk=pk)
    else:
        briefing, _delegate = briefing_for_delegate(request.user, pk)
    return attachment_response(briefing)


def attachment_response(message):
    """The file attached to a briefing or a solicitation, named after its title."""
    if not message.attachment:
        raise Http404
    return stored_file_response(
        message.attachment,
        filename=f"{message.title}{file_ending(message.attachment_type)}",
        content_type=message.attachment_type,
    )
