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
from functools import cache

from django.contrib import admin
from django.contrib.admin.filters import FieldListFilter
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models
from django.db.models import Count
from django.utils.translation import pgettext_lazy

from congress_office import plain_sql
from congress_office.kept_counts import grouped_counts
from congress_office.kept_filter_choices import choices_of

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

    # The rows with no such related row: Django shows its empty cell's "-", which on a filter
    # ("By session: -") reads as a stray mark, not as a choice.
    empty_value_display = pgettext_lazy("a list's filter: the rows that have none", "None")

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = type(self).empty_value_display  # Django sets the cell's

    def choice_parameter(self) -> str:
        return self.lookup_kwarg

    def field_choices(self, field, request, model_admin):
        """Django's choices, read once a request: with the counts shown Django makes the
        list's filters again for each filter's counts (the units read four times). The rows
        are read by a statement written once (`plain_rows`) when Django's read is a plain one."""
        read = request.__dict__.setdefault("_office_filter_choices", {})
        key = (type(model_admin), self.field_path)
        if key not in read:
            ordering = self.field_admin_ordering(field, request, model_admin)
            rows = plain_rows(field, ordering)
            if rows is None:
                read[key] = super().field_choices(field, request, model_admin)
            else:  # `Field.get_choices`'s pairs
                read[key] = [(row.pk, row.label) for row in rows]
        return read[key]

    def get_facet_queryset(self, changelist):
        """Django's facet counts ({"<pk>__c": rows, "__c": rows without one}) from one query
        grouped by the related key. A list whose rows are already grouped (an aggregate in
        its queryset) or made distinct is counted as Django counts it."""
        rows = changelist.get_queryset(self.request, exclude_parameters=self.expected_parameters())
        if rows.query.group_by is not None or rows.query.distinct:
            return super().get_facet_queryset(changelist)
        key = self.lookup_kwarg.removesuffix("__exact")
        # by a statement written once (decision 449), or as the ORM writes it
        counted = grouped_counts(rows, key, changelist.pk_attname)
        if counted is None:
            grouped = rows.order_by().values(key).annotate(rows=Count(changelist.pk_attname))
            counted = {group[key]: group["rows"] for group in grouped}
        counts = {f"{pk}__c": counted.get(pk, 0) for pk, _label in self.lookup_choices}
        if self.include_empty_choice:
            counts["__c"] = counted.get(None, 0)
        return counts


def plain_rows(field, ordering, limit: int | None = None) -> list | None:
    """The rows a filter by the relation `field` lists, in `ordering` (its admin's, or the
    model's own when none), as `Field.get_choices` reads them (up to `limit`), as their
    choices (`kept_filter_choices.Choice`: key and label): see `model_rows`. None when
    Django's read is not a plain one (choices limited, a relation to another field than the
    key): the caller reads as Django does."""
    if (
        not isinstance(field, models.ForeignKey)
        or field.get_limit_choices_to()
        or not field.remote_field.get_related_field().primary_key
    ):
        return None
    return model_rows(field.remote_field.model, ordering, limit)


def model_rows(model, ordering, limit: int | None = None) -> list | None:
    """`model`'s rows in `ordering` (the model's own when none), up to `limit`, as its default
    manager reads them, by a statement written once per process and run prepared
    (`plain_sql`): the ORM's building of a filter's read cost more than the database's answer,
    on every list and every request (decision 301). Given as their choices (key and label),
    kept by the rows read (`kept_filter_choices`, decision 448). None when the manager is one
    of the model's own or the ordering is not of the model's own fields."""
    sql = _rows_sql(model, tuple(ordering or ()), limit is not None)
    if sql is None:
        return None
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, sql, () if limit is None else (limit,))
        rows = cursor.fetchall()
    return choices_of(
        ("model rows", model._meta.label, sql, limit),
        rows,
        lambda: [plain_sql.instance(model, row) for row in rows],
    )


@cache
def _rows_sql(model, ordering: tuple, limited: bool) -> str | None:
    if type(model._default_manager) is not models.Manager or model._meta.parents:
        return None
    order = _order_by(model, ordering or tuple(model._meta.ordering))
    if order is None:
        return None
    sql = f"SELECT {plain_sql.columns(model, 'r')} FROM {plain_sql.table(model)} r{order}"
    return f"{sql} LIMIT %s" if limited else sql


def _order_by(model, ordering: tuple) -> str | None:
    """` ORDER BY r.col ASC, ...` as the ORM writes `ordering` of the model's own fields
    (`-name` descending, `pk`), "" for none, None for anything else (a relation's field, an
    expression, a random order)."""
    terms = []
    for name in ordering:
        if not isinstance(name, str):
            return None
        field_name = name.removeprefix("-")
        try:
            field = model._meta.pk if field_name == "pk" else model._meta.get_field(field_name)
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.is_relation or field.model is not model:
            return None
        direction = "DESC" if name.startswith("-") else "ASC"
        terms.append(f"r.{connection.ops.quote_name(field.column)} {direction}")
    return f" ORDER BY {', '.join(terms)}" if terms else ""


# Ahead of Django's own for every relation named in a `list_filter`.
FieldListFilter.register(lambda f: f.remote_field, RelatedFilter, take_priority=True)


