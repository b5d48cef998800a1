"""The delegates' lists' filters by a delegation or a committee member: their rows read by a
statement written once per process (decision 355).

The office's filters read a related model's rows by a statement written once when they are
ordered by the model's own columns (`admin_filters.model_rows`); delegations and committee
members are ordered by their term first, whose start date is in another table, so their rows
were read through the ORM on every list, its writing of the statement costing more than the
database's answer (0.55 against 0.21 ms of CPU for the first eleven delegations). Read here
by `written_once.fixed_rows`: the same statement, the same rows, in the same order; their
choices (key and label) kept by the rows read (`kept_filter_choices`, decision 448)."""

from django.db import models

from congress_office.admin_filters import FindFilter, RelatedFilter
from congress_office.kept_filter_choices import choices_of
from congress_office.written_once import fixed_instances, fixed_rows


def kept_rows(rows, limit: int | None = None) -> list | None:
    """The rows of `rows` (a related model's rows in a filter's order: no condition), up to
    `limit`, read by a statement written once per process, as their choices (key and label);
    None when `rows` has a condition or its model's own manager (the caller reads as Django
    does)."""
    model = rows.model
    query = rows.query
    order = tuple(query.order_by)
    if (
        query.where
        or type(model._default_manager) is not models.Manager
        or not all(isinstance(name, str) for name in order)
    ):
        return None
    # everything the statement depends on: the model, the order, the limit
    key = ("filter rows", model._meta.label, order, limit)

    # written from a copy: `rows` itself may have been read (a read queryset slices as a list)
    def build():
        return rows.all() if limit is None else rows.all()[:limit]

    read = fixed_rows(key, build)
    if read is None:  # the statement is not kept: read as written
        return fixed_instances(key, build)
    return choices_of(key, *read)


def _related_rows(field, ordering):
    """The rows a filter by the relation `field` lists, as `Field.get_choices` reads them."""
    rows = field.remote_field.model._default_manager.complex_filter(field.get_limit_choices_to())
    return rows.order_by(*ordering) if ordering else rows


class KeptRowsFilter(RelatedFilter):
    """A filter by a related field (`list_filter = [("member", KeptRowsFilter)]`) whose rows
    are ordered through another table: Django's choices, their rows read by `kept_rows`."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        if not field.remote_field.get_related_field().primary_key:
            return super().field_choices(field, request, model_admin)
        # Read once a request, as the office's filters' (with the counts shown Django makes
        # the list's filters again for each filter's counts).
        read = request.__dict__.setdefault("_delegates_filter_rows", {})
        key = (type(model_admin), self.field_path)
        if key not in read:
            rows = kept_rows(_related_rows(field, ordering))
            if rows is None:
                return super().field_choices(field, request, model_admin)
            read[key] = [(row.pk, str(row)) for row in rows]
        return read[key]


class KeptFindFilter(FindFilter):
    """`FindFilter` (`list_filter = [("delegation", KeptFindFilter)]`) whose first rows, when
    nothing is typed, are read by `kept_rows` when the office's own read cannot read them."""

    def find_rows(self, request, rows, chosen_values, first=None):
        def first_kept(limit):
            found = first(limit)  # the office's read, None when it cannot
            return kept_rows(rows, limit) if found is None else found

        kept = None if first is None else first_kept
        return super().find_rows(request, rows, chosen_values, kept)
