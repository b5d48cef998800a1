"""The evaluation's inlines' formset (`congress_office.shown_rows`, decision 336): an unsaved
evaluation's rows known empty without compiling a statement, the rows counted once, a posted
formset counted Django's way; the evaluation's form keeps its own copies of the fields every
page shares; the item's change page lists its fields without a form class. Each against
Django's own answer."""

from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin

from congress_office.plain_admin_reads import PlainRowsFormSet
from evaluations.admin import (
    CriterionInline,
    EvaluationForm,
    PaperRoundInline,
    StatusChangeInline,
    SubjectInline,
)
from evaluations.models import Evaluation
from proposals.models import Proposal
from tests.core.factories import office_user
from tests.core.inline_kit import (
    assert_new_objects_rows_known_empty,
    formset_shown,
    shown_and_djangos,
)
from tests.proposals.kit import draft

pytestmark = pytest.mark.django_db

INLINES = (SubjectInline, CriterionInline, PaperRoundInline, StatusChangeInline)


def _request(rf):
    request = rf.get("/")
    request.user = office_user()
    return request


def _formsets(inline_class, request, parent, **kwargs):
    """The inline's formset shown for `parent`, and Django's (`PlainRowsFormSet`'s) for it."""
    return shown_and_djangos(inline_class, Evaluation, request, parent, **kwargs)


_shown = formset_shown


def test_an_unsaved_evaluations_rows_are_known_empty_without_a_statement(rf):
    assert_new_objects_rows_known_empty(INLINES, Evaluation, _request(rf))


def test_a_saved_evaluations_rows_are_counted_once_as_django_counts_them(make_evaluation, rf):
    request = _request(rf)
    evaluation = make_evaluation(subjects=4, criteria=3)
    for inline_class in INLINES:
        shown, django = _formsets(inline_class, request, evaluation)
        assert _shown(shown) == _shown(django), inline_class
    shown, _ = _formsets(SubjectInline, request, evaluation)
    assert shown.initial_form_count() == 4
    with mock.patch.object(PlainRowsFormSet, "get_queryset") as read:
        assert shown.initial_form_count() == 4
    read.assert_not_called()  # counted once, when the formset was first shown


def test_a_posted_formset_counts_what_was_posted(make_evaluation, rf):
    request = _request(rf)
    evaluation = make_evaluation(subjects=4, criteria=3)
    prefix = SubjectInline.__name__
    data = {f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-INITIAL_FORMS": "1"}
    shown, django = _formsets(SubjectInline, request, evaluation, data=data)
    assert shown.initial_form_count() == django.initial_form_count() == 1
    assert not hasattr(shown, "_rows_counted")  # what was posted, not the rows saved


def test_the_evaluation_form_sets_its_own_fields_never_those_every_page_shares(make_evaluation, rf):
    """What a page offers for its evaluation is set on its form's own fields (decision 378:
    the form class is kept for every page alike), never on the class's or declared ones."""
    request = _request(rf)
    model_admin = admin.site._registry[Evaluation]
    evaluation = make_evaluation()
    declared = EvaluationForm.declared_fields["tellers"].queryset
    changed = model_admin.get_form(request, evaluation)(instance=evaluation)
    added = model_admin.get_form(request, None)()
    for name in ("tellers", "entitled"):
        assert changed.fields[name] is not EvaluationForm.declared_fields[name]
        assert changed.fields[name].queryset is not declared
    assert changed.fields["tellers"].initial == []  # its tellers: none yet
    assert EvaluationForm.declared_fields["tellers"].initial is None
    assert EvaluationForm.declared_fields["tellers"].queryset is declared
    assert added.fields["tellers"].initial is None  # not the change page's tellers
    assert "entitled" not in added.fields


def test_the_items_fields_are_djangos(author, rf):
    request = _request(rf)
    model_admin = admin.site._registry[Proposal]
    proposal = draft(author)
    for obj in (proposal, None):
        assert model_admin.get_fields(request, obj) == ModelAdmin.get_fields(
            model_admin, request, obj
        )
