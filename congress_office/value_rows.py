"""A tabular inline's rows that nobody may change, shown from their objects without a form for
each (decision 359).

An inline the reader may not change, add to or delete from (a closed evaluation's subjects,
criteria, paper rounds and status changes) still has Django build a model form for every row:
its fields deep-copied, a key field with a queryset and the link to the page's object added,
only for the row to write two hidden inputs (its key, its object's) and each field's value
as read-only text, which the object itself gives. Django builds them three times over a
page's life besides showing them: to mark them valid for a post (`_create_formsets`, for a
view-only inline), to add up their media and to ask whether any is multipart.

Here such a formset, unbound (a page shown, never one posted), builds none: its rows are
written from the objects it read (`_Row`, which the template and
`congress_office/templatetags/office_form.py` read as they read Django's `InlineAdminForm`),
the two hidden inputs as Django's `HiddenInput` writes them, each value by
`readonly_values.contents`, and whatever that leaves to Django's own `contents` (a kind of
value it does not write) from the real row's form, built then. Nor is its empty form built:
every row's form, and the empty one, has only the key and the link, hidden inputs: no media,
not multipart, no column (the headings read the form's class, `ValueRowsAdminFormSet.fields`).
Nor its management form: its four counts are written as the hidden inputs it would write.

The inline decides per request whether its rows are shown so (`ValueRowsInline`): no change,
add or delete permission for this reader and object, no field of the form (all read-only), no
widget named by the form, no link to the row's own page or to the site, one field a cell.
Anything else, and any posted page, is Django's. `tests/evaluations/test_value_rows.py`
compares both ways, and asks each permission."""

from types import SimpleNamespace

from django import forms
from django.contrib.admin.helpers import AdminReadonlyField, InlineAdminForm, InlineAdminFormSet
from django.contrib.admin.utils import flatten_fieldsets, help_text_for_field, label_for_field
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
)
from django.forms.models import BaseModelForm
from django.forms.utils import ErrorList
from django.utils.html import escape
from django.utils.safestring import SafeString

from congress_office.kept_form_classes import made_once
from congress_office.shown_rows import ShownRowsFormSet

# Off: every row has its form, Django's way (the tests compare both).
FROM_VALUES = True


class ValueRowsFormSet(ShownRowsFormSet):
    """`ShownRowsFormSet` whose rows, when `rows_read_only` (set by `ValueRowsInline` on the
    request's own formset class) and unbound, are written from their objects."""

    rows_read_only = False

    @property
    def rows_from_values(self) -> bool:
        return FROM_VALUES and self.rows_read_only and not self.is_bound

    @property
    def initial_forms(self):
        # Read, unbound, only by the admin's view-only loop (which marks them valid for a
        # post: nothing to mark) and to show the rows (`ValueRowsAdminFormSet`).
        if self.rows_from_values:
            return []
        return super().initial_forms

    @property
    def media(self):
        if self.rows_from_values:
            return forms.Media()  # two hidden inputs' (no widgets of the form's own)
        return super().media

    @property
    def management_form(self):
        if self.rows_from_values:
            return _Counts(self)
        return super().management_form

    def is_multipart(self):
        if self.rows_from_values:
            return False  # as above
        return super().is_multipart()

    def __getitem__(self, index):
        # The template engine looks every name up as a key first (`formset.management_form`
        # is `formset["management_form"]` before it is an attribute): a list of forms refuses
        # a name, but only once the forms are built. Refused without building them.
        if isinstance(index, str):
            raise TypeError("list indices must be integers or slices, not str")
        return super().__getitem__(index)

    def row_form(self, index: int):
        """The row's real form (for a value `readonly_values` leaves to Django)."""
        return self.forms[index]


# {what an inline nobody may change makes its formset of (`_read_only_key`): the formset class},
# made once per process: a few dozen entries at most (decision 360).
_READ_ONLY_FORMSETS: dict = {}


