"""Dates, times and datetimes written as `django.utils.formats.localize` writes them (the
language's DATE_FORMAT, TIME_FORMAT or DATETIME_FORMAT), with each format read and parsed once
instead of once a value (decision 282).

`localize` finds the format for every value (the language, the format modules) and
`dateformat.format` splits the format string with a regular expression and resolves each
piece again: 45 µs a datetime, while writing its pieces takes 4. A change list of fifty rows
with two datetime columns spent a quarter of its time there. Kept for one page (one
`LocalizedDates` a list's rows), so the language is the page's."""

import datetime

from django.utils import formats
from django.utils.dateformat import DateFormat, TimeFormat, re_escaped, re_formatchars


class LocalizedDates:
    def __init__(self):
        self._parts = {}  # format name: [(is a format character, text)], or None

    def shown(self, value) -> str:
        """`formats.localize(value)` of a date, time or datetime."""
        if isinstance(value, datetime.datetime):
            name, writer = "DATETIME_FORMAT", DateFormat
        elif isinstance(value, datetime.date):
            name, writer = "DATE_FORMAT", DateFormat
        else:
            name, writer = "TIME_FORMAT", TimeFormat
        if name not in self._parts:
            self._parts[name] = _parsed(str(formats.get_format(name)))
        parts = self._parts[name]
        if parts is None or (type(value) is datetime.date and _has_time(parts)):
            return formats.localize(value)  # Django's own way (and its error for a date)
        written = writer(value)
        return "".join(str(getattr(written, text)()) if code else text for code, text in parts)


def _parsed(format_string: str):
    """The format's pieces as `Formatter.format` reads them: its characters and the literal
    text between them (escapes removed); None for a character no formatter writes."""
    parts = []
    for index, piece in enumerate(re_formatchars.split(format_string)):
        if index % 2:
            if not hasattr(DateFormat, piece):
                return None
            parts.append((True, piece))
        elif piece:
            parts.append((False, re_escaped.sub(r"\1", piece)))
    return parts


def _has_time(parts) -> bool:
    return any(code and hasattr(TimeFormat, text) for code, text in parts)
