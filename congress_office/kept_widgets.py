"""Widgets of an admin form whose markup, or part of it, is the same on every opening, kept per
process keyed by everything it depends on (decision 317): the same markup.

(a) A select of a model field's fixed choices (an agenda item's kind, a sitting's part of the
day: nineteen on a session's change page) is written anew for every row, each option's label
translated and escaped: kept here by language, the field's name, value and attributes, and its
choices (their values and label objects, which the entry holds, so that a label's identity is
never another's).

(b) The admin's wrapper of a relation's widget reverses the related model's add, change and
delete addresses for every field it wraps (three a picker, 27 a session's change page): those
addresses depend on the URLconf and the script prefix only, kept by both. Whether each link is
shown is the request's permissions, asked on every request as before (decision 283)."""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

from congress_office.field_names import KeptFieldNames
from congress_office.kept_text import kept, kept_store
from congress_office.select_rows import with_rows_at_once

AT_MOST = 1024  # kept entries of each kind: a few hundred rows' selects, a few dozen addresses

_selects = kept_store()
_addresses = kept_store()


class KeptSelect(forms.Select):
    """Django's select, its markup kept as above."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = tuple(self.choices)
        try:
            key = (
                get_language(),
                type(renderer),
                name,
                tuple(self.format_value(value)),
                tuple(self.build_attrs(self.attrs, attrs).items()),
                tuple((choice, id(label)) for choice, label in choices),
            )
            hash(key)
        except (TypeError, ValueError):  # an unhashable attribute, grouped choices
            return super().render(name, value, attrs, renderer)
        made = kept(
            _selects,
            key,
            lambda: (
                super(KeptSelect, self).render(name, value, attrs, renderer),
                choices,
            ),
            AT_MOST,
        )  # fmt: skip
        return made[0]


class KeptAddressWrapper(RelatedFieldWidgetWrapper):
    def get_related_url(self, info, action, *args):
        key = (get_urlconf(), get_script_prefix(), self.admin_site.name, info, action, args)
        return kept(_addresses, key, lambda: super(KeptAddressWrapper, self).get_related_url(
            info, action, *args), AT_MOST)  # fmt: skip


def with_kept_select(model_admin, db_field, kwargs) -> dict:
    """`formfield_for_choice_field`'s arguments, its select kept as above when the admin
    leaves the widget to Django's default (no radio buttons, no widget of its own)."""
    if db_field.name not in model_admin.radio_fields and "widget" not in kwargs:
        return {**kwargs, "widget": KeptSelect}
    return kwargs


def with_kept_addresses(formfield):
    """A form field from `formfield_for_dbfield`, its relation's wrapper keeping its addresses
    as above (the same wrapper; once only)."""
    if formfield is not None and type(formfield.widget) is RelatedFieldWidgetWrapper:
        formfield.widget.__class__ = KeptAddressWrapper
    return formfield


class KeptWidgets(KeptFieldNames):
    """For an inline (a base of every inline of the office): its fixed choices' selects and
    its relations' wrappers as above, its selects' rows read at once (select_rows.py, decision
    363) and its fields' names learnt once (field_names.py, decision 362). OfficeModelAdmin
    does the same for every model admin (decision 332)."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        kwargs = with_kept_select(self, db_field, kwargs)
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return with_rows_at_once(with_kept_addresses(formfield))
