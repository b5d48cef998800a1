"""The one working-day calendar: Monday to Friday, minus configured holidays, plus weekend
days configured as working days. Proposals, reception days and reminders all use it.

Each call reads the exceptions of the span it needs in one query.
"""

import calendar
import datetime

from .models import CalendarDay

# Long enough to cross the longest run of holidays (Spring Festival plus weekends).
_LOOKAHEAD_DAYS = 40


def _exceptions(start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    rows = CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind")
    return dict(rows)


def _is_working(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.WORKING_DAY
    return day.weekday() < 5


def is_working_day(day: datetime.date) -> bool:
    return _is_working(day, _exceptions(day, day))


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    return next_working_days([day])[0]


def next_working_days(days: list[datetime.date]) -> list[datetime.date]:
    """`next_working_day` of each date, reading the calendar once for all of them."""
    if not days:
        return []
    exceptions = _exceptions(min(days), max(days) + datetime.timedelta(days=_LOOKAHEAD_DAYS))
    result = []
    for day in days:
        while not _is_working(day, exceptions):
            day += datetime.timedelta(days=1)
        result.append(day)
    return result


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (start itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    span = datetime.timedelta(days=days * 2 + _LOOKAHEAD_DAYS)
    exceptions = _exceptions(start, start + span)
    day = start
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if _is_working(day, exceptions):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    exceptions = _exceptions(start, end)
    day, count = start, 0
    while day < end:
        day += datetime.timedelta(days=1)
        count += _is_working(day, exceptions)
    return count


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1
    month = 28 or 29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def deadline_after_months(start: datetime.date, months: int) -> datetime.date:
    """A deadline `months` after `start`, moved to the next working day if it falls on a
    weekend or holiday."""
    return next_working_day(add_months(start, months))


class Calendar:
    """The same calendar read once for a span, for code that works out many dates at a time
    (bulk loads): its answers are those of the functions above for dates in the span."""

    def __init__(self, start: datetime.date, end: datetime.date):
        self.start, self.end = start, end + datetime.timedelta(days=_LOOKAHEAD_DAYS * 3)
        self._exceptions = _exceptions(self.start, self.end)

    def is_working_day(self, day: datetime.date) -> bool:
        return _is_working(day, self._exceptions)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        while not self.is_working_day(day):
            day += datetime.timedelta(days=1)
        return day

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        day, remaining = start, days
        while remaining:
            day += datetime.timedelta(days=1)
            remaining -= self.is_working_day(day)
        return day

    def deadline_after_months(self, start: datetime.date, months: int) -> datetime.date:
        return self.next_working_day(add_months(start, months))