class ValueRowsInline:
    """For a tabular inline (before Django's class in its bases) whose formset is a
    `ValueRowsFormSet`: its rows shown from their objects when nobody may change them, and
    then its formset's class made once per process for all that Django's `get_formset` reads
    (decision 360): it has no field of its own, and what it checks of a post (no change, no
    addition, no deletion) is the same for every such page."""

    def get_formset(self, request, obj=None, **kwargs):
        key = self._read_only_key(request, obj) if FROM_VALUES and not kwargs else None
        if key is not None:
            made = _READ_ONLY_FORMSETS.get(key)
            if made is not None:
                return made
            # Its forms have no field of their own: none for the request's callback to make,
            # and the class keeps no request.
            formset = super().get_formset(request, obj, formfield_callback=None)
            if issubclass(formset, ValueRowsFormSet) and self._rows_read_only(
                request, obj, formset
            ):
                formset.rows_read_only = True
                _READ_ONLY_FORMSETS[key] = formset
                made_once(formset)  # its inline's frame kept by it (decision 536)
                return formset
        formset = super().get_formset(request, obj, **kwargs)  # a class made for this request
        if issubclass(formset, ValueRowsFormSet):
            formset.rows_read_only = self._rows_read_only(request, obj, formset)
        return formset

    def _read_only_key(self, request, obj):
        """Everything Django's `get_formset` reads (and `_rows_read_only` asks) for an inline
        nobody may change here, the inline's class standing for its attributes (its form,
        formset, models, relation and links); None where a row may be changed, added or
        deleted, or a field shown is not read-only."""
        fields = tuple(flatten_fieldsets(self.get_fieldsets(request, obj)))
        readonly = tuple(self.get_readonly_fields(request, obj))
        if (
            self.has_change_permission(request, obj)
            or self.has_add_permission(request, obj)
            or (self.can_delete and self.has_delete_permission(request, obj))
            or not set(fields) <= set(readonly)
        ):
            return None
        excluded = self.get_exclude(request, obj)
        return (
            type(self),
            self.admin_site.name,
            fields,
            readonly,
            None if excluded is None else tuple(excluded),
            self.get_extra(request, obj),
            self.get_min_num(request, obj),
            self.get_max_num(request, obj),
            tuple(self.get_prepopulated_fields(request, obj)),
        )

    def _rows_read_only(self, request, obj, formset) -> bool:
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        return (
            not self.has_change_permission(request, obj)
            and not self.has_add_permission(request, obj)
            and not formset.can_delete
            and not formset.can_order
            and formset.extra == 0
            and not formset.min_num
            and not self.show_change_link
            and not self._links_to_site()
            and not self.get_prepopulated_fields(request, obj)
            # No field of the form's own (all read-only) and no form of the inline's own:
            # each row's form holds its key and its link, hidden inputs, and nothing else.
            and not formset.form.base_fields
            and not formset.form._meta.widgets  # the key's and the link's: `HiddenInput`
            and formset.form.__init__ is BaseModelForm.__init__
            and all(isinstance(name, str) for name in fields)
            and formset.model._meta.pk.name not in fields
        )

    def _links_to_site(self) -> bool:
        """Whether a row may link to its page on the site (Django's `get_view_on_site_url`)."""
        if not self.view_on_site:
            return False
        return callable(self.view_on_site) or hasattr(self.model, "get_absolute_url")


class ValueRowsAdminFormSet(InlineAdminFormSet):
    """The admin's formset of a `ValueRowsFormSet` whose rows are written from values: each
    row a `_Row`, its media the empty form's (the same as each row's form's)."""

    def __iter__(self):
        formset = self.formset
        fk = getattr(formset, "fk", None)
        names = [name for name in flatten_fieldsets(self.fieldsets) if not fk or fk.name != name]
        empty = self.opts.get_empty_value_display()
        for index, original in enumerate(formset.get_queryset()):
            yield _Row(formset, index, original, names, self.opts, empty)

    @property
    def media(self):
        return self.opts.media + self.formset.media

    def fields(self):
        """The columns' headings: Django's `fields()` where nobody may change a row (its
        first branch), the form's class giving the labels and help texts Django reads of an
        empty form, which is not built: its only fields are the key and the link, neither a
        column nor a name a heading looks up."""
        fk = getattr(self.formset, "fk", None)
        meta = self.formset.form._meta
        labels, help_texts = meta.labels or {}, meta.help_texts or {}
        no_fields = _Values(self.formset, None)
        for name in flatten_fieldsets(self.fieldsets):
            if fk and fk.name == name:
                continue
            yield {
                "name": name,
                "label": labels.get(name)
                or label_for_field(name, self.opts.model, self.opts, form=no_fields),
                "widget": {"is_hidden": False},
                "required": False,
                "help_text": help_texts.get(name) or help_text_for_field(name, self.opts.model),
            }


