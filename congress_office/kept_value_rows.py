"""The rows of an inline written from values (decision 359) kept per process, keyed by what
each row shows (decision 473): the same markup.

A closed evaluation's change page wrote its four read-only inlines' 18 rows on every opening
(the key's and the link's hidden inputs, each value localized and escaped, the row's heading
in words): a sixth of the page's CPU, the same text for the same rows. A row written from its
object shows its object's values, those of the relations read with it (its link to the page's
object, a user read by `select_related` for a name) and the inline's own read-only methods of
those (`user_name_field`, a round's void mark); its heading, the object in words, is made of
the same (a subject's name and post, a status change's statuses and its evaluation's title).
So, for an inline that says its cells and its rows' words show nothing else
(`value_rows_kept = True`), a row is kept by:

- its inline's class, admin site, formset class and prefix, its place (the index in its
  inputs' names, whether it is the last row), the admin formset's add and delete permissions
  and the formset's deletion, the fields and read-only fields, the empty value's text;
- its object's every concrete field's value as read, and each relation read with it, by the
  related object's every concrete field's value: a row read without a field, or without its
  link to the page's object (which its words may read), is not kept; a user read with it (a
  teller, an actor) only by its pk and the fields its name is made of (`user_name_field`
  shows the full name or the username): its password hash and sign-in times are never held
  in a key, and a sign-in does not make a row's markup anew (decision 500);
- a JSON field's value (a timeline entry's facts) by its text (decision 535: a dict is no
  key);
- the active language, script prefix and URLconf (a related row's link) and the current time
  zone (dates and times are shown localized).

A cell that is neither the row's column nor the inline's own method (a property of the object,
a many-to-many field: what it reads is not known), or a related row shown that was not read
with its row, and the rows are written on every opening (decision 558).

The object's words are not asked for the key (a status change's, through its choices'
translations and the evaluation's wording, cost as much as the rest of the key).
A row changed, added or removed is another key, so the page shows it at once. The markup is
the one `office_form`'s rows write (the store of `kept_text`, emptied when the settings
change). `KEEP = False` writes every row (`tests/evaluations/test_kept_value_rows.py`
compares)."""

import json
from functools import cache, partial

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.timezone import get_current_timezone_name

from congress_office.kept_text import kept, kept_store, language_key
from congress_office.value_rows import ValueRowsAdminFormSet

KEEP = True  # Off: every row written on every opening (the tests compare)
# A few dozen rows a closed evaluation, twenty or so an item (decision 535), by language and
# time zone: started again when full.
AT_MOST = 4096

_rows = kept_store()
_NOT_YET = object()  # the page's shared key not worked out yet
_JSON = object()  # marks a JSON field's value held by its text (a dict or list is no key)


class _Unread(Exception):
    """A field of a row, or of a row read with it, was not read: the row is not kept."""


def _values(obj) -> tuple | None:
    """The object's every concrete field's value as read (a user's: those of its name alone);
    `_Unread` raised for one not read."""
    if obj is None:
        return None
    read, (names, json_places) = vars(obj), _reader(type(obj))
    try:
        values = tuple([read[name] for name in names])
    except KeyError:
        raise _Unread from None
    if json_places:  # a dict or list is no key: held by its text (`_held`)
        values = tuple(_held(v) if i in json_places else v for i, v in enumerate(values))
    return values


def _held(value):
    """A JSON field's value as a key holds it: a dict or list (a timeline entry's facts) by
    its text as written, in its order (`json.dumps` tells 1, 1.0 and true apart); any other
    value as read."""
    if type(value) in (dict, list):
        return (_JSON, json.dumps(value))
    return value


@cache
def _reader(model) -> tuple:
    """(the attributes a row of `model` is keyed by, the places of its JSON fields' among
    them), found once per model: a user's only those its name is made of (decision 500)."""
    if issubclass(model, AbstractBaseUser):
        return _user_names(model), frozenset()
    fields = model._meta.concrete_fields
    json_places = frozenset(i for i, f in enumerate(fields) if isinstance(f, models.JSONField))
    return tuple(field.attname for field in fields), json_places


