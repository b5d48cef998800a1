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

The forms are still made (the page's media and file test read them); only their markup is
kept. `tests/core/test_kept_inline_rows.py` compares pages with Django's (`KEEP` off) after
each kind of change."""

from django.forms import ModelChoiceField
from django.utils.timezone import get_current_timezone_name

from congress_office.kept_form_classes import _hashable
from congress_office.kept_text import kept, kept_store

KEEP = True  # Off: every row written on every opening (the tests compare)
AT_MOST = 4096  # kept rows: a few dozen a session, by language and account's permissions

_rows = kept_store()
_UNREAD = object()


def _shows_own_values(form) -> bool:
    """Whether the row's form shows only its own values: no relation's rows but hidden keys."""
    return all(
        not isinstance(field, ModelChoiceField) or field.widget.is_hidden
        for field in form.fields.values()
    )


def _key(rows_key, inline_admin_form, index: int):
    obj = inline_admin_form.original
    if obj is None or not _shows_own_values(inline_admin_form.form):
        return None
    read = vars(obj)
    values = tuple(read.get(field.attname, _UNREAD) for field in obj._meta.concrete_fields)
    if _UNREAD in values:
        return None
    try:
        return _hashable((
            rows_key,
            index,
            type(obj),
            values,
            str(obj),
            inline_admin_form.show_url,
            inline_admin_form.absolute_url,
            get_current_timezone_name(),
        ))  # fmt: skip
    except TypeError:
        return None


def row(inline_admin_formset, rows_key, inline_admin_form, index: int, write) -> str:
    """The row's markup, `write()`, kept as the module's docstring says when it may be."""
    if not KEEP or rows_key is None:
        return write()
    if not getattr(inline_admin_formset.opts, "rows_kept", False):
        return write()
    key = _key(rows_key, inline_admin_form, index)
    if key is None:
        return write()
    return kept(_rows, key, write, AT_MOST)
