"""An inline's empty row (the hidden row "Add another" copies) kept per process: its form and
its markup (decision 370), the same form and the same markup.

Django builds each inline's empty form on every opening of a change or add page (its form
class's fields deep-copied, the formset's link and deletion fields added, the pickers named;
once a page since decision 268) for the table's headings, the page's media, whether the page
takes files and the hidden row, which the office then writes (its widgets, the relations'
wrappers, the labels): about a tenth of the session's change page. The form is made from no
row of the office's but the object the inline belongs to (the row's hidden link holds its
key); the rest is what the formset's class is made from, kept per process by all it depends
on (decision 357: its fields, widgets, the account's permissions, the language), so the
class's identity stands for them. Besides the class the key holds the formset's prefix, ids,
renderer and form arguments, the object's key, the language, the initial values its fields
make when shown (a model field's default that is a callable: one that changes with the date
changes the key) and a new object's values (a read-only field shows them).

Kept only for a formset class kept by `kept_form_classes` and a formset not posted (a posted
page's classes and forms are made anew, as Django makes them); a key that cannot be hashed
is not kept. The kept form is shared by the pages that open it: they read it (its fields,
media and file inputs; its selects read their rows when shown); nothing validates or saves
an empty form (Django's formset leaves it out of its forms).

The row's markup is kept only for an inline that says its read-only fields show no row of
the office's for a new object (`empty_row_kept`: the session's sittings, "—"; agenda items,
the default outcome; committees, none) and whose form has no select of a relation's rows (a
body's seat's session: it would show the rows of the day; a picker shows none in an empty
row), keyed by the form's key and what the admin's wrapper of the formset adds: the inline's
class and its permissions, fieldsets, read-only and prepopulated fields, the escaping.
`tests/core/test_kept_empty_forms.py` compares pages with Django's empty forms (`KEEP` off)."""

from django.forms import ModelChoiceField

from congress_office.admin_autocomplete import _picker
from congress_office.kept_form_classes import _hashable, is_kept
from congress_office.kept_text import kept, kept_store, language_key

KEEP = True  # Off: a new empty form a page, its row written each time (the tests compare)
AT_MOST = 512  # kept forms, and rows: three inlines a session, by language

_forms = kept_store()
_rows = kept_store()
_KEY = "_kept_empty_form_key"  # a formset's: its empty form's key, when kept


def _form_key(formset):
    """What the formset's empty form is made from (the module's docstring), or None."""
    if not KEEP or formset.is_bound:
        return None
    made_as = next((cls for cls in type(formset).__mro__ if is_kept(cls)), None)
    if made_as is None or getattr(formset, "fk", None) is None:  # an inline's, linked by a key
        return None
    parent, to_field = formset.instance, formset.fk.remote_field.field_name
    if parent._state.adding and parent._meta.get_field(to_field).has_default():
        return None  # Django's `add_fields` empties the new object's key: not kept
    try:
        return _hashable((
            made_as,
            formset.prefix,
            formset.auto_id,
            formset.renderer,
            _linked_to(formset),
            formset.get_form_kwargs(None),
            _defaults(formset),
            *language_key(),
        ))  # fmt: skip
    except TypeError:
        return None


def _linked_to(formset):
    """The value of the empty row's hidden link (Django's `InlineForeignKeyField`'s)."""
    return getattr(formset.instance, formset.fk.remote_field.field_name)


def _defaults(formset) -> tuple:
    """What the empty form shows that its class does not fix: its fields' initial values made
    by a callable when shown (a model field's default that is one: today's date, say), and a
    new object's values (as the model form makes its object: its read-only fields show them)."""
    made = tuple(
        (name, field.initial())
        for name, field in formset.form.base_fields.items()
        if callable(field.initial)
    )
    new = formset.model()
    return made, tuple(getattr(new, field.attname) for field in new._meta.concrete_fields)


def empty_form(formset, make):
    """The formset's empty form: `make()` (Django's), kept as the module's docstring says."""
    key = _form_key(formset)
    if key is None:
        return make()
    formset.__dict__[_KEY] = key
    form = kept(_forms, key, make, AT_MOST)
    # What Django's `add_fields` sets on the formset as it makes the form (each row's form
    # sets it too): the model's key, which the admin's rows ask of the formset.
    formset._pk_field = formset.model._meta.pk
    return form


def _shows_no_rows(form) -> bool:
    """Whether the form's fields show none of the office's rows: a select of a relation's
    rows (a body's seat's session) shows them as they are on each opening; a picker shows
    only its chosen rows and a hidden input (the row's key) its value: none in an empty row."""
    return all(
        not isinstance(field, ModelChoiceField)
        or field.widget.is_hidden
        or _picker(field) is not None
        for field in form.fields.values()
    )


def empty_row(inline_admin_formset, autoescape: bool, write):
    """The markup of the inline's empty row, `write(its InlineAdminForm)`, kept as the
    module's docstring says, for an inline that says its read-only fields read no row for a
    new one (`empty_row_kept`) and whose form shows none (`_shows_no_rows`); None when the
    inline has no empty row or it is not kept."""
    if not inline_admin_formset.has_add_permission:
        return None
    if not getattr(inline_admin_formset.opts, "empty_row_kept", False):
        return None
    formset = inline_admin_formset.formset
    form = formset.empty_form  # made or found, its key noted
    if not _shows_no_rows(form):
        return None
    key = rows_key(inline_admin_formset, autoescape)
    if key is None:
        return None
    # Django's rows end with the empty form's (it has the add permission: above).
    return kept(_rows, key, lambda: write(list(inline_admin_formset)[-1]), AT_MOST)


def rows_key(inline_admin_formset, autoescape: bool):
    """What the inline's rows are written from besides each row's own form: its empty form's
    key (found or made by `empty_form`) and what the admin's wrapper of the formset adds;
    None when its empty form is not kept (kept_inline_rows.py keys its rows by it too)."""
    form_key = inline_admin_formset.formset.__dict__.get(_KEY)
    if form_key is None:
        return None
    # Asked three times a page (the rows held, the rows written, the empty row): made once
    # for the same empty form's key, each time the same (the wrapper's attributes are set
    # when it is made; decision 508).
    made = inline_admin_formset.__dict__.setdefault(_ROWS_KEY, {})
    if autoescape in made and made[autoescape][0] is form_key:
        return made[autoescape][1]
    key = _rows_key(inline_admin_formset, form_key, autoescape)
    made[autoescape] = (form_key, key)
    return key


_ROWS_KEY = "_kept_rows_key"  # an inline admin formset's: {autoescape: (form key, rows key)}


def _rows_key(inline_admin_formset, form_key, autoescape: bool):
    try:
        return _hashable((
            form_key,
            type(inline_admin_formset.opts),
            inline_admin_formset.has_change_permission,
            inline_admin_formset.has_delete_permission,
            inline_admin_formset.has_view_permission,
            inline_admin_formset.fieldsets,
            inline_admin_formset.readonly_fields,
            inline_admin_formset.prepopulated_fields,
            autoescape,
        ))  # fmt: skip
    except TypeError:
        return None
