"""A change form's fieldset kept per process by what it shows, its widgets of related rows
written on every opening (decision 505): the same markup.

The session's change page wrote its one fieldset (12 lines) on every opening through
`office_form.written_fieldset`: Django's `Fieldline`, `AdminField` and `AdminReadonlyField` for
each field, each label, each input and each read-only value, some 1.2–2 ms of a 9–15 ms page
(decision 492). Unlike the item's (decision 470, every field read-only), it holds the form's own
inputs. Kept here for an admin that says so (`fieldset_kept = True`), for a form not posted, of
a class kept per process (`kept_form_classes.is_kept`: the class stands for its fields, widgets,
read-only fields, the relations' wrappers' links by the account's permissions asked, the
language and the URLconf), keyed by:

- the admin's class and site, the fieldset's lines, read-only fields, name, classes and
  description and place, `language_key` (language, script prefix, URLconf, escaping), the
  current time zone, and the form's prefix, ids and label suffix;
- each input's value as the form shows it (`BoundField.value()`: the object's own, as
  `model_to_dict` reads it), its field's required and disabled flags and its widget's class
  and attributes (a form's `__init__` may change them for one object), and each hole's
  widget's class and label's id; any other attribute of a field or an input's widget (a label,
  a help text, a select's choices, a picker's required flag) changed by the form's `__init__`
  from its class's and the fieldset is written as before (decision 605);
- for the read-only fields, as the item's: the object's every column, each related row by its
  key and its name (what its link shows), and the admin's own read-only methods it names as
  showing its object's columns and addresses alone (`fieldset_own_methods`: asking them
  would cost half a millisecond, decision 607). A read-only field of anything else (a
  many-to-many's rows, which a reader who may not change the session sees as text, an admin's
  method not named) and the fieldset is written as before.

A widget of related rows (a picker, a select or box of rows: a `ModelChoiceField`'s) shows rows
the object's columns do not say (a delegate renamed, an attendee added): it is left out of the
kept markup, a hole its field's widget fills on every opening, written as before (each keeps
its own markup by the rows it reads, decisions 440 and 441). The kept markup is made once with
a mark in each hole and kept as the pieces between them.
`tests/sessions/test_session_fieldset_kept.py` compares pages with `KEEP` off."""

from django.forms import ModelChoiceField
from django.utils.safestring import mark_safe
from django.utils.timezone import get_current_timezone_name

from congress_office.kept_form_classes import is_kept
from congress_office.kept_text import kept, kept_store, language_key

KEEP = True  # Off: written on every opening (the tests compare)
AT_MOST = 512  # kept fieldsets: the sessions opened lately, by language and permissions

_fieldsets = kept_store()
_HOLE = "\x00kept-fieldset-hole\x00"  # never in a page: a control character


def fieldset_written(context, fieldset, place: tuple, write) -> str:
    """`write()`, the fieldset's markup at `place` (its heading's level and ids), kept as the
    module's docstring says when it may be."""
    key = _key(context, fieldset, place) if KEEP else None
    if key is None:
        return write()
    live = _live(fieldset)
    pieces = kept(_fieldsets, key, lambda: _with_holes(fieldset, live, write), AT_MOST)
    if pieces is None:  # a hole's mark not found where it stood: written as before
        return write()
    form = fieldset.form
    parts = [pieces[0]]
    for name, piece in zip(live, pieces[1:], strict=True):
        parts.append(str(form[name]))
        parts.append(piece)
    return mark_safe("".join(parts))


def _names(fieldset) -> list:
    return [
        name
        for line in fieldset.fields
        for name in (line if isinstance(line, list | tuple) else (line,))
    ]


def _live(fieldset) -> list:
    """The fieldset's inputs whose widgets show related rows, in the order they are written."""
    form, readonly = fieldset.form, set(fieldset.readonly_fields)
    return [
        name
        for name in _names(fieldset)
        if name not in readonly and isinstance(form.fields[name], ModelChoiceField)
    ]


def _with_holes(fieldset, live: list, write):
    """The fieldset written with a mark in place of each live widget, cut at the marks."""
    form = fieldset.form
    cache = form._bound_fields_cache
    own = {name: cache.get(name) for name in live}
    for name in live:
        bound = form[name]
        hole = type("Hole", (type(bound),), {"__str__": lambda self: _HOLE})
        stand_in = bound.__class__.__new__(hole)
        stand_in.__dict__.update(vars(bound))
        cache[name] = stand_in
    try:
        pieces = str(write()).split(_HOLE)
    finally:
        for name, bound in own.items():
            if bound is None:
                cache.pop(name, None)
            else:
                cache[name] = bound
    return tuple(pieces) if len(pieces) == len(live) + 1 else None


