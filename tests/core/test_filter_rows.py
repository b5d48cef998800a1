"""The change lists' filters by a related row read their rows by statements written once
(`admin_filters.plain_rows`, `model_rows`, decision 301): the same rows, labels and order as
Django's read (`Field.get_choices`, a queryset's first rows), and Django's read where the
statement would not be the same."""

import datetime

import pytest
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.utils import translation

from congress_office.admin_filters import model_rows, plain_rows
from delegates.models import NonVotingAttendee, Term
from evaluations.models import Evaluation
from proposals.admin import _status_chip
from proposals.models import Assignment, HandlingUnit, Proposal, ProposalCategory
from sessions.models import Session
from tests.delegates.factories import TermFactory
from tests.proposals.factories import HandlingUnitFactory, ProposalCategoryFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _rows_of(office_size: int):
    """Units, categories, terms and sessions, several with the same start or name order."""
    terms = [
        TermFactory(name=f"第{n}届", start_date=datetime.date(2010 + n % 3, 1, 1))
        for n in range(office_size)
    ]
    for n in range(office_size):
        SessionFactory(term=terms[n % len(terms)], start_date=datetime.date(2024, 1, 1 + n % 4))
        ProposalCategoryFactory(name=f"类别{office_size - n}", order=n % 3)
    HandlingUnitFactory.create_batch(office_size)


def _ordering(model) -> tuple:
    """The ordering the model's admin gives its filter (Django's `field_admin_ordering`)."""
    request = RequestFactory().get("/")
    return tuple(admin.site.get_model_admin(model).get_ordering(request) or ())


@pytest.mark.parametrize("size", [3, 12])
@pytest.mark.parametrize(
    "field",
    [
        Proposal._meta.get_field("term"),
        Proposal._meta.get_field("category"),
        Proposal._meta.get_field("session"),
        Evaluation._meta.get_field("session"),
        Assignment._meta.get_field("unit"),
    ],
    ids=str,
)
def test_a_filters_rows_are_djangos(field, size):
    _rows_of(size)
    ordering = _ordering(field.remote_field.model)
    read = plain_rows(field, ordering)
    assert read is not None  # the statement is used for these
    assert [(row.pk, str(row)) for row in read] == field.get_choices(
        include_blank=False, ordering=ordering
    )
    # The first rows of a filter found by typing (FindFilter), as the queryset's slice.
    rows = field.remote_field.model._default_manager.all()
    if ordering:
        rows = rows.order_by(*ordering)
    assert [row.pk for row in plain_rows(field, ordering, 5)] == [row.pk for row in rows[:5]]


def test_the_model_order_when_the_admin_gives_none():
    for name in ("乙", "甲", "丙", "b", "A"):
        HandlingUnitFactory(name=name)
    read = model_rows(HandlingUnit, (), 2)
    assert [unit.pk for unit in read] == [unit.pk for unit in HandlingUnit.objects.all()[:2]]
    backwards = [str(unit) for unit in HandlingUnit.objects.order_by("-name")]
    assert [str(unit) for unit in model_rows(HandlingUnit, ("-name",))] == backwards
    assert backwards != [str(unit) for unit in model_rows(HandlingUnit, ())]


def test_djangos_read_where_the_statement_would_differ():
    # ordered by a relation (the term's own ordering): Django's read, not the statement
    assert model_rows(NonVotingAttendee, ()) is None
    assert model_rows(Session, ("term__name",)) is None
    assert model_rows(Term, ("?",)) is None
    # a relation with its choices limited, or no relation
    limited = models.ForeignKey(Term, on_delete=models.CASCADE, limit_choices_to={"level": "x"})
    assert plain_rows(limited, ()) is None
    assert plain_rows(ProposalCategory._meta.get_field("name"), ()) is None


def test_a_status_chip_is_djangos_in_both_languages():
    from django.utils.html import format_html

    from proposals.admin import STATUS_LABELS

    for language in ("zh-hans", "en"):
        with translation.override(language):
            for status in Proposal.Status.values:
                assert _status_chip(status, language) == format_html(
                    '<span class="chip chip-proposal-{}">{}</span>', status, STATUS_LABELS[status]
                )


def test_the_results_link_is_djangos_in_both_languages():
    from django.urls import reverse
    from django.utils.html import format_html

    evaluation = Evaluation(pk=41, status=Evaluation.Status.CLOSED)
    evaluation_admin = admin.site.get_model_admin(Evaluation)
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert evaluation_admin.results_link(evaluation) == format_html(
                '<a href="{}">{}</a>',
                reverse("evaluations:results", args=[41]),
                translation.gettext("Results"),
            )
