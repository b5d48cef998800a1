"""What each inline of a change or add page costs besides its rows, without Django's repeated
work (decision 317): the same markup and the same media.

(a) The page's media: Django's `InlineAdminFormSet.media` builds every row's `InlineAdminForm`
(its fieldsets, read-only fields and link to the site) only to add up each row's form's media,
and the template builds them all again to show the rows. A row's media is its form's plus its
fieldsets' (Django's `Fieldset.media` is empty; `tests/core/test_inline_frames.py` checks it),
so here the forms' media are added up directly, the same forms in the same order: the rows
shown (each initial form with a row of the queryset), the extra forms, the empty form when
rows may be added.

(b) The formset's management form (its four hidden counts): Django renders it through the
form's template (`django/forms/div.html`), which for a form without errors whose fields are all
hidden is its fields one after another; written so here, any other form by its template. Not
posted, its markup is its prefix's, ids' and counts' alone (its four fields and their hidden
widgets are the class's): kept per process by those (decision 507), the same text. Such a
form copies its class's fields only when something asks for them (decision 576): Django's form
deep-copies its four fields when made, on every opening, where a kept markup never reads them.
`tests/core/test_inline_frames.py` compares it with Django's."""

import copy

from django.contrib.admin.helpers import InlineAdminFormSet
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    BaseFormSet,
    ManagementForm,
)
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from congress_office.kept_text import kept, kept_store, language_key

KEEP_MANAGEMENT = True  # Off: each management form written on every opening (tests compare)
_management = kept_store()  # a formset's counts' markup, by its prefix and counts


class _FormsMedia(InlineAdminFormSet):
    @property
    def media(self):
        formset = self.formset
        media = self.opts.media + formset.media
        rows = formset.get_queryset()  # as Django's rows: an initial form with a row each
        shown = [form for form, _row in zip(formset.initial_forms, rows, strict=False)]
        shown += formset.extra_forms
        if self.has_add_permission:
            shown.append(formset.empty_form)
        added = set()
        for form in shown:
            # A row held (decision 405) stands for its form by the empty form: its media once,
            # as Django's `Media.__add__` leaves lists already added out (decision 458).
            if id(form) not in added:
                added.add(id(form))
                media += form.media
        return media


class _WrittenManagementForm(ManagementForm):
    def __init__(self, *args, **kwargs):
        self.base_fields = {}  # this instance's, for the moment: nothing to copy yet
        try:
            super().__init__(*args, **kwargs)
        finally:
            del self.base_fields
        del self.fields  # the class's, copied when first asked for (below)

    @cached_property
    def fields(self):
        return copy.deepcopy(self.base_fields)

    def render(self, template_name=None, context=None, renderer=None):
        if template_name is None and context is None and renderer is None and not self.errors:
            key = self._kept_by()
            if key is None:
                written = self._written()
            else:
                written = kept(_management, key, self._written, 1024)
            if written is not None:  # None: a field not hidden, written by the template
                return mark_safe(written)
        return super().render(template_name, context, renderer)

    def _written(self) -> str | None:
        fields = [self[name] for name in self.fields]
        if all(field.is_hidden for field in fields):
            return "".join(str(field) for field in fields)
        return None

    def _kept_by(self):
        """What the markup of a form not posted is made of (its values are its counts)."""
        if not KEEP_MANAGEMENT or self.is_bound:
            return None
        key = (
            type(self),
            type(self.renderer),
            tuple(self.__dict__.get("fields", self.base_fields)),  # not copied for the key
            self.prefix,
            self.auto_id,
            self.use_required_attribute,
            tuple(self.initial.items()),
            *language_key(),
        )
        try:
            hash(key)
        except TypeError:
            return None
        return key

    __str__ = __html__ = render  # as Django's RenderableMixin names them


class _WrittenManagement:
    _djangos_management = False  # whether the formset's management form is Django's own

    @cached_property
    def management_form(self):
        if self._djangos_management and not self.is_bound:
            # Django's, made as its own (`BaseFormSet.management_form`) but of this class.
            return _WrittenManagementForm(
                auto_id=self.auto_id,
                prefix=self.prefix,
                initial={
                    TOTAL_FORM_COUNT: self.total_form_count(),
                    INITIAL_FORM_COUNT: self.initial_form_count(),
                    MIN_NUM_FORM_COUNT: self.min_num,
                    MAX_NUM_FORM_COUNT: self.max_num,
                },
                renderer=self.renderer,
            )
        form = super().management_form
        if type(form) is ManagementForm:
            form.__class__ = _WrittenManagementForm  # the same form, written without its template
        return form


def with_written_management(formset):
    """An inline's formset class whose management form is written as above; once only (a
    class that has it already is returned as it is)."""
    if issubclass(formset, _WrittenManagement):
        return formset
    djangos = formset.management_form is BaseFormSet.management_form
    return type(formset.__name__, (_WrittenManagement, formset), {"_djangos_management": djangos})


def with_forms_media(inline_formsets):
    """A page's inline formsets (Django's), each one's media added up as above."""
    for inline_formset in inline_formsets:
        if type(inline_formset) is InlineAdminFormSet:
            inline_formset.__class__ = _FormsMedia
    return inline_formsets
