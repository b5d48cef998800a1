"""A change page's object and its inlines' rows read by statements written once per process
(`written_once.instances`: the ORM's own query, run prepared). Building these statements
through the ORM on every opening (a proposal with nine relations, each inline's rows with
theirs) cost the proposal's change page about a third of its CPU, several times what
PostgreSQL spent running them (decisions 297, 299, 324).

Only what the ORM would read is read: the model admin's own queryset decides. A statement is
kept by the shape of that queryset (its model, the relations it selects, its ordering), so
only a queryset whose statement that shape decides is read so: one with a filter, an
annotation, deferred fields, a slice or `distinct` (the `none()` of an inline the user may not
view, a department's scoping) goes to the ORM unchanged."""

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .written_once import instances
from .written_together import instances_together

# Off: every inline's rows read through the ORM (the tests compare both ways).
ROWS_READ = True


def _plain(queryset) -> bool:
    """Whether the queryset's statement is decided by its model, selected relations and
    ordering alone."""
    query = queryset.query
    return not (
        query.where.children
        or query.annotations
        or query.extra
        or query.deferred_loading[0]
        or not query.deferred_loading[1]
        or query.distinct
        or query.is_sliced
        or queryset._prefetch_related_lookups
    )


def _frozen(selected):
    """`query.select_related` (False, True or nested names) as a key."""
    if isinstance(selected, dict):
        return tuple(sorted((name, _frozen(inner)) for name, inner in selected.items()))
    return selected


def object_read(queryset, pk):
    """`queryset.get(pk=pk)` (None if there is no such row), with the relations the queryset
    selects, by a statement written once; `NotImplemented` when the queryset is not plain
    (the caller then asks the ORM)."""
    if not _plain(queryset) or type(pk) is not int:
        return NotImplemented
    model = queryset.model
    key = ("change page object", model._meta.label, _frozen(queryset.query.select_related))
    # As `get`: without the list's ordering, which its statement would not use.
    read = instances(key, lambda pk: queryset.filter(pk=pk).order_by(), pk)
    return read[0] if read else None


