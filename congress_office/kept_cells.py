"""Texts of the change lists' cells kept from one page to the next (decision 444): a date's,
time's or datetime's text by its value, and the row checkbox's markup around its id and name.

A list shows the same rows request after request, and a datetime's text (`localtime`, then
the format's pieces, `localized_dates`) was 20 µs a cell: the evaluations' list spent 1 ms of
its rows on its two datetime columns. The text depends on the value, the language (the
format and the months' names) and the current time zone (a datetime's local time and its
zone's name), so it is kept per process by those; every kept store empties when a setting
changes (`kept_store`)."""

import datetime
import html

from django.contrib.admin import helpers
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language, gettext, gettext_lazy, pgettext, pgettext_lazy

from congress_office.admin_helpers import SELECT_ONE_LABEL, escaped
from congress_office.kept_text import kept, kept_store
from congress_office.localized_dates import date_format, localized

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


_days = kept_store()  # (language, time zone): {datetime: its local day's text, escaped}


def local_day_text(value: datetime.datetime) -> str:
    """`escape(date_format(localtime(value).date(), "DATE_FORMAT"))`, an aware datetime's
    local day as a ledger's column writes it (the items' "submitted on"), kept by its instant
    per (language, current time zone) as `date_text` keeps a date's: making each row's
    datetime local was most of the column's 0.4 ms a page (decision 467)."""
    return local_days()(value)


def local_days():
    """`local_day_text` for the values of one page: the store of the active language and time
    zone found once, not once a row (their look-ups were most of a row's 5 µs, decision 467)."""
    days = kept(_days, (get_language(), timezone.get_current_timezone()), dict, KEPT_ZONES)

    def day_text(value: datetime.datetime) -> str:
        if type(value) is not datetime.datetime:
            return _local_day(value)
        try:
            return days[value]
        except KeyError:
            if len(days) >= KEPT_VALUES:
                days.clear()
            text = days[value] = _local_day(value)
            return text

    return day_text


def _local_day(value) -> str:
    return escape(date_format(timezone.localtime(value).date(), "DATE_FORMAT"))


_labels = kept_store()  # language: {a lazy text's function and arguments: its text, escaped}
# The classes of `gettext_lazy`'s and `pgettext_lazy`'s texts and what they translate by:
# the text is that function of its arguments, which depends on the active language alone
# (the catalogues are loaded once; a setting changed empties the store).
LAZY_TEXTS = {type(gettext_lazy("")): gettext, type(pgettext_lazy("", "")): pgettext}


def labels_written() -> dict:
    """The kept escaped translations of `gettext_lazy` and `pgettext_lazy` texts in the active
    language, for `label_text`: a list's filters show some forty such labels a page (every
    choice of a field's, the time left's, "All"), each translated and escaped anew
    (decision 466)."""
    return kept(_labels, get_language(), dict, KEPT_ZONES)


def label_text(labels: dict, value) -> str | None:
    """`escaped(value)` of a `gettext_lazy` or `pgettext_lazy` text, kept in `labels`
    (`labels_written`) by its arguments; None for anything else (another lazy object's text
    may depend on more than the language)."""
    translate = LAZY_TEXTS.get(type(value))
    if translate is None or value._kw:
        return None
    key = (translate, value._args)
    if any(type(arg) is not str for arg in value._args):  # a safe message's translation is
        return None  # safe: not escaped
    try:
        return labels[key]
    except KeyError:
        if len(labels) >= KEPT_VALUES:
            labels.clear()
        text = labels[key] = html.escape(translate(*value._args))
        return text
