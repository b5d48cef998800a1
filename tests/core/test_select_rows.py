"""Every select of a relation on the office's admin forms reads its rows with `ChoicesAtOnce`
(congress_office/select_rows.py, decision 363): the same options, in the same order, as
Django's iterator, for every admin's and inline's form of the small office, on an add page and
on an object's; a picker (autocomplete) and a field with an iterator of its own keep theirs;
a picker of every row of its model reads its one chosen row by a statement written once."""

from unittest import mock

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models.sql.compiler import SQLCompiler
from django.forms.models import ModelChoiceIterator
from django.test import RequestFactory

from congress_office.admin_autocomplete import _chosen_rows, _picker
from congress_office.select_rows import ChoicesAtOnce, with_rows_at_once
from delegates.models import Delegate, Term
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
                    iterator = getattr(field, "iterator", None)  # the session's parts': its own
                    if not (isinstance(iterator, type) and issubclass(iterator, ChoicesAtOnce)):
                        continue
                    options = _options(field, iterator)
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


def test_a_pickers_one_row_of_every_row_is_read_by_a_statement_written_once():
    """The delegate's account picker offers every account: its chosen row is read by a
    statement written once (decision 363), the same row the ORM reads; a number no column holds
    is left to the ORM (and reads nothing), as is a picker whose queryset has a condition."""
    with office_built():
        request = RequestFactory().get("/")
        request.user = get_user_model().objects.get(username="office")
        delegates = admin.site._registry[Delegate]
        delegate = Delegate.objects.filter(user__isnull=False).order_by("pk").first()
        form = delegates.get_form(request, delegate)(instance=delegate)
        account = _picker(form.fields["user"])
        values = [str(delegate.user_id)]
        other = Delegate.objects.exclude(pk=delegate.pk).order_by("pk").first()
        expected = [(row.pk, row) for row in account.choices.queryset.filter(pk=delegate.user_id)]
        assert _chosen_rows(account, values) == expected  # written the first time
        with mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("written")):
            assert _chosen_rows(account, values) == expected
            with pytest.raises(AssertionError):  # a condition: the ORM writes it
                _chosen_rows(_picker(form.fields["delegation"]), [str(other.delegation_id)])
        assert _chosen_rows(account, [str(2**40)]) == []  # read as written: `in` leaves it out
