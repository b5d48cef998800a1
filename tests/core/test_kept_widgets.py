"""A select of fixed choices and a relation's addresses, kept per process
(congress_office/kept_widgets.py, decision 317), are what Django writes for the same inputs,
and a change in any input (the value, an attribute, the language, the script prefix) is not
answered from what was kept for another."""

import pytest
from django import forms
from django.contrib.admin import site
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation

from congress_office import kept_widgets
from congress_office.kept_widgets import KeptAddressWrapper, KeptSelect, KeptWidgets
from delegates.models import Activity
from sessions.models import AgendaItem, Committee


@pytest.fixture(autouse=True)
def nothing_kept():
    kept_widgets._selects.clear()
    kept_widgets._addresses.clear()


def _both(choices, name, value, attrs):
    ours, djangos = KeptSelect(choices=choices), forms.Select(choices=choices)
    return ours.render(name, value, attrs), djangos.render(name, value, attrs)


def test_a_kept_select_is_djangos_for_each_value_attribute_and_language():
    choices = AgendaItem._meta.get_field("kind").get_choices()
    seen = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for value in ("", choices[1][0], choices[2][0], None):
                for attrs in (
                    {"id": "id_items-0-kind"},
                    {"id": "id_items-1-kind", "required": True},
                ):
                    for _ in range(2):  # written, then kept
                        ours, djangos = _both(choices, attrs["id"][3:], value, attrs)
                        assert ours == djangos
                    seen.add(ours)
    assert len(seen) == 2 * 3 * 2  # every input its own markup (no value and "" are one)
    assert "selected>" in "".join(seen) and "&lt;" not in "".join(seen)


def test_a_select_with_other_choices_is_not_answered_from_another():
    first = [("a", "甲"), ("b", "乙")]
    second = [("a", "丙"), ("b", "乙")]
    assert _both(first, "kind", "a", {})[0] != _both(second, "kind", "a", {})[0]
    assert _both(second, "kind", "a", {})[0] == _both(second, "kind", "a", {})[1]


def test_a_wrappers_addresses_are_djangos_under_each_script_prefix():
    relation = Committee._meta.get_field("chair").remote_field
    ours = KeptAddressWrapper(forms.Select(), relation, site)
    djangos = RelatedFieldWidgetWrapper(forms.Select(), relation, site)
    info = ("delegates", "delegate")
    before = get_script_prefix()
    try:
        for prefix in ("/", "/office/", "/"):
            set_script_prefix(prefix)
            for action, args in (("change", ("__fk__",)), ("add", ()), ("delete", ("__fk__",))):
                address = ours.get_related_url(info, action, *args)
                assert address == djangos.get_related_url(info, action, *args)
                assert address.startswith(f"{prefix}admin/delegates/delegate/")
    finally:
        set_script_prefix(before)


def test_every_inline_of_the_office_keeps_its_widgets():
    inlines = {inline for model_admin in site._registry.values() for inline in model_admin.inlines}
    assert len(inlines) > 15
    lacking = {f"{inline.__module__}.{inline.__name__}" for inline in inlines}
    lacking -= {f"{i.__module__}.{i.__name__}" for i in inlines if issubclass(i, KeptWidgets)}
    assert lacking == set()


@pytest.mark.django_db
def test_every_model_admin_keeps_its_widgets(rf, secretariat):
    """OfficeModelAdmin's own (decision 332): an activity's form, whose admin lists no
    KeptWidgets, has its kind's select and its term's wrapper kept."""
    request = rf.get("/")
    request.user = secretariat
    form = site._registry[Activity].get_form(request)
    assert type(form.base_fields["kind"].widget) is KeptSelect
    assert type(form.base_fields["term"].widget) is KeptAddressWrapper
