import datetime

import factory

from sessions.models import Session, Sitting
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