class PlainRowsFormSet(BaseInlineFormSet):
    """An inline formset whose rows, when it is shown unbound for a saved object, are read by a
    statement written once: the admin's queryset filtered by the object, in its order (the
    model's, its relation to the object left out as the same for every row, ties by the key),
    with the relations it selects; each row's relation to the object is the page's object
    itself (one object, not a copy of it joined to every row). The formset keeps its
    queryset, those rows its result: whatever else reads it (its length, a copy filtered
    again) sees what the ORM would have read. A page posted, and any queryset that is not
    plain, is read by Django's formset; what is saved, and how it is checked, is Django's.

    A subclass may name `read_rows` (a static method of the page's object) for a queryset
    not plain (a committee's members, prefetched): it returns the very rows, in the very
    order, with what the queryset reads with them."""

    read_rows = None

    def __init__(self, *args, **kwargs):
        # The admin's queryset (passed by name), before the formset filters it by the object.
        source = self._plain_source = kwargs.get("queryset")
        if source is not None and ROWS_READ and self.read_rows is None and _plain(source):
            # Django's filter by the object (46 µs of the ORM's building each) deferred until
            # something reads the queryset's query: the rows are read by the statement written
            # once, and whatever reads the queryset otherwise filters it first (decision 600).
            kwargs["queryset"] = deferred = source._chain()
            deferred._defer_next_filter = True
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        first = not hasattr(self, "_queryset")
        if first and self.queryset is not None and self._ordered_as_source():
            # Django's `get_queryset` keeps an ordered queryset as it is; asked of the source
            # (the filter by the object orders nothing), the filter stays deferred.
            self._queryset = self.queryset
        queryset = super().get_queryset()
        if first and ROWS_READ and not self.is_bound and self.instance.pk is not None:
            rows = NotImplemented
            if self.read_rows is not None:
                if not queryset.query.is_empty():
                    rows = list(self.read_rows(self.instance))
            else:
                # Read with the page's other inlines' rows (`read_together`), or alone.
                rows = self.__dict__.pop("_rows_read", NotImplemented)
                if rows is NotImplemented:
                    rows = self._rows_written_once()
            if rows is not NotImplemented:
                queryset._result_cache, queryset._prefetch_done = rows, True
        return queryset

    def _ordered_as_source(self) -> bool:
        source = self._plain_source
        return source is not None and self.queryset._deferred_filter is not None and source.ordered

    def _rows_written_once(self):
        query = self._rows_query()
        if query is NotImplemented:
            return NotImplemented
        return self._rows_of_object(instances(*query, self.instance.pk))

    def _rows_query(self):
        """(key, build) of the statement written once that reads the rows, or
        NotImplemented."""
        source, fk, model = self._plain_source, self.fk, self.model
        # The key must be the relation's own (its target the object's primary key).
        if source is None or not _plain(source) or fk.target_field != self.instance._meta.pk:
            return NotImplemented
        selected = source.query.select_related
        if selected is True or (selected and selected.get(fk.name)):
            return NotImplemented  # every relation, or the object's own through each row
        joined = {name: inner for name, inner in (selected or {}).items() if name != fk.name}
        ordering = [
            name
            for name in source.query.order_by or model._meta.ordering
            if name not in (fk.name, f"-{fk.name}")
        ]
        if not all(isinstance(name, str) for name in ordering):
            return NotImplemented
        if not {"pk", "-pk", model._meta.pk.name, f"-{model._meta.pk.name}"} & set(ordering):
            ordering.append("pk")  # ties in the order the table's key gives

        def build(pk):
            queryset = source.filter(**{fk.name: pk}).order_by(*ordering)
            queryset.query.select_related = joined or False
            return queryset

        key = ("inline rows", model._meta.label, fk.name, _frozen(joined), tuple(ordering))
        return key, build

    def _rows_of_object(self, rows: list) -> list:
        for row in rows:
            self.fk.set_cached_value(row, self.instance)
        return rows

    def _query_now(self):
        """`_rows_query`, for a formset whose rows `get_queryset` would read now by it;
        NotImplemented otherwise."""
        if (
            hasattr(self, "_queryset")
            or not ROWS_READ
            or self.is_bound
            or self.instance.pk is None
            or self.read_rows is not None
        ):
            return NotImplemented
        return self._rows_query()


def read_together(formsets) -> None:
    """The rows of a page's inline formsets that would each read theirs by a statement
    written once, read by one statement (`written_together`, decision 597), each formset's
    queryset then holding its own as before. Each formset's queryset is still the admin's own
    (its permissions, per object), and decides alone whether it is read so."""
    reads = []
    for formset in formsets:
        if isinstance(formset, PlainRowsFormSet):
            query = formset._query_now()
            if query is not NotImplemented:
                reads.append((formset, query))
    if len(reads) < 2 or len({formset.instance.pk for formset, _query in reads}) != 1:
        return
    read = instances_together([query for _formset, query in reads], reads[0][0].instance.pk)
    for (formset, _query), rows in zip(reads, read, strict=True):
        formset._rows_read = formset._rows_of_object(rows)


class InlineRowsTogether:
    """For a model admin (before `OfficeModelAdmin` in its bases): its change page's inlines'
    rows read by one statement (`read_together`) rather than one each."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        read_together(formsets)
        return super().get_inline_formsets(request, formsets, inline_instances, obj)


class PlainObjectRead:
    """For a model admin (before `OfficeModelAdmin` in its bases): its change and history pages
    read their object, with `object_select_related`, by a statement written once; what
    Django's `get_object` answers, None for an id that names nothing or is no id. A look-up
    by another field (`to_field`) is Django's."""

    def get_object(self, request, object_id, from_field=None):
        if from_field is None:
            queryset = self.object_queryset(request)
            if self.object_select_related:  # select_related() alone would join every relation
                queryset = queryset.select_related(*self.object_select_related)
            try:
                pk = queryset.model._meta.pk.to_python(object_id)
            except (ValidationError, ValueError):
                return None
            read = object_read(queryset, pk)
            if read is not NotImplemented:
                return read
        return super().get_object(request, object_id, from_field)

    def object_queryset(self, request):
        """Where the page's object is read from: the admin's queryset, unless the admin says
        what of it the change page does without (a list's annotation, say)."""
        return self.get_queryset(request)
