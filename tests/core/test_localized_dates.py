"""Dates written with their format parsed once (congress_office/localized_dates.py, decision
282) are what Django's `localize` and `date_format` write, in every language of the office
and with formats Django's own parsing treats specially (escapes, characters no formatter
writes, a date given a time format)."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import formats, translation

from congress_office.localized_dates import date_format, localized

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
VALUES = [
    datetime.date(2026, 12, 6),
    datetime.date(1999, 1, 31),
    datetime.datetime(2026, 12, 6, 9, 5, 7),
    datetime.datetime(2026, 3, 1, 23, 59, tzinfo=SHANGHAI),
    datetime.datetime(2026, 7, 4, 0, 0, tzinfo=datetime.UTC),
    datetime.time(8, 30),
    datetime.time(17, 0, 59),
]
FORMATS = [
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "YEAR_MONTH_FORMAT",
    "MONTH_DAY_FORMAT",
    r"Y\年n\月j\日 \a\t H:i",  # escaped characters
    "D, d M Y",
    "jS F Y",
]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("value", VALUES, ids=str)
def test_localized_is_djangos_localize(language, value):
    with translation.override(language):
        assert localized(value) == formats.localize(value)


def _outcome(write, *args):
    """What a call writes, or the error it raises (a date given a time format)."""
    try:
        return write(*args)
    except (TypeError, AttributeError) as error:
        return type(error)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("format_name", FORMATS)
def test_date_format_is_djangos(language, format_name):
    with translation.override(language):
        for value in VALUES:
            if isinstance(value, datetime.time):
                continue
            ours = _outcome(date_format, value, format_name)
            assert ours == _outcome(formats.date_format, value, format_name), value


def test_a_date_given_a_time_format_fails_as_in_django():
    day = datetime.date(2026, 1, 1)
    assert _outcome(formats.date_format, day, "H:i") is TypeError
    assert _outcome(date_format, day, "H:i") is TypeError


def test_the_format_is_looked_up_for_each_value():
    """Only the parsing is kept: the language's format, or another setting, is read again."""
    day = datetime.date(2026, 12, 6)
    with translation.override("zh-hans"):
        assert localized(day) == "2026年12月6日"
    with translation.override("en"), override_settings(DATE_FORMAT="Y/m/d", USE_L10N=False):
        formats.reset_format_cache()
        assert localized(day) == formats.localize(day)
    formats.reset_format_cache()
