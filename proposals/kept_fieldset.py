"""The item's main fieldset on the office's change page kept per process, keyed by everything
it shows (decision 470): the same markup.

Every field of the item's change page is read-only (31 of them and the replies). Each opening
wrote each line again through `office_form.written_fieldset`: Django's `Fieldline` and
`AdminReadonlyField` made for every field (its label and help looked up), the label and each
value written (`readonly_values.contents`: choices' labels, dates in the page's time zone,
links to the related rows' pages), some 2.5 ms of an 18.8 ms page. What it writes is decided
by the admin's class and site, the fieldset's place, the language, the time zone, the script
prefix, the URLconf and the escaping (`kept_text.language_key`), the item's every column as
read, each related row it links to by its key and its name (`str`, what a link shows), and
what the admin's own read-only fields (the replies) write, asked each time. A fieldset with a
field of the form itself (none on this page), or a read-only field that is neither a column
nor the admin's own method (the object's property, a many-to-many field: what it reads is not
known), is written as before (decision 557)."""

from django.utils.timezone import get_current_timezone_name

from congress_office.kept_text import kept, kept_store, language_key
from congress_office.templatetags import office_form

KEEP = True  # Off: written on every opening (the tests compare)
AT_MOST = 512  # kept fieldsets (some 10 KB each with their key): the items opened lately

_fieldsets = kept_store()


def fieldset_written(context, fieldset, counter0: int) -> str:
    """`{% office_fieldset fieldset 2 "fieldset" 0 counter0 %}`, kept by what it shows."""
    key = _key(context, fieldset, counter0) if KEEP else None
    write = lambda: office_form.office_fieldset(context, fieldset, 2, "fieldset", 0, counter0)  # noqa: E731
    if key is None:
        return write()
    return kept(_fieldsets, key, write, AT_MOST)


def _key(context, fieldset, counter0: int):
    """What the fieldset's markup is made of, or None when a field is the form's own or one
    whose reads the key does not know."""
    form = fieldset.form
    if form.fields:
        return None
    model_admin = fieldset.model_admin
    obj = form.instance
    columns = obj._meta.concrete_fields
    names = [name for line in fieldset.fields for name in _names(line)]
    shown_columns = {column.name for column in columns}
    admins = []  # the admin's own read-only fields (its methods), asked each time
    for name in names:
        if name in shown_columns:
            continue
        if not isinstance(name, str) or not callable(getattr(model_admin, name, None)):
            return None  # a property, a many-to-many field, a callable: it may read anything
        admins.append(name)
    own = tuple((name, str(getattr(model_admin, name)(obj))) for name in admins)
    return (
        type(model_admin),
        model_admin.admin_site.name,
        tuple(tuple(_names(line)) for line in fieldset.fields),
        fieldset.name,
        fieldset.classes,
        fieldset.description,
        counter0,
        office_form.WRITTEN,  # its tests write each form both ways
        *language_key(context),
        get_current_timezone_name(),
        tuple(getattr(obj, column.attname) for column in columns),
        tuple(_related(obj, column) for column in columns if column.is_relation),
        own,
    )


def _names(line):
    return line if isinstance(line, (list, tuple)) else (line,)


def _related(obj, column):
    """A related row as its link shows it: its key and its name (None when there is none)."""
    row = getattr(obj, column.name)
    return None if row is None else (row.pk, str(row))