def _key(context, fieldset, place: tuple):
    """What the fieldset's markup is made of besides its live widgets, or None."""
    parts = _parts(context, fieldset, place)
    if parts is None:
        return None
    key = tuple(parts.values())
    try:
        hash(key)
    except TypeError:  # a value that cannot be a key
        return None
    return key


def _parts(context, fieldset, place: tuple) -> dict | None:
    """The key's parts by name (the tests leave one out to show that it is needed)."""
    model_admin, form = fieldset.model_admin, fieldset.form
    if not getattr(model_admin, "fieldset_kept", False) or form.is_bound:
        return None
    if not is_kept(type(form)):
        return None
    obj = form.instance
    if obj.pk is None:
        return None
    readonly = tuple(fieldset.readonly_fields)
    columns = obj._meta.concrete_fields
    shown = {column.name for column in columns}
    own_methods = getattr(model_admin, "fieldset_own_methods", ())
    for name in _names(fieldset):
        if name in readonly and name not in shown and name not in own_methods:
            # A read-only value not of its columns (a many-to-many's rows), or of an admin's
            # method it does not name as showing its columns and addresses alone (decision 607)
            return None
    inputs, holes = [], []
    for name in _names(fieldset):
        if name in readonly:
            continue
        field = form.fields[name]
        hole = isinstance(field, ModelChoiceField)
        if not _as_its_class(field, type(form).base_fields.get(name), hole):
            return None  # changed by the form's `__init__`: what else it shows is not known
        widget = field.widget
        if hole:  # written on every opening; its label's and help's ids and row's class kept
            holes.append((name, type(widget), widget.is_hidden, form[name].id_for_label))
            continue
        inputs.append((
            name,
            form[name].value(),
            field.required,
            field.disabled,
            type(widget),
            tuple(widget.attrs.items()),
        ))  # fmt: skip
    return {
        "admin": (type(model_admin), model_admin.admin_site.name),
        "form class": type(form),  # kept: its fields, widgets, wrappers' links, language
        "lines": tuple(tuple(line) if isinstance(line, list) else line for line in fieldset.fields),
        "read-only": readonly,
        "fieldset": (fieldset.name, fieldset.classes, fieldset.description, place),
        "form": (form.prefix, form.auto_id, form.label_suffix, form.use_required_attribute),
        "language": language_key(context),
        "time zone": get_current_timezone_name(),
        "inputs": tuple(inputs),
        "holes": tuple(holes),
        "columns": tuple(getattr(obj, column.attname) for column in columns),
        # The related rows the read-only fields link to (never a picker's: a hole).
        "related": tuple(
            _related(obj, column)
            for column in columns
            if column.is_relation and column.name in readonly
        ),
    }


# What a form's field copies from its class's field as the form is made (Django's
# `Field.__deepcopy__`, `ChoiceField`'s): its widget, error messages, validators and choices.
_COPIED = frozenset({"widget", "error_messages", "validators", "_choices"})
# And a field of related rows' (a hole's): its rows and how they are read, which its widget,
# written on every opening, shows (`choices_at_once` sets them for the page).
_ROWS = _COPIED | {"_queryset", "iterator"}


def _as_its_class(field, made, hole: bool) -> bool:
    """Whether the form's field is its class's as the form made it (decision 605): its label,
    help text, flags and every other attribute the same objects, and, for an input, its widget
    the same but for its attributes (in the key) and its choices equal. A form's `__init__`
    that changes any of them for one object or reader (a help text, a select's choices, a
    picker's required flag) and the fieldset is written as before: the key does not hold
    what it was changed by."""
    if made is None or type(field) is not type(made):
        return False
    own, its = vars(field), vars(made)
    skipped = _ROWS if hole else _COPIED
    if own.keys() != its.keys() or any(
        value is not its[name] for name, value in own.items() if name not in skipped
    ):
        return False
    if hole:
        return True
    if own.get("_choices") != its.get("_choices"):
        return False
    widget, its_widget = field.widget, made.widget
    if type(widget) is not type(its_widget):
        return False
    own, its = vars(widget), vars(its_widget)
    return own.keys() == its.keys() and all(
        value is its[name] or (name == "choices" and value == its[name])
        for name, value in own.items()
        if name != "attrs"  # in the key
    )


def _related(obj, column):
    """A related row as its link shows it: its key and its name (None when there is none)."""
    row = getattr(obj, column.name)
    return None if row is None else (row.pk, str(row))