def _user_names(user_model) -> tuple:
    """The attributes a user's shown name is made of: its pk, its username, first and last
    names (`get_full_name`, `get_username`); a user model without some has the others."""
    names = (user_model._meta.pk.attname, user_model.USERNAME_FIELD, "first_name", "last_name")
    concrete = {field.attname for field in user_model._meta.concrete_fields}
    return tuple(dict.fromkeys(name for name in names if name in concrete))


def _shown_relations(inline, model, names) -> tuple | None:
    """The relations whose rows the cells show (each must be read with its row: its name is in
    the key then), or None when a cell is neither the row's column nor the inline's own method
    (a property, a many-to-many field: what it reads is not known; decision 558)."""
    columns = {field.name: field for field in model._meta.concrete_fields}
    relations = []
    for name in names:
        column = columns.get(name)
        if column is not None:
            if column.is_relation:
                relations.append(name)
        elif not isinstance(name, str) or not callable(getattr(inline, name, None)):
            return None
    return tuple(relations)


def _shared(admin_formset, row) -> tuple | None:
    """What every row of the page's inline is keyed by alike (the module's docstring); None
    when its cells show what the key does not know (`_shown_relations`)."""
    formset = admin_formset.formset
    relations = _shown_relations(admin_formset.opts, formset.model, row.names)
    if relations is None:
        return None
    return (
        type(admin_formset.opts),
        admin_formset.opts.admin_site.name,
        type(formset),
        formset.prefix,
        admin_formset.has_add_permission,
        admin_formset.has_delete_permission,
        formset.can_delete,
        tuple(row.names),
        tuple(admin_formset.readonly_fields),
        str(row.empty_value_display),
        language_key(),  # the language, and the related rows' links' prefix and URLconf
        get_current_timezone_name(),
        relations,
    )


def _key(shared: tuple, row, fk_name, index: int, is_last: bool):
    """A row's key (the module's docstring); None where it cannot be kept."""
    obj = row.original
    cached = obj._state.fields_cache
    if fk_name is not None and fk_name not in cached:
        return None  # its words would read the page's object
    if any(name not in cached for name in shared[-1]):
        return None  # a related row its cell shows, not read with it: not in the key
    try:
        own = _values(obj)
        related = tuple((name, _values(other)) for name, other in sorted(cached.items()))
    except _Unread:
        return None
    return (shared, index, is_last, type(obj), own, related)


def kept_row(admin_formset, row, index: int, is_last: bool, write) -> str:
    """The row's markup, kept by what it shows (the module's docstring): `office_form`'s rows
    ask it of an admin formset that holds it (`KeptValueRowsAdmin`)."""
    if not KEEP:
        return write()
    shared = admin_formset.__dict__.get("_kept_rows_shared", _NOT_YET)
    if shared is _NOT_YET:  # the page's, once
        shared = admin_formset.__dict__["_kept_rows_shared"] = _shared(admin_formset, row)
    if shared is None:
        return write()
    fk = getattr(admin_formset.formset, "fk", None)
    try:
        key = _key(shared, row, fk and fk.name, index, is_last)
        if key is None:
            return write()
        return kept(_rows, key, write, AT_MOST)
    except TypeError:  # values as read, names as strings: a field's odd value may refuse
        return write()


class KeptValueRowsAdmin:
    """For a model admin (before `ValueRowsAdmin` in its bases): the rows written from values
    of its inlines that say `value_rows_kept` kept by what they show. The admin formset stays
    `ValueRowsAdminFormSet` (what the office's pages are checked to hold) and is given
    `kept_row` for the page."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            if type(inline_formset) is ValueRowsAdminFormSet and getattr(
                inline_formset.opts, "value_rows_kept", False
            ):
                inline_formset.kept_row = partial(kept_row, inline_formset)
        return inline_formsets
