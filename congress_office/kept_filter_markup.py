"""A list filter's markup in the sidebar kept per process, keyed by everything its choices are
made of (decision 585): the same markup.

A list's sidebar makes every filter's choices on every request (Django's `choices`: each
choice's link through the list's `get_query_string`, its label, whether it is chosen) and
writes them (`office_list.office_list_filter`): some 80 links and 0.5 ms of process CPU on the
items' list, the same text from one request to the next. A filter whose `choices` is one of
Django's or the office's own known below makes them of nothing but:

- its own attributes as they were set when it was made for this request (its rows as read,
  the values chosen, the words typed, whether more rows match; its field, whose choices are
  read each time into the key) and its class's (fixed while the process runs);
- the list's parameters (`params`, `filter_params`: every link is made of them);
- the active language (its labels, "All", the frame's words).

So it is kept by those, each value as it is (a text by its type and characters, a lazy text by
its text in the language, a row's choice by its key and label); a filter holding anything else
(an object this does not know), a `value()` or `choices` of its own, or a list showing the
counts (`_facets`: the counts change with every item) is written each time. The filter's
request is the one attribute not in the key: the known `choices` read it for the counts alone.
A row renamed, added or removed, another value chosen or another parameter is another key,
shown at once."""

from django.contrib.admin import ModelAdmin
from django.contrib.admin.filters import (
    BooleanFieldListFilter,
    ChoicesFieldListFilter,
    RelatedFieldListFilter,
    SimpleListFilter,
)
from django.db import models
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from .admin_filters import FindsRows, OneLinkChoices
from .kept_cells import LAZY_TEXTS
from .kept_filter_choices import Choice
from .kept_text import keep, kept_store

KEEP = True  # Off: every filter's choices made and written on every request (tests compare)
AT_MOST = 2048  # kept filters (1–4 KB each with its key): ten a list shown; more starts again

# The `choices` whose result is made of the filter's attributes, the list's parameters and the
# language alone (without the counts).
CHOICES_KNOWN = frozenset(
    {
        SimpleListFilter.choices,
        RelatedFieldListFilter.choices,
        ChoicesFieldListFilter.choices,
        BooleanFieldListFilter.choices,
        OneLinkChoices.choices,
        FindsRows.choices,
    }
)
NOT_READ = frozenset({"request"})  # read by the counts alone, which are never kept
PLAIN = frozenset({str, SafeString, int, bool, type(None)})

_markup = kept_store()


class NotKept(Exception):
    """A value the key does not know."""


def markup_key(cl, spec):
    """What `spec`'s markup on `cl`'s sidebar is made of, or None when it is not kept."""
    if not KEEP or cl.add_facets:
        return None
    kind = type(spec)
    if kind.choices not in CHOICES_KNOWN:
        return None
    if isinstance(spec, SimpleListFilter) and kind.value is not SimpleListFilter.value:
        return None
    try:
        return (
            kind,
            get_language(),
            _frozen(spec.title),
            _list_key(cl),
            tuple(
                (name, _frozen(value)) for name, value in vars(spec).items() if name not in NOT_READ
            ),
        )
    except NotKept:
        return None


def _list_key(cl) -> tuple:
    """The list's parameters, frozen once a page (each of its filters asks)."""
    key = cl.__dict__.get("_office_filters_key")
    if key is None:
        key = cl._office_filters_key = (_frozen(cl.params), _frozen(cl.filter_params))
    return key


def kept_markup(key):
    return None if key is None else _markup.get(key)


def keep_markup(key, markup) -> None:
    if key is not None:
        keep(_markup, key, markup, AT_MOST)


def _frozen(value):
    kind = type(value)
    if kind in PLAIN:
        return (kind, value)  # True is 1 to a dict: the type tells them apart
    if kind is list or kind is tuple:
        return (kind, tuple(map(_frozen, value)))
    if kind is dict:
        return (dict, tuple((name, _frozen(item)) for name, item in value.items()))
    if kind is Choice:
        return (Choice, _frozen(value.pk), _frozen(value.label))
    if isinstance(value, Promise):
        translate = LAZY_TEXTS.get(kind)
        if translate is not None and not value._kw and all(type(a) is str for a in value._args):
            # `gettext_lazy`'s or `pgettext_lazy`'s: its text is that function's of its
            # arguments in the active language (in the key): not translated for the key
            return (translate, value._args)
        text = str(value)  # any other: its text in the active language, marked safe or not
        return (Promise, type(text), text)
    if isinstance(value, models.Field):
        # fixed while the process runs, and so are its choices when they are a list or a
        # tuple (Django's own, the model's, read in the active language); a callable's are
        # read into the key each time
        choices = value.choices
        if type(choices) in (list, tuple):
            return (value, id(choices))  # the field holds them: no other has their id
        return (value, _frozen(list(value.flatchoices)))
    if isinstance(value, ModelAdmin):
        return value  # the registered admin: fixed while the process runs
    raise NotKept(kind)
