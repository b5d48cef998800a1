"""Choices of a session's parts (sittings, agenda items, resolutions) on the admin's forms.
Their own names repeat from session to session ("1. Hear the work report"), so a form offers
only the session's own when it knows the session, and names each one's session otherwise."""

from django.contrib.admin.widgets import FilteredSelectMultiple, RelatedFieldWidgetWrapper
from django.db import connection

from congress_office.admin_autocomplete import every_row_shape
from congress_office.kept_select_rows import KeptRowsSelect
from congress_office.select_rows import ChoicesAtOnce
from congress_office.written_once import instances

from ..models import Session


def session_of(form, field="session") -> Session | None:
    """The session the form is about: its object's, or the one posted or asked for in the
    address (`?session=`). None while it is not known."""
    if form.instance.pk and getattr(form.instance, f"{field}_id", None):
        return getattr(form.instance, field)
    value = form.data.get(field) if form.is_bound else form.initial.get(field)
    value = getattr(value, "pk", value)
    if not str(value or "").isdigit():
        return None
    low, high = connection.ops.integer_field_range(Session._meta.pk.get_internal_type())
    if not low <= int(value) <= high:
        return None  # as `in` leaves out numbers no column can hold (congress_office/lookups.py)
    # By a statement written once (decision 372), not by the ORM on every opening.
    found = instances("a form's session", lambda pk: Session.objects.filter(pk=pk), int(value))
    return found[0] if found else None


def limit_to_session(form, names, session: Session | None) -> None:
    """The form's fields `names` offer the session's rows only; with no session known, every
    session's, each named with its session. A row of another session posted anyway is refused
    by the field as not one of its choices."""
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        if session is not None:
            every_row = field.queryset
            field.queryset = every_row.filter(session=session)
            shape = every_row_shape(every_row)
            if shape is not None and type(session.pk) is int:
                field.session_rows = (field.queryset, every_row, shape, session.pk)
        else:
            field.queryset = field.queryset.select_related("session").order_by(
                "-session__start_date", *field.queryset.model._meta.ordering[1:]
            )
            field.label_from_instance = labelled_with_session


def labelled_with_session(obj) -> str:
    return f"{obj.session} · {obj}"


class SessionRowsAtOnce(ChoicesAtOnce):
    """`ChoicesAtOnce`; the rows of one session (`limit_to_session`, the session known) of a
    field whose queryset was every row of its model in an order, by a statement written once
    per process and run with the session's key (`written_once.instances`, decision 372): the
    rows its filtered queryset reads, in its order. A queryset set on the field since is read
    as `ChoicesAtOnce` reads it."""

    def rows(self):
        read = getattr(self.field, "session_rows", None)
        if read is None or read[0] is not self.queryset:
            return super().rows()
        _queryset, every_row, shape, session_id = read
        return instances(
            ("a session's rows", *shape), lambda pk: every_row.filter(session=pk), session_id
        )


def choices_at_once(form, names) -> None:
    """The form's selects `names` read their rows with `ChoicesAtOnce` (a session's rows as
    `SessionRowsAtOnce` reads them)."""
    for name in names:
        field = form.fields.get(name)
        if field is not None:
            field.iterator = SessionRowsAtOnce
            field.widget.choices = field.choices  # as the field's queryset setter does


class KeptFilterBox(KeptRowsSelect, FilteredSelectMultiple):
    """The admin's filter box (the session's invited attendees, every row of their table):
    its markup kept by the rows read as a select's is (`kept_select_rows`, decision 440), and
    by the box's own arguments, its label and whether it is stacked."""

    def kept_by(self) -> tuple:
        return (str(self.verbose_name), self.is_stacked)


def filter_box_kept(form, name) -> None:
    """The form's filter box `name`, its rows read by `choices_at_once`, keeps its markup
    (`KeptFilterBox`); any other widget, or no such field, is left as it is."""
    field = form.fields.get(name)
    widget = getattr(field, "widget", None)
    inner = widget.widget if isinstance(widget, RelatedFieldWidgetWrapper) else widget
    if type(inner) is FilteredSelectMultiple:
        inner.__class__ = KeptFilterBox
