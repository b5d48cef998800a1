"""Choices of a session's parts (sittings, agenda items, resolutions) on the admin's forms.
Their own names repeat from session to session ("1. Hear the work report"), so a form offers
only the session's own when it knows the session, and names each one's session otherwise."""

from congress_office.select_rows import ChoicesAtOnce

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
    # `in` leaves out numbers no column can hold (congress_office/lookups.py).
    return Session.objects.filter(pk__in=[int(value)]).first()


def limit_to_session(form, names, session: Session | None) -> None:
    """The form's fields `names` offer the session's rows only; with no session known, every
    session's, each named with its session. A row of another session posted anyway is refused
    by the field as not one of its choices."""
    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        if session is not None:
            field.queryset = field.queryset.filter(session=session)
        else:
            field.queryset = field.queryset.select_related("session").order_by(
                "-session__start_date", *field.queryset.model._meta.ordering[1:]
            )
            field.label_from_instance = labelled_with_session


def labelled_with_session(obj) -> str:
    return f"{obj.session} · {obj}"


def choices_at_once(form, names) -> None:
    """The form's selects `names` read their rows with `ChoicesAtOnce`."""
    for name in names:
        field = form.fields.get(name)
        if field is not None:
            field.iterator = ChoicesAtOnce
            field.widget.choices = field.choices  # as the field's queryset setter does
