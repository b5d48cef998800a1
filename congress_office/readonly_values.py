"""A read-only field's value on an admin form, as Django's `AdminReadonlyField.contents` writes
it, and its label as `label_tag` writes it, in fewer steps (decision 318).

`contents` finds the field again for every value (`lookup_field`), goes through
`display_for_field`'s chain of type tests, formats a date through `formats.localize` (which
parses the format anew), reverses the admin's change page of every related object it links to
(`reverse`, a few dozen µs each) and passes each value through the `linebreaksbr` filter's
wrappers: a quarter of the item's change page (31 read-only fields and three read-only inlines)
and most of an open evaluation's subjects' rows. Here a field is resolved once per process
(`_kind`: the model's own field, a model admin's method, or anything else), and its value is
written by the same steps, in the same order, with the same escaping: the choices' labels, the
admin's boolean icons, the empty value, dates through `localized_dates` (decision 282), the
related object's link with its route reversed once per process for the site, script prefix,
URLs and language (a page's links differ only by their keys), line breaks as `<br>`. What is
not reproduced here is left to Django's own `contents`: a field of the form itself (a widget
that writes its own value), a callable given as a field, an attribute or property of the
object, a many-to-many relation, a related object whose key is not an integer, a choice value
that is no dict key, numbers, files, URLs and JSON (Django's `display_for_field`).
`tests/core/test_readonly_values.py` compares both on every kind; `tests/core/test_office_form.py`
renders every form both ways."""

import datetime
import html
import re

from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
)
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models.fields.related import ForeignObjectRel, ManyToManyRel, OneToOneField
from django.template.defaultfilters import capfirst
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language

from congress_office.admin_helpers import escaped
from congress_office.localized_dates import localized

# lookup_field's failures that `contents` shows as the empty value
_SHOWN_EMPTY = (AttributeError, ValueError, ObjectDoesNotExist)
_NEWLINES = re.compile(r"\r\n|\r")
# Stands for a related object's key in its change page's route (digits: neither the admin's
# `quote` nor the URL's encoding changes it).
_ANY_KEY = 987654321

DJANGOS, FIELD, RELATED, ADMIN_METHOD = "django", "field", "related", "admin method"
# {(model, field name, model admin's class): (kind, model field or None)}
_KINDS: dict = {}
# {model field: its choices as a dict, labels lazy} (only fields whose choices are a list)
_CHOICES: dict = {}
# {(icon function, value, language, script prefix): the icon's markup}
_ICONS: dict = {}
# {(route's name, admin site, script prefix, URLconf, language): (before key, after) or None}
_ROUTES: dict = {}


def _kind(model, name, model_admin) -> tuple:
    key = (model, name, type(model_admin))
    if key not in _KINDS:
        _KINDS[key] = _resolved(model, name, model_admin)
    return _KINDS[key]


