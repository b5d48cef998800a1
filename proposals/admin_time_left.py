"""The change list's filters behind the desk's counts by colour: the items being handled whose
time left reads on time, due soon or overdue (`deadlines.time_left_condition` on the item's
copy of its lead unit's dates, read through the (status, lead_amber_on) and (status,
lead_deadline) indexes), and the items a unit now leads."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_office.admin_filters import FindSimpleFilter, model_rows
from congress_office.kept_text import kept, kept_store

from .deadlines import TIME_LEFT_LABELS, time_left_condition
from .models import Assignment, HandlingUnit, Proposal
from .time_left import HANDLED_BY_PARAMETER, TIME_LEFT_PARAMETER


class TimeLeftFilter(admin.SimpleListFilter):
    title = _("time left")
    parameter_name = TIME_LEFT_PARAMETER

    def lookups(self, request, model_admin):
        return list(TIME_LEFT_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in TIME_LEFT_LABELS:
            condition = time_left_condition(
                self.value(),
                timezone.localdate(),
                deadline="lead_deadline",
                amber_on="lead_amber_on",
            )
            return queryset.filter(condition, status=Proposal.Status.ASSIGNED)
        return queryset


class HandledByFilter(FindSimpleFilter):
    """The items a unit leads in their current round (the lead unit column names the first
    round's, which the statistics count them for). A thousand units at 100,000 items: found by
    typing, not listed (`FindSimpleFilter`, decision 272)."""

    title = _("lead unit now")
    parameter_name = HANDLED_BY_PARAMETER

    def rows(self, request):
        return HandlingUnit.objects.only("pk", "name")

    def first_rows(self, limit):
        return model_rows(HandlingUnit, (), limit)  # the same rows, by a prepared statement

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(leads_now(int(self.value())))
        return queryset


def leads_now(unit_id: int) -> Exists:
    """Whether the unit `unit_id` leads an item in its current round (an open lead
    assignment), kept per process by the unit's id (decision 586): the condition is made of
    that id alone, and building its subquery was a third of the filter's work on every
    request. Django resolves a copy of it into each list's query, leaving it as it was."""
    if not KEEP:
        return _leads_now(unit_id)
    return kept(_leads, unit_id, lambda: _leads_now(unit_id), KEPT_UNITS)


def _leads_now(unit_id: int) -> Exists:
    leads = Assignment.objects.filter(
        proposal=OuterRef("pk"),
        unit_id=unit_id,
        role=Assignment.Role.LEAD,
        is_open=True,
    )
    return Exists(leads)


KEEP = True  # Off: the condition built on every request (the tests compare)
KEPT_UNITS = 1024  # the units chosen; more, and it starts again
_leads = kept_store()
