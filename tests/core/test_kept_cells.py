"""The change lists' cells kept from page to page (congress_office/kept_cells.py, decision
444): each text is the one written afresh, in every language and time zone."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from congress_office import kept_cells
from congress_office.admin_helpers import escaped, row_checkbox
from congress_office.localized_dates import localized

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ZONES = [zoneinfo.ZoneInfo("Asia/Shanghai"), zoneinfo.ZoneInfo("America/New_York")]
INSTANT = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
VALUES = [
    INSTANT,
    INSTANT.astimezone(ZONES[1]),  # the same instant: the same key, the same text
    datetime.datetime(2026, 12, 6, 23, 30),  # naive
    datetime.date(2026, 12, 6),
    datetime.time(8, 30),
]


def _afresh(value) -> str:
    return localized(timezone.template_localtime(value))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_a_kept_date_is_the_text_written_afresh(language, zone):
    for _ in range(2):  # written, then kept
        with translation.override(language), timezone.override(zone):
            texts = kept_cells.dates_written()
            for value in VALUES:
                assert kept_cells.date_text(texts, value) == _afresh(value)


def test_the_texts_are_kept_by_language_and_zone():
    with translation.override("en"), timezone.override(ZONES[0]):
        shanghai = kept_cells.date_text(kept_cells.dates_written(), INSTANT)
    with translation.override("en"), timezone.override(ZONES[1]):
        new_york = kept_cells.date_text(kept_cells.dates_written(), INSTANT)
    with translation.override("zh-hans"), timezone.override(ZONES[1]):
        chinese = kept_cells.date_text(kept_cells.dates_written(), INSTANT)
    assert len({shanghai, new_york, chinese}) == 3


def test_a_naive_and_an_aware_datetime_are_kept_apart():
    naive = datetime.datetime(2026, 12, 6, 23, 30)
    with translation.override("en"), timezone.override(ZONES[1]):
        texts = kept_cells.dates_written()
        assert kept_cells.date_text(texts, naive) == _afresh(naive)
        assert kept_cells.date_text(texts, INSTANT) == _afresh(INSTANT)
        assert _afresh(naive) != _afresh(INSTANT)


def test_a_setting_changed_empties_the_kept_texts():
    with translation.override("en"), timezone.override(ZONES[0]):
        kept_cells.date_text(kept_cells.dates_written(), INSTANT)
        assert kept_cells._dates
        with override_settings(DATETIME_FORMAT="Y"):
            assert not kept_cells._dates  # a format of the settings read again


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("pk", "name"), [(7, "A & B <c>"), ("x<y", "plain"), (8, mark_safe("<b>safe</b>"))]
)
def test_the_kept_checkbox_is_row_checkbox(language, pk, name):
    with translation.override(language):
        before_id, between, after = kept_cells.checkbox_parts()
        assert f"{before_id}{escaped(pk)}{between}{escaped(name)}{after}" == row_checkbox(pk, name)