def _resolved(model, name, model_admin) -> tuple:
    """How `lookup_field` finds the field (and `contents` then shows it), as far as it is
    written here."""
    if not isinstance(name, str):
        return DJANGOS, None
    try:
        field = _get_non_gfk_field(model._meta, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        if hasattr(model_admin, name) and name != "__str__":
            return ADMIN_METHOD, None
        return DJANGOS, None
    if isinstance(field.remote_field, ManyToManyRel):
        return DJANGOS, field
    if isinstance(field.remote_field, (ForeignObjectRel, OneToOneField)):
        return RELATED, field
    return FIELD, field


def contents(readonly_field) -> SafeString:
    """`readonly_field.contents()` (an `AdminReadonlyField`), the same to the character."""
    name = readonly_field.field["field"]
    form = readonly_field.form
    model_admin = readonly_field.model_admin
    obj = form.instance
    kind, field = _kind(type(obj), name, model_admin)
    if kind == DJANGOS:
        return readonly_field.contents()
    if name in form.fields and getattr(form.fields[name].widget, "read_only", False):
        return readonly_field.contents()  # the widget writes the value
    empty = readonly_field.empty_value_display
    try:
        if kind == ADMIN_METHOD:
            attr = getattr(model_admin, name)
            value = attr(obj)
        else:
            value = getattr(obj, name)
    except _SHOWN_EMPTY:
        return escaped(empty)
    if kind == ADMIN_METHOD:
        if getattr(attr, "boolean", False):
            return _icon(value)
        if hasattr(value, "__html__"):
            return value.__html__()
        return _line_breaks(value)
    if kind == RELATED and value is not None:
        link = _related_link(field, value, model_admin)
        if link is None:
            return readonly_field.contents()
        return _line_breaks(link)
    shown = _field_shown(field, value, empty)
    if shown is None:
        return readonly_field.contents()
    return _line_breaks(shown)


def _icon(value):
    """The admin's yes-no icon, as `contents` finds it when called (the office replaces
    Django's with its own: `admin_strings.install_boolean_icon`), written once per process for
    each value, language and script prefix (its static address and its text are all it reads:
    a twentieth of a millisecond each, for every flag of every row)."""
    icon = admin_list._boolean_icon
    if value is not None and type(value) is not bool:
        return icon(value)
    key = (icon, value, get_language(), get_script_prefix())
    if key not in _ICONS:
        _ICONS[key] = icon(value)
    return _ICONS[key]


def _field_shown(field, value, empty):
    """`display_for_field(value, field, empty)` where written here, else None."""
    choices = _choices(field)
    if choices is None:
        return display_for_field(value, field, empty)
    if choices:
        try:
            return choices.get(value, empty)
        except TypeError:  # a value that is no key: Django's way
            return None
    if isinstance(field, models.BooleanField):
        return _icon(value)
    if value in field.empty_values:
        return empty
    if isinstance(field, models.DateTimeField):
        if isinstance(value, datetime.datetime):
            return localized(timezone.template_localtime(value))
    elif isinstance(field, (models.DateField, models.TimeField)):
        if isinstance(value, (datetime.date, datetime.time)):
            return localized(value)
    elif isinstance(value, str) and _is_plain_text(field):
        return value  # what `display_for_value` makes of a text
    return display_for_field(value, field, empty)


def _is_plain_text(field) -> bool:
    """A text field whose value `display_for_field` shows as it is (a URL field's is a
    link)."""
    return isinstance(field, (models.CharField, models.TextField)) and not isinstance(
        field, models.URLField
    )


def _choices(field):
    """The field's choices as a dict (as `display_for_field` makes it for every value), kept
    for a field whose choices are a fixed list or none ({}); None for others (callable
    choices: Django's way)."""
    if field not in _CHOICES:
        if field.choices is None:
            _CHOICES[field] = {}
        elif type(field.choices) is list:
            _CHOICES[field] = dict(field.flatchoices)
        else:
            _CHOICES[field] = None
    return _CHOICES[field]


def _related_link(field, value, model_admin):
    """`get_admin_url`'s link to a related object with an integer key, from its route written
    once; None for another key (Django's way)."""
    pk = value.pk
    if type(pk) is not int:
        return None
    target = field.remote_field.model._meta
    site = model_admin.admin_site.name
    key = (
        f"admin:{target.app_label}_{target.model_name}_change",
        site,
        get_script_prefix(),
        get_urlconf(),
        get_language(),
    )
    if key not in _ROUTES:
        _ROUTES[key] = _route(key[0], site)
    route = _ROUTES[key]
    if route is False:  # no change page: `get_admin_url` shows the object's name
        return str(value)
    before, after = route
    return SafeString(f'<a href="{before}{pk}{after}">{escaped(value)}</a>')


def _route(name: str, site: str):
    """(the link's markup before the key, after it), or False for no such page."""
    try:
        url = reverse(name, args=[_ANY_KEY], current_app=site)
    except NoReverseMatch:
        return False
    href = html.escape(url)
    if href.count(str(_ANY_KEY)) != 1:
        raise ValueError(f"unexpected change page route {url!r}")
    before, after = href.split(str(_ANY_KEY))
    return before, after


def _line_breaks(value) -> SafeString:
    """The `linebreaksbr` filter (as `contents` calls it, escaping on) of a value."""
    text = str(value)
    safe = isinstance(text, SafeData)
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    if not safe:
        text = html.escape(text)
    return SafeString(text.replace("\n", "<br>"))


def label_tag(readonly_field) -> str:
    """`readonly_field.label_tag()`."""
    classes = "" if readonly_field.is_first else ' class="inline"'
    # the template filter, as `label_tag` imports it (a safe label stays safe), which makes
    # a lazy label a string at once instead of a lazy result of its own
    label = escaped(capfirst(readonly_field.field["label"]))
    return f"<label{classes}>{label}{escaped(readonly_field.form.label_suffix)}</label>"
