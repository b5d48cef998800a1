"""Factories for the evaluations' models: a draft evaluation, its subjects and criteria.
Entitlements, tellers, the opening and closing, ballots, receipts and tallies are written by
the services only: make them with the kit (tests/evaluations/kit.py, `evaluation_in`)."""

import datetime

import factory
from django.utils import timezone

from evaluations.models import Criterion, Evaluation, Subject
from tests.sessions.factories import SessionFactory


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    session = factory.SubFactory(SessionFactory)
    title = factory.Sequence(lambda n: f"镇党委领导班子民主测评{n}")
    kind = Evaluation.Kind.EVALUATION
    scale = "excellence"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=2))


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    evaluation = factory.SubFactory(EvaluationFactory)
    name = factory.Sequence(lambda n: f"班子成员{n}")
    post = "党委委员"
    order = factory.Sequence(lambda n: n)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    evaluation = factory.SubFactory(EvaluationFactory)
    name = factory.Sequence(lambda n: f"指标{n}")
    order = factory.Sequence(lambda n: n)