class ValueRowsAdmin:
    """For a model admin (before Django's class in its bases): its inlines' rows written from
    values where their formsets say so."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        return with_value_rows(
            super().get_inline_formsets(request, formsets, inline_instances, obj)
        )


def with_value_rows(inline_formsets):
    """A page's inline formsets (the admin's), those whose rows are written from values made
    `ValueRowsAdminFormSet`s."""
    for inline_formset in inline_formsets:
        formset = inline_formset.formset
        shown = isinstance(formset, ValueRowsFormSet) and formset.rows_from_values
        if shown and not inline_formset.has_change_permission:
            inline_formset.__class__ = ValueRowsAdminFormSet
    return inline_formsets


class _Hidden:
    """A row's hidden input (its key, its link to the page's object) as Django's `HiddenInput`
    writes it for an unbound form: the field's initial value, not localized. Written as it
    is (`str`): it is no bound field of Django's (`office_form`'s `hidden_field` writes only
    those itself)."""

    field = SimpleNamespace(widget=None)
    form = None

    def __init__(self, name: str, value):
        self.name, self.value = name, value

    def __str__(self):
        # `HiddenInput.format_value`: no value for None or "", else its text.
        shown = "" if self.value is None or self.value == "" else f' value="{escape(self.value)}"'
        name = escape(self.name)
        return SafeString(f'<input type="hidden" name="{name}"{shown} id="id_{name}">')

    __html__ = __str__


class _Counts:
    """The management form of a formset written from values: its four counts as hidden
    inputs one after another, as `inline_frames` writes Django's for an unbound form (no
    errors, every field hidden), read when written (the admin may set the formset's
    `max_num` first)."""

    def __init__(self, formset):
        self.formset = formset

    def __str__(self):
        formset = self.formset
        counts = {
            TOTAL_FORM_COUNT: formset.total_form_count(),
            INITIAL_FORM_COUNT: formset.initial_form_count(),
            MIN_NUM_FORM_COUNT: formset.min_num,
            MAX_NUM_FORM_COUNT: formset.max_num,
        }
        prefix = formset.prefix
        return SafeString("".join(str(_Hidden(f"{prefix}-{n}", v)) for n, v in counts.items()))

    __html__ = __str__


class _HiddenField:
    """`inline_admin_form.pk_field` and `fk_field` (an `AdminField`): its `field`."""

    def __init__(self, hidden: _Hidden):
        self.field = hidden


class _Values:
    """What a read-only field reads of its form (`readonly_values.contents`): the row's
    object; no field of its own."""

    fields: dict = {}
    is_bound = False

    def __init__(self, formset, instance):
        self._meta = formset.form._meta
        self.instance = instance

    def non_field_errors(self):
        return ErrorList()


class _Cell:
    """A read-only field of a row, as an `AdminReadonlyField` reads for the row's cell."""

    is_readonly = True
    is_checkbox = False

    def __init__(self, row, name: str, is_first: bool):
        self.row = row
        self.field = {"name": name, "field": name, "is_hidden": False}
        self.is_first = is_first
        self.form = row.form
        self.model_admin = row.model_admin
        self.empty_value_display = row.empty_value_display

    def contents(self):
        """Django's own, from the row's real form."""
        form = self.row.formset.row_form(self.row.index)
        name = self.field["name"]
        return AdminReadonlyField(form, name, self.is_first, self.model_admin).contents()


class _Row:
    """A row of the inline, as an `InlineAdminForm` reads for it (unbound, read-only, no
    errors, no link to its page or the site)."""

    show_url = False
    absolute_url = None

    def __init__(self, formset, index, original, names, model_admin, empty_value_display):
        self.formset, self.index, self.original = formset, index, original
        self.model_admin = model_admin
        self.empty_value_display = empty_value_display
        self.form = _Values(formset, original)
        self.names = names

    needs_explicit_pk_field = InlineAdminForm.needs_explicit_pk_field

    @property
    def media(self):
        return forms.Media()  # its form's two hidden inputs'

    def _name(self, field_name: str) -> str:
        return f"{self.formset.prefix}-{self.index}-{field_name}"

    def pk_field(self):
        name = self.formset.model._meta.pk.name
        return _HiddenField(_Hidden(self._name(name), self.original.pk))

    def fk_field(self):
        fk = getattr(self.formset, "fk", None)
        if not fk:
            return ""
        return _HiddenField(_Hidden(self._name(fk.name), _fk_value(self.formset)))

    def __iter__(self):
        # One fieldset of lines of one field each (`InlineFieldset`, `Fieldline`).
        yield [[_Cell(self, name, True)] for name in self.names]


def _fk_value(formset):
    """`InlineForeignKeyField`'s initial value, as the formset's `add_fields` makes the field:
    the page's object's key, or the field the relation names."""
    fk, parent = formset.fk, formset.instance
    if fk.remote_field.field_name != fk.remote_field.model._meta.pk.name:
        return getattr(parent, fk.remote_field.field_name)
    return parent.pk
