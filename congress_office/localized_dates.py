"""Dates, times and datetimes written as `django.utils.formats` writes them (`localize`,
`date_format`), each format string parsed once instead of once a value (decision 282).

`dateformat.format` splits the format string with a regular expression and resolves each
piece again, through the lazy format string, for every value: with `localize`'s look-up of the
format, 45 µs a datetime, where writing its pieces takes 4. A change list of fifty rows with
two datetime columns spent a quarter of its time there. The format is still looked up for
each value (`get_format`: the language's, the office's format modules), so a page in another
language or with other formats writes its own; only its parsing is kept, by format string."""

import datetime

from django.utils import formats
from django.utils.dateformat import DateFormat, TimeFormat, re_escaped, re_formatchars

# format string: its pieces [(is a format character, text)], or None (Django's way then)
_PARSED: dict[str, list | None] = {}


def localized(value) -> str:
    """`formats.localize(value)` of a date, time or datetime."""
    if isinstance(value, datetime.datetime):
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    parts = _parts(formats.get_format("TIME_FORMAT"))
    if parts is None:
        return formats.time_format(value)
    return _written(TimeFormat(value), parts)


def date_format(value, format_name: str) -> str:
    """`formats.date_format(value, format_name)` of a date or datetime."""
    parts = _parts(formats.get_format(format_name))
    if parts is None or (type(value) is datetime.date and _has_time(parts)):
        return formats.date_format(value, format_name)  # and Django's error for a date
    return _written(DateFormat(value), parts)


def _written(formatter, parts) -> str:
    return "".join(str(getattr(formatter, text)()) if code else text for code, text in parts)


def _parts(format_string):
    """The format's pieces as `Formatter.format` reads them: its characters and the literal
    text between them (escapes removed); None for a character no formatter writes."""
    format_string = str(format_string)
    if format_string in _PARSED:
        return _PARSED[format_string]
    parts = []
    for index, piece in enumerate(re_formatchars.split(format_string)):
        if index % 2:
            if not hasattr(DateFormat, piece):
                parts = None
                break
            parts.append((True, piece))
        elif piece:
            parts.append((False, re_escaped.sub(r"\1", piece)))
    _PARSED[format_string] = parts
    return parts


def _has_time(parts) -> bool:
    return any(code and hasattr(TimeFormat, text) for code, text in parts)
