"""A change page's object and its read-only inlines' rows read by statements written once per
process and run prepared (`plain_sql.execute`), the related rows the page prints joined as
`select_related` joins them. Building these statements through the ORM (a proposal with nine
relations, each inline's rows with theirs) cost the proposal's change page about a third of its
CPU, several times what PostgreSQL spent running them (decision 299).

Only what the ORM would read is read: the model admin's own queryset decides, and anything it
adds that these statements do not write (a filter, an annotation, a relation two steps away,
an ordering by an expression) sends the read back to the ORM unchanged."""

from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection
from django.forms.models import BaseInlineFormSet

from .plain_sql import columns, execute, instance, table, width


def _reverse_one(field) -> bool:
    """Whether `field` is the way back of another model's one-to-one key to this one."""
    return field.one_to_one and not field.concrete and field.auto_created


def _relations(model, names) -> tuple | None:
    """The foreign keys `names` of `model` and the ways back of other models' one-to-one keys
    (one step each), or None if one is not that."""
    fields = []
    for name in names:
        if "__" in name:
            return None
        field = model._meta.get_field(name)
        forward = field.concrete and (field.many_to_one or field.one_to_one)
        if not (forward or _reverse_one(field)):
            return None
        fields.append(field)
    return tuple(fields)


def _selected(queryset) -> tuple[str, ...] | None:
    """The relations the queryset reads with its rows (its `select_related`), None if they are
    not plain names (select_related() of every relation)."""
    chosen = queryset.query.select_related
    if chosen is False:
        return ()
    if chosen is True or any(nested for nested in chosen.values()):
        return None
    return tuple(chosen)


def _plain(queryset) -> bool:
    """Whether the queryset reads whole rows with nothing the statements below leave out."""
    query = queryset.query
    return not (
        query.where.children
        or query.annotations
        or query.extra
        or query.deferred_loading[0]
        or not query.deferred_loading[1]
        or query.distinct
        or query.is_sliced
    )


@cache
def _joined_sql(model, fields: tuple, where: str, order: str) -> str:
    """SELECT the model's columns, then each relation's, FROM its table joined to them (LEFT for
    a relation that may be empty, as select_related joins)."""
    listed = [columns(model, "t")]
    joins = []
    for n, field in enumerate(fields):
        alias = f"r{n}"
        listed.append(columns(field.related_model, alias))
        quote = connection.ops.quote_name
        if _reverse_one(field):  # the other model's row whose key names this one, if any
            key = field.field
            kind, there, here = "LEFT OUTER JOIN", key.column, key.target_field.column
        else:
            kind = "LEFT OUTER JOIN" if field.null else "INNER JOIN"
            there, here = field.target_field.column, field.column
        joins.append(
            f" {kind} {table(field.related_model)} {alias}"
            f" ON {alias}.{quote(there)} = t.{quote(here)}"
        )
    return f"SELECT {', '.join(listed)} FROM {table(model)} t{''.join(joins)} WHERE {where}{order}"


def _made(model, fields, row):
    """The model's instance from `row`, each relation set from its columns (None where the join
    found nothing), as select_related sets them."""
    made = instance(model, row)
    start = width(model)
    for field in fields:
        related = field.related_model
        value = instance(related, row, start) if row[start] is not None else None
        field.set_cached_value(made, value)
        if field.one_to_one and value is not None:  # as select_related: the way back too
            (field.field if _reverse_one(field) else field.remote_field).set_cached_value(
                value, made
            )
        start += width(related)
    return made


def object_read(queryset, pk):
    """`queryset.get(pk=pk)` (None if there is no such row) by a prepared statement, with the
    relations the queryset selects; `NotImplemented` when the queryset asks for more than that
    (the caller then asks the ORM)."""
    model = queryset.model
    selected = _selected(queryset)
    fields = None if selected is None else _relations(model, selected)
    if fields is None or not _plain(queryset):
        return NotImplemented
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    sql = _joined_sql(model, fields, f"t.{pk_column} = %s", "")
    with connection.cursor() as cursor:
        execute(cursor, sql, [pk])
        row = cursor.fetchone()
    return None if row is None else _made(model, fields, row)


def _order_by(model, ordering, skipped: str) -> str | None:
    """The clause " ORDER BY ..." of field names as the ORM writes it, the relation `skipped` (the
    same for every row read) left out; None if a name is not a plain column of the model."""
    terms = []
    for name in ordering:
        if not isinstance(name, str):
            return None
        descending = name.startswith("-")
        name = name.lstrip("-")
        if name == "pk":
            name = model._meta.pk.name
        if name == skipped:
            continue
        if "__" in name or name == "?":
            return None
        field = model._meta.get_field(name)
        if not field.concrete or field.is_relation:
            return None
        column = f"t.{connection.ops.quote_name(field.column)}"
        terms.append(f"{column} DESC" if descending else f"{column} ASC")
    return f" ORDER BY {', '.join(terms)}" if terms else ""


class PlainRowsFormSet(BaseInlineFormSet):
    """An inline formset whose rows (those of the page's object) are read by a prepared
    statement, each row's relation to the object set to the page's object itself (one object,
    not a copy of it joined to every row). As Django's: the admin's queryset filtered by the
    object, in its order (the model's, or the primary key's); any queryset these statements do
    not write (a filter such as the admin's `none()` when the inline may not be viewed, an
    ordering by a relation) is read by Django's formset."""

    def __init__(self, *args, **kwargs):
        # The admin's queryset (passed by name), before the formset filters it by the object.
        self._plain_source = kwargs.get("queryset")
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            rows = self._plain_rows()
            self._queryset = super().get_queryset() if rows is NotImplemented else rows
        return self._queryset

    def _plain_rows(self):
        source = self._plain_source
        if source is None or self.instance.pk is None or not _plain(source):
            return NotImplemented
        model = self.model
        selected = _selected(source)
        # The relation to the page's object is not joined: every row's is that object.
        joined = None if selected is None else [name for name in selected if name != self.fk.name]
        fields = None if joined is None else _relations(model, joined)
        ordering = list(source.query.order_by or model._meta.ordering)
        if not {"pk", "-pk", model._meta.pk.name, f"-{model._meta.pk.name}"} & set(ordering):
            ordering.append("pk")  # ties in the order the table's key gives
        order = _order_by(model, ordering, self.fk.name)
        # The key field must be the relation's own (its target the object's primary key).
        if fields is None or order is None or self.fk.target_field != self.instance._meta.pk:
            return NotImplemented
        fk_column = connection.ops.quote_name(self.fk.column)
        sql = _joined_sql(model, fields, f"t.{fk_column} = %s", order)
        with connection.cursor() as cursor:
            execute(cursor, sql, [self.instance.pk])
            rows = cursor.fetchall()
        made = [_made(model, fields, row) for row in rows]
        for row in made:
            self.fk.set_cached_value(row, self.instance)
        return made


class PlainObjectRead:
    """For a model admin (before `OfficeModelAdmin` in its bases): its change and history pages
    read their object, with `object_select_related`, by a prepared statement; what Django's
    `get_object` answers, None for an id that names nothing or is no id. A look-up by another
    field (`to_field`) is Django's."""

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
