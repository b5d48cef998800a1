"""The national holidays and make-up working days (调休), filled into the working-day calendar
from `chinese-calendar`, which follows the State Council's notice for each year. The office
reviews what was filled and can still edit it: a date it already has is never overwritten.
A year with no calendar entries at all is flagged on the desk while deadlines can fall in it."""

import datetime

import chinese_calendar
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .desk import DeskPart, count_each
from .models import CalendarDay

# The library's holidays by their English names, in the reader's words.
HOLIDAY_NAMES = {
    "New Year's Day": gettext_lazy("New Year's Day"),
    "Spring Festival": gettext_lazy("Spring Festival"),
    "Tomb-sweeping Day": gettext_lazy("Tomb-sweeping Day"),
    "Labour Day": gettext_lazy("Labour Day"),
    "Dragon Boat Festival": gettext_lazy("Dragon Boat Festival"),
    "National Day": gettext_lazy("National Day"),
    "Mid-autumn Festival": gettext_lazy("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": gettext_lazy("Victory Day (70th anniversary)"),
}
# The longest reply period the rules allow is about three months: a year that close ahead
# already holds deadlines.
DEADLINE_HORIZON = datetime.timedelta(days=92)


def national_calendar_years() -> list[int]:
    """The years the library knows, newest first."""
    return sorted({day.year for day in chinese_calendar.holidays}, reverse=True)


def _name(english: str) -> str:
    return str(HOLIDAY_NAMES.get(english, english))


def national_days(year: int) -> list[CalendarDay]:
    """The year's exceptions to Monday-to-Friday as the State Council set them (unsaved):
    holidays that fall on a weekday, and weekend days made working days."""
    days = [
        CalendarDay(date=day, kind=CalendarDay.Kind.HOLIDAY, name=_name(english))
        for day, english in chinese_calendar.holidays.items()
        if day.year == year and day.weekday() < 5
    ]
    days += [
        CalendarDay(
            date=day,
            kind=CalendarDay.Kind.WORKING_DAY,
            name=_("%(holiday)s (make-up working day)") % {"holiday": _name(english)},
        )
        for day, english in chinese_calendar.workdays.items()
        if day.year == year and day.weekday() >= 5
    ]
    return sorted(days, key=lambda d: d.date)


@transaction.atomic
def national_holidays_fill(*, year: int) -> tuple[int, int]:
    """Add the year's national holidays and make-up working days to the calendar; a date the
    calendar already has keeps the office's entry. Returns (added, kept)."""
    if year not in national_calendar_years():
        raise ValidationError(
            {"year": _("The national calendar has no holidays for %(year)s yet.") % {"year": year}}
        )
    days = national_days(year)
    present = set(
        CalendarDay.objects.filter(date__in=[d.date for d in days]).values_list("date", flat=True)
    )
    CalendarDay.objects.bulk_create([d for d in days if d.date not in present])
    return len(days) - len(present), len(present)


def years_without_calendar(today: datetime.date) -> list[int]:
    """This year and, once deadlines can fall in it, the next, when the calendar has no
    entry at all for them. One query, its statement written once per process and pair of
    years (the desk reads it on every opening: decision 292), each year's count stopping at
    its first entry."""
    years = tuple(sorted({today.year, (today + DEADLINE_HORIZON).year}))
    entries = count_each(
        lambda: {year: CalendarDay.objects.filter(date__year=year) for year in years},
        cap=0,
        key=("calendar years", years),
    )
    return [year for year in years if not entries[year]]


def _read_desk(today: datetime.date) -> dict:
    missing = years_without_calendar(today)
    return {"missing": missing, "fillable": [y for y in missing if y in national_calendar_years()]}


CALENDAR_DESK = DeskPart(
    order=5,
    permission="congress_office.change_calendarday",
    template="admin/desk/calendar.html",
    read=_read_desk,
)
