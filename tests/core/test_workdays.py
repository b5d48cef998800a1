import datetime

import pytest

from congress_office.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)
from tests.core.factories import CalendarDayFactory

pytestmark = pytest.mark.django_db

D = datetime.date
FRIDAY, SATURDAY, SUNDAY, MONDAY = (
    D(2026, 11, 20),
    D(2026, 11, 21),
    D(2026, 11, 22),
    D(2026, 11, 23),
)


@pytest.fixture
def national_day():
    """2026's National Day week, with a make-up working Saturday after it."""
    for n in range(1, 8):
        CalendarDayFactory(date=D(2026, 10, n), name="国庆节")
    CalendarDayFactory(date=D(2026, 10, 10), kind="working_day", name="国庆调休")


def test_weekdays_work_and_weekends_do_not():
    assert is_working_day(FRIDAY) and is_working_day(MONDAY)
    assert not is_working_day(SATURDAY) and not is_working_day(SUNDAY)


def test_next_working_day_skips_the_weekend():
    assert next_working_day(SATURDAY) == MONDAY
    assert next_working_day(SUNDAY) == MONDAY
    assert next_working_day(FRIDAY) == FRIDAY


def test_holidays_and_make_up_days(national_day):
    assert not is_working_day(D(2026, 10, 1))  # a Thursday, but a holiday
    assert is_working_day(D(2026, 10, 10))  # a Saturday made a working day
    assert next_working_day(D(2026, 10, 1)) == D(2026, 10, 8)


def test_adding_working_days_across_a_weekend():
    assert add_working_days(FRIDAY, 1) == MONDAY
    assert add_working_days(FRIDAY, 5) == D(2026, 11, 27)
    assert add_working_days(MONDAY, 0) == MONDAY


def test_adding_working_days_across_holidays(national_day):
    # 30 September (Wednesday) + 5 working days: 8, 9, 10 (make-up Saturday), 12, 13 October.
    assert add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 13)) == 5


def test_working_days_between_is_zero_backwards():
    assert working_days_between(MONDAY, FRIDAY) == 0


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(MONDAY, -1)


@pytest.mark.parametrize("days", [1, 60])
def test_one_query_whatever_the_span(national_day, days, django_assert_num_queries):
    with django_assert_num_queries(1):
        add_working_days(D(2026, 9, 1), days)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 11, 23), 3, D(2027, 2, 23)),
        (D(2026, 10, 15), 14, D(2027, 12, 15)),
    ],
)
def test_adding_months(start, months, expected):
    from congress_office.workdays import add_months

    assert add_months(start, months) == expected


def test_a_months_deadline_moves_off_weekends_and_holidays(national_day):
    from congress_office.workdays import deadline_after_months

    assert deadline_after_months(D(2026, 9, 1), 1) == D(2026, 10, 8)  # 1 Oct is National Day
    assert deadline_after_months(D(2026, 8, 21), 3) == D(2026, 11, 23)  # 21 Nov is a Saturday


def test_the_calendar_read_once_answers_as_the_functions_do(national_day):
    from congress_office.workdays import Calendar, deadline_after_months

    calendar = Calendar(D(2026, 9, 1), D(2026, 12, 31))
    for offset in range(0, 90):
        day = D(2026, 9, 1) + datetime.timedelta(days=offset)
        assert calendar.is_working_day(day) == is_working_day(day)
        assert calendar.next_working_day(day) == next_working_day(day)
        assert calendar.add_working_days(day, 7) == add_working_days(day, 7)
        assert calendar.deadline_after_months(day, 1) == deadline_after_months(day, 1)
