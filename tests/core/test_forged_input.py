"""Forged ids in the office's admin pages get the page back, never a server error (found by
the fuzz tests in tests/fuzz)."""

import pytest
from django.contrib import admin

from congress_office.admin_helpers import OfficeModelAdmin, SafeAutocomplete
from congress_office.roles import OFFICE_APPS
from delegates.models import Delegate, Delegation, Term
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory
from tests.delegates.helpers import enter

# Forged around the real row's id ({pk}), so that a lookup that read them loosely would hit it.
FORGED = ["{pk}.5", "", "{pk}abc", " {pk}x", str(2**70), str(-(2**70))]


def test_every_admin_page_of_the_office_is_built_on_the_hardened_base():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OFFICE_APPS:
            continue
        assert isinstance(model_admin, OfficeModelAdmin), model
        for inline in model_admin.inlines:
            if inline.autocomplete_fields:
                assert issubclass(inline, SafeAutocomplete), inline


@pytest.mark.django_db
def test_in_lookups_leave_out_numbers_no_column_can_hold(term):
    assert list(Term.objects.filter(pk__in=[2**70, -(2**70)])) == []
    assert list(Term.objects.filter(pk__in=[term.pk, 2**63])) == [term]


@pytest.mark.django_db
def test_in_lookups_leave_out_values_that_are_no_numbers(term):
    assert list(Term.objects.filter(pk__in=[f"{term.pk}.5", "", f"{term.pk}abc"])) == []
    assert list(Term.objects.filter(pk__in=["x", str(term.pk)])) == [term]


@pytest.mark.django_db
def test_an_object_where_an_id_belongs_is_refused_not_left_out(term):
    # No request sends an object: only code does, by mistake, and it must not match nothing.
    with pytest.raises(TypeError):
        list(Term.objects.filter(pk__in=[term]))


@pytest.mark.django_db
@pytest.mark.parametrize("forged", FORGED)
def test_an_action_on_forged_ids_changes_nothing(client_for, secretariat, term, forged):
    unit = ElectoralUnitFactory(term=term)
    person = enter(term, unit)
    delegation = DelegationFactory(term=term)
    response = client_for(secretariat).post(
        "/admin/delegates/delegate/",
        {
            "action": "move_to_delegation",
            "_selected_action": [forged.format(pk=person.pk)],
            "index": "0",
            "apply": "1",
            "delegation": delegation.pk,
        },
    )
    assert response.status_code in (200, 302)
    assert Delegate.objects.get(pk=person.pk).delegation_id is None


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["1.5", "abc", str(2**70)])
def test_a_forged_id_in_an_autocomplete_field_is_shown_as_an_error(
    client_for, secretariat, term, forged
):
    data = {"term": term.pk, "name": "农村代表团", "leader": forged}
    response = client_for(secretariat).post("/admin/delegates/delegation/add/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["leader"]
    assert not Delegation.objects.exists()
