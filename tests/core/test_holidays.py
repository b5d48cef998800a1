"""The national calendar filled into the working-day calendar (issue 14, item 10): the State
Council's holidays and make-up working days of a year from `chinese-calendar`, the office's
own entries kept, deadlines counted with them, and a year with no entries flagged on the
desk while deadlines can fall in it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from congress_office.holidays import (
    national_calendar_years,
    national_holidays_fill,
    years_without_calendar,
)
from congress_office.models import CalendarDay
from congress_office.workdays import add_working_days, is_working_day

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_year_is_filled_with_its_weekday_holidays_and_make_up_working_days():
    with translation.override("zh-hans"):
        added, kept = national_holidays_fill(year=2026)
    assert (added, kept) == (25, 0)  # 19 weekday holidays, 6 weekend working days
    days = {d.date: d for d in CalendarDay.objects.all()}
    assert days[D(2026, 2, 16)].kind == "holiday" and days[D(2026, 2, 16)].name == "春节"
    assert days[D(2026, 2, 14)].kind == "working_day"
    assert days[D(2026, 2, 14)].name == "春节（调休上班）"
    assert D(2026, 2, 21) not in days  # a Saturday of the holiday: no work anyway
    # Deadlines now step over the Spring Festival and count the Saturday worked.
    assert not is_working_day(D(2026, 2, 16)) and is_working_day(D(2026, 2, 14))
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)


def test_the_offices_own_entries_are_kept_and_filling_twice_adds_nothing():
    CalendarDay.objects.create(date=D(2026, 10, 1), kind="holiday", name="国庆（本办）")
    CalendarDay.objects.create(date=D(2026, 12, 31), kind="holiday", name="本地假日")
    added, kept = national_holidays_fill(year=2026)
    assert (added, kept) == (24, 1)
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆（本办）"
    assert national_holidays_fill(year=2026) == (0, 25)
    assert CalendarDay.objects.count() == 26


def test_a_year_the_library_does_not_know_is_refused():
    unknown = max(national_calendar_years()) + 1
    with pytest.raises(ValidationError, match=str(unknown)):
        national_holidays_fill(year=unknown)
    assert not CalendarDay.objects.exists()


def test_a_year_without_entries_is_flagged_once_deadlines_can_fall_in_it():
    assert years_without_calendar(D(2026, 6, 1)) == [2026]
    national_holidays_fill(year=2026)
    assert years_without_calendar(D(2026, 6, 1)) == []
    # From October, three-month deadlines reach into the next year.
    assert years_without_calendar(D(2026, 10, 15)) == [2027]


def test_the_desk_warns_and_the_office_fills_the_year_from_the_admin(admin_client):
    today = datetime.date.today()
    desk = admin_client.get(reverse("admin:index")).content.decode()
    assert f"The calendar has no holidays or make-up working days for {today.year}" in desk
    url = reverse("admin:congress_office_calendarday_fill")
    assert url in desk or today.year not in national_calendar_years()
    page = admin_client.get(url).content.decode()
    assert 'value="2026"' in page
    done = admin_client.post(url, {"year": 2026})
    assert done.status_code == 302 and "date__year=2026" in done["Location"]
    listed = admin_client.get(done["Location"]).content.decode()
    assert "2026: 25 days added, 0 kept as the calendar had them." in listed
    refused = admin_client.post(url, {"year": 1999}).content.decode()
    assert "Select a valid choice" in refused
