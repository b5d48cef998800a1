"""The change lists' filters by a related object (a unit, a session, a term...), their links
made from one query string each instead of one a choice (decision 199).

Django's filters build each choice's link with `ChangeList.get_query_string`, which copies
the list's parameters, sorts and encodes them: two hundred units' links were a tenth of the
proposals list's time (decision 173) and most of the assignments list's sidebar. Here the
filter reads a change list whose `get_query_string` for one value of the filter's own
parameter is the link made once with a stand-in value, the value put in its place; Django's
own `choices` does the rest (which is selected, "All", the empty choice, the facets).

With the counts shown ("Show counts", `?_facets=True`), such a filter counts its choices'
rows in one grouped query instead of Django's one filtered count per choice in an aggregate:
two hundred units' counts were two hundred expressions for Django to build and for the
database to test on every row (decision 220)."""

import re

from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter
from django.db.models import Count

STAND_IN = "0choice0"
# Values written into a query string as they are (urlencode leaves them alone).
PLAIN = re.compile(r"[A-Za-z0-9]+")


class ChoiceLinks:
    """The change list as a filter's choices read it: `get_query_string` setting only
    `parameter` to a plain value (an id) is made once for each set of removed parameters."""

    def __init__(self, changelist, parameter: str):
        self._changelist = changelist
        self._parameter = parameter
        self._made = {}  # removed parameters: (text before the value, text after) or None

    def __getattr__(self, name):
        return getattr(self._changelist, name)

    def get_query_string(self, new_params=None, remove=None):
        value = str((new_params or {}).get(self._parameter, ""))
        if list(new_params or ()) != [self._parameter] or not PLAIN.fullmatch(value):
            return self._changelist.get_query_string(new_params, remove)
        key = tuple(remove or ())
        if key not in self._made:
            link = self._changelist.get_query_string({self._parameter: STAND_IN}, remove)
            self._made[key] = tuple(link.split(STAND_IN)) if link.count(STAND_IN) == 1 else None
        if self._made[key] is None:  # the stand-in is in the list's own parameters too
            return self._changelist.get_query_string(new_params, remove)
        before, after = self._made[key]
        return f"{before}{value}{after}"


class OneLinkChoices:
    """For a filter: Django's choices, their links made by `ChoiceLinks`."""

    def choice_parameter(self) -> str:
        return self.parameter_name

    def choices(self, changelist):
        yield from super().choices(ChoiceLinks(changelist, self.choice_parameter()))


class RelatedFilter(OneLinkChoices, admin.RelatedFieldListFilter):
    """Every list's filter by a related field (`list_filter = ["unit"]`)."""

    def choice_parameter(self) -> str:
        return self.lookup_kwarg

    def field_choices(self, field, request, model_admin):
        """Django's choices, read once a request: with the counts shown Django makes the
        list's filters again for each filter's counts (the units read four times)."""
        read = request.__dict__.setdefault("_office_filter_choices", {})
        key = (type(model_admin), self.field_path)
        if key not in read:
            read[key] = super().field_choices(field, request, model_admin)
        return read[key]

    def get_facet_queryset(self, changelist):
        """Django's facet counts ({"<pk>__c": rows, "__c": rows without one}) from one query
        grouped by the related key. A list whose rows are already grouped (an aggregate in
        its queryset) or made distinct is counted as Django counts it."""
        rows = changelist.get_queryset(self.request, exclude_parameters=self.expected_parameters())
        if rows.query.group_by is not None or rows.query.distinct:
            return super().get_facet_queryset(changelist)
        key = self.lookup_kwarg.removesuffix("__exact")
        grouped = rows.order_by().values(key).annotate(rows=Count(changelist.pk_attname))
        counted = {group[key]: group["rows"] for group in grouped}
        counts = {f"{pk}__c": counted.get(pk, 0) for pk, _label in self.lookup_choices}
        if self.include_empty_choice:
            counts["__c"] = counted.get(None, 0)
        return counts


# Ahead of Django's own for every relation named in a `list_filter`.
FieldListFilter.register(lambda f: f.remote_field, RelatedFilter, take_priority=True)
