"""An inline's shown rows' markup kept per process, keyed by what each row shows (decision 404):
the same markup.

The session's change page writes each of its sittings' and agenda items' rows on every opening:
each field's widget through `BoundField.as_widget` (its attributes built, its value formatted),
its label, the row's hidden key and link, a fifth of the page's CPU (docs/performance.md,
fourteenth pass). A row's markup is made of its form class and formset (what the inline's
empty row is keyed by: `kept_empty_forms.rows_key`, decision 370: the class kept per process
by its fields, widgets, the account's permissions asked and the language; the prefix, ids,
renderer, the object's key, the admin's permissions and fieldsets, the escaping), its place
(the index in its fields' names) and its object: the form's initial values are its object's
fields' (`model_to_dict`), its first cell is the object in words, its link to the site the
admin's. So a row is kept by those, its object's every concrete field's value as read, its
text and the current time zone (a date and time is shown in it), for:

- an inline that says its read-only fields show nothing but its row's own values and the
  addresses the URLconf makes (`rows_kept`: the sittings' links by their key, the items'
  outcome);
- a row whose form shows no other row of the office's: no select or picker of a relation's
  rows (a committee's chair and members show the delegates' names as they are), only hidden
  keys;
- a formset not posted (no errors, no values but the object's: `kept_empty_forms` keeps no
  posted formset's empty form, so `rows_key` is None) and a row read whole (a deferred field
  would be read by the form).

A kept row makes no form (decision 405): an admin holds its rows kept on their formset before
the page's media makes the forms (`hold`), and the formset (`KeptRowsFormSet`) gives its
empty form for a held row, read for what every row of its class answers alike; the rows are
written from what is held, or let go and made as Django's (`release`) where they are written
otherwise. `tests/core/test_kept_inline_rows.py` compares pages with Django's (`KEEP` off)
after each kind of change."""

from django.forms import ModelChoiceField
from django.forms.models import BaseModelForm
from django.utils.timezone import get_current_timezone_name

from congress_office import kept_empty_forms
from congress_office.admin_autocomplete import _picker
from congress_office.kept_form_classes import _hashable
from congress_office.kept_text import kept, kept_store

KEEP = True  # Off: every row written on every opening (the tests compare)
AT_MOST = 4096  # kept rows: a few dozen a session, by language and account's permissions

_rows = kept_store()
_UNREAD = object()


def _shows_own_values(form, pickers_shown: bool) -> bool:
    """Whether the row's form shows only its own values: no relation's rows but hidden keys,
    and pickers when the formset gives the rows each row's pickers show (`chosen_shown`)."""
    return all(
        not isinstance(field, ModelChoiceField)
        or field.widget.is_hidden
        or (pickers_shown and _picker(field) is not None)
        for field in form.fields.values()
    )


def _keyable(inline_admin_formset) -> bool:
    """Whether the inline's rows may be kept (the module's docstring): its rows' forms are its
    empty form's fields (Django's model form's own `__init__`), showing no relation's rows."""
    if not KEEP or not getattr(inline_admin_formset.opts, "rows_kept", False):
        return False
    formset = inline_admin_formset.formset
    if formset.form.__init__ is not BaseModelForm.__init__:
        return False
    return _shows_own_values(formset.empty_form, hasattr(formset, "chosen_shown"))


def _key(rows_key, inline_admin_formset, obj, index: int):
    """A row's key, from its object alone (`InlineAdminFormSet.__iter__` asks the inline for
    its link to the site the same way)."""
    read = vars(obj)
    values = tuple(read.get(field.attname, _UNREAD) for field in obj._meta.concrete_fields)
    if _UNREAD in values:
        return None
    # What the row's pickers show, as read for the page (decision 487): their chosen rows.
    chosen_shown = getattr(inline_admin_formset.formset, "chosen_shown", None)
    chosen = () if chosen_shown is None else chosen_shown(index)
    if chosen is None:
        return None
    # Its words, unless the inline says they are made of the row's own values in the active
    # language alone (`rows_words_own`: a sitting's date and part), which the key holds
    # already (the values; the language in `rows_key`): asked for each row otherwise (decision
    # 506).
    words = None if getattr(inline_admin_formset.opts, "rows_words_own", False) else str(obj)
    try:
        return _hashable((
            rows_key,
            index,
            type(obj),
            values,
            words,
            inline_admin_formset.opts.get_view_on_site_url(obj),
            get_current_timezone_name(),
            chosen,
        ))  # fmt: skip
    except TypeError:
        return None


def row(inline_admin_formset, rows_key, inline_admin_form, index: int, write) -> str:
    """The row's markup: held for the page (`hold`), or `write()`, kept as the module's
    docstring says when it may be."""
    formset = inline_admin_formset.formset
    held = formset.__dict__.get(_HELD)
    if held is not None and index in held:
        return held[index]
    obj = inline_admin_form.original
    if rows_key is None or obj is None or not _keyable(inline_admin_formset):
        return write()
    key = _key(rows_key, inline_admin_formset, obj, index)
    if key is None:
        return write()
    return kept(_rows, key, write, AT_MOST)


_HELD = "_kept_inline_rows_held"  # a formset's: {index: a row's kept markup} for its page


def hold(inline_admin_formsets) -> None:
    """Before the rows' forms are made (the page's media makes them first): each kept row's
    markup held by its formset for the page, so that its form is not made (`KeptRowsFormSet`)
    and the row is not written; held, not looked up again, as the store may start again
    before the rows are shown. Keyed for a template that escapes (the admin's); the rows are
    made and written as Django's when the template does not (`release`)."""
    for inline_admin_formset in inline_admin_formsets:
        formset = inline_admin_formset.formset
        if not isinstance(formset, KeptRowsFormSet) or "forms" in formset.__dict__:
            continue
        if formset.is_bound or not _keyable(inline_admin_formset):
            continue
        rows_key = kept_empty_forms.rows_key(inline_admin_formset, True)
        if rows_key is None:
            continue
        held = {}
        rows = formset.get_queryset()
        for index, obj in enumerate(rows[: formset.initial_form_count()]):
            key = _key(rows_key, inline_admin_formset, obj, index)
            markup = None if key is None else _rows.get(key)
            if markup is not None:
                held[index] = markup
        formset.__dict__[_HELD] = held


def release(formset) -> None:
    """The formset's held rows let go and its forms made anew, as Django makes them: for
    rows written otherwise than from what is held (a template that does not escape, no empty
    row kept, the rows left to their template)."""
    if formset.__dict__.pop(_HELD, None):
        formset.__dict__.pop("forms", None)


class KeptRowsFormSet:
    """An inline formset whose rows held for the page (`hold`) are not made: each stands for
    its form by the formset's empty form, read only for what every row of its class answers
    alike (its media, whether it takes files, its prepopulated fields: none for a row that
    exists); the row's markup is the one held."""

    def _construct_form(self, i, **kwargs):
        held = self.__dict__.get(_HELD)
        if held is not None and i in held:
            return self.empty_form
        return super()._construct_form(i, **kwargs)
