"""`{% list_dates cl %}`: Django's `{% date_hierarchy cl %}` (its template, its choices and
links) whose choices with no date chosen are read in one query, none for an empty list
(decision 424).

With no date chosen Django reads the list's first and last dates (to start at a year's months
when they share a year, at a month's days when they share a month), then those years, months
or days: two queries on every opening. The list's months tell the same: several years are
shown as the years, one year as its months, and only a list within one month reads its days
(as Django reads them). An empty list (its count is read before) has no dates to read."""

from types import SimpleNamespace

from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import get_fields_from_path
from django.db import models

register = template.Library()


def list_dates(cl):
    name = cl.date_hierarchy
    year_field, month_field = f"{name}__year", f"{name}__month"
    if not name or any(cl.params.get(f"{name}__{part}") for part in ("year", "month", "day")):
        return admin_list.date_hierarchy(cl)
    field = get_fields_from_path(cl.model, name)[-1]
    kind = "datetimes" if isinstance(field, models.DateTimeField) else "dates"
    months = list(getattr(cl.queryset, kind)(name, "month")) if cl.result_count else []
    years = list(dict.fromkeys(month.year for month in months))  # in order, as read
    if len(years) == 1:  # Django starts at the year's months, or at its one month's days
        if len(months) == 1:  # the month's days, read as Django reads them
            shown = _as_chosen(cl, {year_field: years[0], month_field: months[0].month})
        else:  # the year's months, as read
            read = SimpleNamespace(**{kind: lambda name, period: months})
            shown = _as_chosen(cl, {year_field: years[0]}, read)
        return admin_list.date_hierarchy(shown)
    return {
        "show": True,
        "back": None,
        "choices": [
            {
                "link": cl.get_query_string({year_field: str(year)}, [f"{name}__"]),
                "title": str(year),
            }
            for year in years
        ],
    }


def _as_chosen(cl, chosen: dict, queryset=None):
    """`cl` as Django's date hierarchy sees it when the dates `chosen` were its parameters
    (its links are the list's own: they are written from its filters, not its parameters),
    its dates read from `queryset` when given."""
    seen = vars(cl) | {"params": {**cl.params, **chosen}, "get_query_string": cl.get_query_string}
    if queryset is not None:
        seen["queryset"] = queryset
    return SimpleNamespace(**seen)


@register.tag(name="list_dates")
def list_dates_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=list_dates, template_name="date_hierarchy.html", takes_context=False
    )
