import datetime

import pytest
from django.core.exceptions import ValidationError

from delegates.models import Activity, Assessment, Award, ReceptionRule
from delegates.selectors import reception_days
from delegates.services import reception_days_schedule
from tests.core.factories import CalendarDayFactory
from tests.delegates.factories import (
    ActivityFactory,
    AwardFactory,
    DelegateFactory,
    DelegationFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_21st_moves_to_the_next_working_day():
    days = reception_days(2026)
    assert len(days) == 12
    assert days[1] == D(2026, 2, 23)  # 21 February 2026 is a Saturday
    assert days[2] == D(2026, 3, 23)  # 21 March is a Saturday too
    assert days[3] == D(2026, 4, 21)  # a Tuesday: unchanged
    assert days[10] == D(2026, 11, 23)  # 21 November 2026 is a Saturday


def test_configured_holidays_move_it_further():
    CalendarDayFactory(date=D(2026, 4, 21), name="调休")
    CalendarDayFactory(date=D(2026, 4, 22), name="调休")
    assert reception_days(2026)[3] == D(2026, 4, 23)


def test_a_make_up_saturday_is_a_working_day():
    CalendarDayFactory(date=D(2026, 2, 21), kind="working_day", name="春节调休")
    assert reception_days(2026)[1] == D(2026, 2, 21)


def test_the_rule_is_an_office_setting():
    rule = ReceptionRule.current()
    rule.rule = ReceptionRule.Rule.FIRST_SATURDAY
    rule.save()
    days = reception_days(2026)
    assert days[0] == D(2026, 1, 3) and days[10] == D(2026, 11, 7)
    assert all(day.weekday() == 5 and day.day <= 7 for day in days)


def test_one_calendar_query_for_the_whole_year(django_assert_num_queries):
    ReceptionRule.current()
    with django_assert_num_queries(2):  # the rule, the calendar exceptions
        reception_days(2026)


def test_scheduling_is_idempotent_and_stays_within_the_term(term):
    created = reception_days_schedule(term=term, year=2026, place="镇便民服务中心")
    assert len(created) == 12
    assert reception_days_schedule(term=term, year=2026, place="镇便民服务中心") == []
    assert reception_days_schedule(term=term, year=term.end_date.year + 1, place="x") == []
    assert Activity.objects.filter(kind="reception_day").count() == 12


def test_the_office_schedules_reception_days_in_the_admin(client_for, secretariat, term):
    response = client_for(secretariat).post(
        "/admin/delegates/activity/reception-days/",
        {"term": term.pk, "year": 2026, "place": "镇便民服务中心"},
        follow=True,
    )
    assert "Scheduled 12 reception days." in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "with_delegate", "with_delegation"),
    [
        ("excellent_delegate", False, True),
        ("excellent_delegate", True, True),
        ("advanced_delegation", True, False),
        ("excellent_leader", False, False),
    ],
)
def test_an_award_names_the_right_recipient(term, kind, with_delegate, with_delegation):
    award = Award(
        term=term,
        year=2025,
        kind=kind,
        delegate=DelegateFactory(term=term) if with_delegate else None,
        delegation=DelegationFactory(term=term) if with_delegation else None,
    )
    with pytest.raises(ValidationError, match="names a delegate and no delegation"):
        award.full_clean()


def test_awards_and_assessments_once_a_year(term, client_for, secretariat):
    delegate = DelegateFactory(term=term)
    AwardFactory(year=2025, kind="excellent_delegate", delegate=delegate)
    duplicate = Award(term=term, year=2025, kind="excellent_delegate", delegate=delegate)
    with pytest.raises(ValidationError, match="already has this award"):
        duplicate.full_clean()
    client = client_for(secretariat)
    form = {"delegate": delegate.pk, "year": 2025, "rating": "excellent", "notes": ""}
    assert client.post("/admin/delegates/assessment/add/", form).status_code == 302
    again = client.post("/admin/delegates/assessment/add/", form)
    assert "already been assessed for the year" in again.content.decode()
    assert Assessment.objects.get().assessed_by == secretariat


@pytest.mark.parametrize("size", [2, 25])
def test_activity_list_in_constant_queries(
    client_for, secretariat, term, size, django_assert_max_num_queries
):
    for n in range(size):
        activity = ActivityFactory(
            term=term, kind="inspection", date=D(2025, 1, 1) + datetime.timedelta(days=n)
        )
        activity.participants.add(DelegateFactory(term=term))
    client = client_for(secretariat)
    # session, user, permissions, counts, rows with participant counts, the term and
    # delegation filters, the date hierarchy: the same 13 at either size (14 on PostgreSQL)
    with django_assert_max_num_queries(14):
        response = client.get("/admin/delegates/activity/")
    assert response.status_code == 200
