"""Factories for the sessions' models: valid rows only, as the office first enters them (a
session planned, an agenda item pending, a resolution in draft). What only the services
write is made through them or the kit (tests/sessions/kit.py): a session's later statuses
(`session_advance`), attendance (`attendance_record`), outcomes, versions and votes."""

import datetime

import factory

from sessions.models import AgendaItem, Resolution, Session, Sitting
from tests.delegates.factories import TermFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    term = factory.SubFactory(TermFactory)
    ordinal = factory.Sequence(lambda n: n + 2)
    name = factory.LazyAttribute(lambda s: f"{s.term.name}第{s.ordinal}次会议")
    start_date = datetime.date(2024, 1, 6)
    end_date = datetime.date(2024, 1, 6)
    venue = "镇党群服务中心"


class SittingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sitting

    session = factory.SubFactory(SessionFactory)
    date = factory.SelfAttribute("session.start_date")
    part = "morning"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = "report"
    title = "听取和审议镇党委工作报告"


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    session = factory.SubFactory(SessionFactory)
    title = "关于镇党委工作报告的决议"
