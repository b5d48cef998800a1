"""Factories for the delegates' models: valid rows only. A delegate who should be active on
the roster enters it through the service (tests/delegates/helpers.enter): their
qualification history is written by delegates/services.py only, never by a factory, and so
are the reception days the office schedules (`reception_days_schedule`)."""

import datetime

import factory
from django.utils import timezone

from delegates.models import Delegate, Delegation, ElectoralUnit, Term
from delegates.models.activities import Activity, ActivityParticipation
from delegates.models.recognition import Assessment, Award


def end_of_term() -> datetime.date:
    """The factory's term ends on 31 December 2026, or a year from today when that is later:
    pages that consider only the terms running today (contacts, solicitations, pickers) find
    it running whatever day the suite runs. Tests about a day after the term give its end."""
    return max(datetime.date(2026, 12, 31), timezone.localdate() + datetime.timedelta(days=365))


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    name = factory.Sequence(lambda n: f"第{n + 1}届测试镇党代会")
    ordinal = factory.Sequence(lambda n: n + 1)
    level = Term.Level.TOWN
    start_date = datetime.date(2022, 1, 1)
    end_date = factory.LazyFunction(end_of_term)
    seats = 120


class ElectoralUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectoralUnit

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"选举单位{n}")
    seats = 10


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"代表团{n}")


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"代表{n}")
    gender = Delegate.Gender.FEMALE
    ethnicity = "汉族"
    birth_date = datetime.date(1980, 5, 1)
    education = Delegate.Education.UNDERGRADUATE
    occupation = Delegate.Occupation.PROFESSIONAL
    work_unit = "镇中心小学"
    post = "教师"
    electoral_unit = factory.SubFactory(ElectoralUnitFactory, term=factory.SelfAttribute("..term"))
    delegation = factory.SubFactory(DelegationFactory, term=factory.SelfAttribute("..term"))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    term = factory.SubFactory(TermFactory)
    kind = Activity.Kind.INSPECTION
    date = datetime.date(2025, 5, 21)
    place = "镇便民服务中心"
    topic = factory.Sequence(lambda n: f"活动{n}")


class ActivityParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityParticipation

    activity = factory.SubFactory(ActivityFactory)
    delegate = factory.SubFactory(DelegateFactory, term=factory.SelfAttribute("..activity.term"))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    delegate = factory.SubFactory(DelegateFactory)
    year = 2025
    rating = Assessment.Rating.EXCELLENT


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    delegate = factory.SubFactory(DelegateFactory)
    term = factory.SelfAttribute("delegate.term")
    year = 2025
    kind = Award.Kind.EXCELLENT_DELEGATE
