"""Factories for the proposals' models: valid rows only (units, categories). Items, their
co-signatures, assignments, replies, ratings and timeline are written by the services only:
make them with the kit (tests/proposals/kit.py, `proposal_in(status, ...)`)."""

import factory

from proposals.models import HandlingUnit, ProposalCategory


class HandlingUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandlingUnit

    name = factory.Sequence(lambda n: f"承办单位{n}")


class ProposalCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalCategory
        django_get_or_create = ["name"]

    name = "教育"