class FindsRows:
    """For a filter by rows the office has hundreds or thousands of (handling units,
    sessions): instead of a link for every row (1,000 units and 250 sessions at 100,000
    items, a sidebar that grew with the office), the first few rows in their admin's order,
    the ones chosen, and a box that finds the others by the words typed, searched as the
    rows' own admin list searches them (decision 272). The links are the filter's own, so
    "All", the chosen row, the empty choice and the counts work as before: the same size
    and two queries at most, however many rows there are.

    The words typed are one of the filter's parameters (so that Django takes them from the
    list's lookups, and the security trail's wording of an export sees them as the filter's),
    but they filter nothing: they only choose which rows the filter lists."""

    template = "admin/office_find_filter.html"
    shown = 10  # rows listed; when more are found the filter says to type (more)

    def set_find_parameter(self, params, name: str) -> None:
        self.find_kwarg = f"{name}__find"
        typed = params.get(self.find_kwarg) or ""
        self.find_text = (typed[-1] if isinstance(typed, list) else typed).strip()
        self.more = False

    def has_output(self):
        return True  # the box, even when nothing typed is found

    def find_rows(self, request, rows, chosen_values, first=None) -> list:
        """The rows chosen (not already among those found), then up to `shown` found.
        `first(limit)`, when given, reads the first rows of `rows` when nothing is typed."""
        found = rows
        if self.find_text:
            rows_admin = self.model_admin.admin_site.get_model_admin(rows.model)
            found, distinct = rows_admin.get_search_results(request, rows, self.find_text)
            if distinct:
                found = found.distinct()
        elif first is not None:
            found = first(self.shown + 1)
        if found is None:  # `first` could not read them
            found = rows
        found = list(found[: self.shown + 1])
        self.more = len(found) > self.shown
        found = found[: self.shown]
        chosen = _ids(rows.model, chosen_values) - {row.pk for row in found}
        return (list(rows.filter(pk__in=chosen)) if chosen else []) + found

    def chosen_words(self) -> str:
        """The chosen rows' labels, for the security trail's wording of an export (the words
        typed filter nothing)."""
        chosen = set(map(str, self.chosen_values()))
        labels = [str(label) for pk, label in self.lookup_choices if str(pk) in chosen]
        if getattr(self, "lookup_val_isnull", None):
            labels.append(str(self.empty_value_display))
        return "、".join(labels)

    def choices(self, changelist):
        # The box keeps the list's other parameters (filters, order, search, counts shown)
        # as hidden fields; a new search starts on the first page.
        self.kept_parameters = [
            (name, value)
            for name, value in changelist.params.items()
            if name not in (self.find_kwarg, PAGE_VAR)
        ]
        yield from super().choices(changelist)


def _ids(model, values) -> set:
    """The ids among `values` (a hand-made value is the filter's own query's to refuse)."""
    ids = set()
    for value in values or ():
        try:
            ids.add(model._meta.pk.to_python(value))
        except ValidationError:
            continue
    return ids


class FindFilter(FindsRows, RelatedFilter):
    """A filter by a related field with a row for each of hundreds or thousands
    (`list_filter = [("lead_unit", FindFilter)]`): see `FindsRows`."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.model_admin = model_admin
        self.set_find_parameter(params, field_path)
        super().__init__(field, request, params, model, model_admin, field_path)

    def expected_parameters(self):
        return [*super().expected_parameters(), self.find_kwarg]

    def queryset(self, request, queryset):
        used = self.used_parameters
        self.used_parameters = {k: v for k, v in used.items() if k != self.find_kwarg}
        try:
            return super().queryset(request, queryset)
        finally:
            self.used_parameters = used

    def chosen_values(self) -> list:
        return self.lookup_val or []

    def field_choices(self, field, request, model_admin):
        # Read once a request, as RelatedFilter's (Django makes the filters again for counts).
        read = request.__dict__.setdefault("_office_filter_choices", {})
        key = (type(model_admin), self.field_path)
        if key not in read:
            related = field.remote_field.model
            rows = related._default_manager.complex_filter(field.get_limit_choices_to())
            ordering = self.field_admin_ordering(field, request, model_admin)
            if ordering:
                rows = rows.order_by(*ordering)
            found = self.find_rows(
                request,
                rows,
                self.chosen_values(),
                lambda limit: plain_rows(field, ordering, limit),
            )
            read[key] = ([(row.pk, str(row)) for row in found], self.more)
        choices, self.more = read[key]
        return choices


class FindSimpleFilter(FindsRows, OneLinkChoices, admin.SimpleListFilter):
    """A SimpleListFilter of rows (its `rows(request)`, in order) found by typing: see
    `FindsRows`. `lookups` lists the rows found; `queryset` is the subclass's, by `value()`."""

    def __init__(self, request, params, model, model_admin):
        self.model_admin = model_admin
        self.set_find_parameter(params, self.parameter_name)
        super().__init__(request, params, model, model_admin)
        if self.find_kwarg in params:  # taken from the lookups, as the filter's own
            self.used_parameters[self.find_kwarg] = params.pop(self.find_kwarg)

    def expected_parameters(self):
        return [self.parameter_name, self.find_kwarg]

    def rows(self, request):
        raise NotImplementedError

    def chosen_values(self) -> list:
        return [self.value()] if self.value() else []

    def first_rows(self, limit: int) -> list | None:
        """The first `limit` of `rows` when nothing is typed, read more cheaply than by
        `rows`' queryset (`model_rows`), or None to read them from `rows`."""
        return None

    def lookups(self, request, model_admin):
        found = self.find_rows(request, self.rows(request), self.chosen_values(), self.first_rows)
        return [(str(row.pk), str(row)) for row in found]
