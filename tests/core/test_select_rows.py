"""Every select of a relation on the office's admin forms reads its rows with `ChoicesAtOnce`
(congress_office/select_rows.py, decision 363): the same options, in the same order, as
Django's iterator, for every admin's and inline's form of the small office, on an add page and
on an object's; a picker (autocomplete) and a field with an iterator of its own keep theirs."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator
from django.test import RequestFactory

from congress_office.select_rows import ChoicesAtOnce, with_rows_at_once
from delegates.models import Term
from tests.core.small_office import office_built

pytestmark = pytest.mark.django_db


def _fields(model_admin, request, obj):
    """The form fields of the admin's form and its inlines' forms."""
    yield from model_admin.get_form(request, obj)().fields.values()
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        yield from formset.form().fields.values()


def _options(field, iterator) -> list:
    return [(str(value), label) for value, label in iterator(field)]


def test_every_relations_select_offers_what_djangos_iterator_offers():
    with office_built():
        request = RequestFactory().get("/")
        request.user = get_user_model().objects.get(username="office")
        compared = set()
        for model_admin in admin.site._registry.values():
            for obj in (None, model_admin.model._default_manager.order_by("pk").first()):
                for field in _fields(model_admin, request, obj):
                    if getattr(field, "iterator", None) is not ChoicesAtOnce:
                        continue
                    options = _options(field, ChoicesAtOnce)
                    assert options == _options(field, ModelChoiceIterator)
                    assert list(field.widget.choices) == list(field.choices)
                    compared.add(field.queryset.model)
        assert Term in compared and len(compared) > 10


def test_a_field_with_an_iterator_of_its_own_keeps_it():
    class Own(ModelChoiceIterator):
        pass

    own = forms.ModelChoiceField(Term.objects.all())
    own.iterator = Own
    assert with_rows_at_once(own).iterator is Own
    plain = with_rows_at_once(forms.ModelChoiceField(Term.objects.all()))
    assert plain.iterator is ChoicesAtOnce and type(plain.widget.choices) is ChoicesAtOnce
    assert with_rows_at_once(None) is None
