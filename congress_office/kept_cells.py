"""Texts of the change lists' cells kept from one page to the next (decision 444): a date's,
time's or datetime's text by its value, and the row checkbox's markup around its id and name.

A list shows the same rows request after request, and a datetime's text (`localtime`, then
the format's pieces, `localized_dates`) was 20 µs a cell: the evaluations' list spent 1 ms of
its rows on its two datetime columns. The text depends on the value, the language (the
format and the months' names) and the current time zone (a datetime's local time and its
zone's name), so it is kept per process by those; every kept store empties when a setting
changes (`kept_store`)."""

import datetime

from django.contrib.admin import helpers
from django.utils import timezone
from django.utils.translation import get_language, gettext

from congress_office.admin_helpers import SELECT_ONE_LABEL, escaped
from congress_office.kept_text import kept, kept_store
from congress_office.localized_dates import localized

_dates = kept_store()  # (language, time zone): {(type, value): text}
KEPT_ZONES = 64  # languages and zones; more, and it starts again
KEPT_VALUES = 20_000  # texts of one language and zone; more, and they start again
DATE_TYPES = (datetime.date, datetime.datetime, datetime.time)


def dates_written() -> dict:
    """The kept texts for the active language and time zone, by (type, value): a value of
    another type (a datetime's subclass, say) is written each time by `date_text`."""
    return kept(_dates, (get_language(), timezone.get_current_timezone()), dict, KEPT_ZONES)


def date_text(texts: dict, value) -> str:
    """`localized(template_localtime(value))` of a date, time or datetime, kept in `texts`
    (`dates_written`) by value (an aware datetime's value is its instant: the zone is the
    store's)."""
    kind = type(value)
    if kind not in DATE_TYPES:
        return localized(timezone.template_localtime(value))
    key = (kind, value)  # a naive and an aware datetime differ by their hash or equality
    try:
        return texts[key]
    except KeyError:
        if len(texts) >= KEPT_VALUES:
            texts.clear()
        text = texts[key] = localized(timezone.template_localtime(value))
        return text


_checkboxes = kept_store()  # language: (markup before the id, between it and the name, after)
MARK = "\x00"


def checkbox_parts() -> tuple[str, str, str] | None:
    """`row_checkbox`'s markup around the row's escaped id and escaped name, for the active
    language; None when Django's words do not hold the name once as plain text (then each
    checkbox is written by `row_checkbox`)."""
    return kept(_checkboxes, get_language(), _checkbox_parts, KEPT_ZONES)


def _checkbox_parts():
    words = gettext(SELECT_ONE_LABEL)
    try:
        named = words.format(MARK)
    except (IndexError, KeyError, ValueError):
        return None
    if MARK in words or named.count(MARK) != 1:
        return None
    before_name, after_name = named.split(MARK)
    before_id = f'<input type="checkbox" name="{escaped(helpers.ACTION_CHECKBOX_NAME)}" value="'
    between = f'" class="action-select" aria-label="{before_name}'
    return before_id, between, f'{after_name}">'
