"""A read-only field's value and label written by `congress_office.readonly_values` are
Django's `AdminReadonlyField.contents()` and `label_tag()` to the character (decision 318):
the model's fields of each kind (choices known and unknown, flags, dates, datetimes, numbers,
texts with line breaks and markup, related objects linked, missing or without a change page),
a model admin's methods (yes-no, markup, plain text, None, failing), fields of the form itself,
in English and in Chinese. `tests/core/test_office_form.py` compares every form of the office."""

import datetime
from unittest import mock

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import AdminReadonlyField
from django.contrib.auth.forms import ReadOnlyPasswordHashWidget
from django.forms.boundfield import BoundField
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from congress_office import readonly_values
from delegates.models import Delegate, Term
from proposals.models import HandlingUnit, Proposal, ProposalCategory

FIELDS = [f.name for f in Proposal._meta.concrete_fields]


class MethodsAdmin(admin.ModelAdmin):
    """A model admin's read-only methods of each kind `contents` tells apart."""

    @admin.display(boolean=True, description="flag")
    def flag(self, obj):
        return {1: True, 2: False}.get(obj.pk)

    def markup(self, obj):
        return format_html("<b>{}</b>\n", "<i>")

    def plain(self, obj):
        return "one\r\ntwo <three> & \rfour"

    def nothing(self, obj):
        return None

    def lazy(self, obj):
        return gettext_lazy("Yes")

    def number(self, obj):
        return 12345

    def fails(self, obj):
        raise AttributeError("no such thing")

    @admin.display(description=mark_safe("<em>marked</em> safe"))
    def safe_label(self, obj):
        return "x"

    @admin.display(description="")
    def no_label(self, obj):
        return "y"


METHODS = [
    "flag",
    "markup",
    "plain",
    "nothing",
    "lazy",
    "number",
    "fails",
    "safe_label",
    "no_label",
]


def _items() -> list[Proposal]:
    term = Term(pk=3, name="第十届 <term>")
    unit = HandlingUnit(pk=8, name="Unit & <co>")
    full = Proposal(
        pk=1,
        term=term,
        kind=Proposal._meta.get_field("kind").choices[0][0],
        title="A <title>\nin two lines",
        situation="line one\r\nline two\rline three <b>",
        recommendations="",
        category=ProposalCategory(pk=4, name="教育"),
        author=Delegate(pk=5, name="张三"),
        inquired_unit=unit,
        lead_unit=unit,
        status="no-such-status",
        number="2026-001",
        urgent=True,
        round=12345,
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30)),
        submitted_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 23, 59, 1)),
        lead_deadline=datetime.date(2026, 4, 1),
        first_reply_on_time=False,
        cosigner_rated=0,
    )
    full.merged_into = Proposal(pk=2, number="2026-002", title="merged")
    bare = Proposal(
        pk=2,
        term=term,
        title="   ",
        status=Proposal._meta.get_field("status").choices[-1][0],
        urgent=False,
        created_at=timezone.make_aware(datetime.datetime(2026, 1, 1)),
    )
    return [full, bare]


def _pairs(form, model_admin, names):
    for index, name in enumerate(names):
        field = AdminReadonlyField(form, name, is_first=index % 2 == 0, model_admin=model_admin)
        yield name, field


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_kind_of_value_and_label_as_django_writes_it(language):
    model_admin = MethodsAdmin(Proposal, admin.site)
    form_class = forms.modelform_factory(Proposal, fields=["title", "urgent"])
    compared = 0
    with translation.override(language):
        for item in _items():
            form = form_class(instance=item)
            for name, field in _pairs(form, model_admin, FIELDS + METHODS):
                assert readonly_values.contents(field) == field.contents(), (item.pk, name)
                assert readonly_values.label_tag(field) == field.label_tag(), name
                compared += 1
    assert compared == 2 * (len(FIELDS) + len(METHODS))


def test_the_written_ways_are_the_ones_taken():
    """Fields written here do not go through Django's `contents` (the comparison above would
    pass if everything fell back to it)."""
    model_admin = MethodsAdmin(Proposal, admin.site)
    form = forms.modelform_factory(Proposal, fields=["title"])(instance=_items()[0])
    written = ["title", "status", "urgent", "created_at", "lead_deadline", "term", "plain"]
    for name, field in _pairs(form, model_admin, written):
        field.contents = None  # Django's way would fail
        assert readonly_values.contents(field), name


def test_a_widget_that_writes_its_value_is_left_to_django():
    class Form(forms.ModelForm):
        class Meta:
            model = Proposal
            fields = ["title"]
            widgets = {"title": ReadOnlyPasswordHashWidget}

    form = Form(instance=_items()[0])
    field = AdminReadonlyField(
        form, "title", is_first=True, model_admin=admin.site._registry[Proposal]
    )
    assert readonly_values.contents(field) == field.contents()
    field.contents = lambda: "Django's"
    assert readonly_values.contents(field) == "Django's"


def _rows_formset(data=None):
    """A formset of an item's assignments, as an inline builds it: each row's key and link to
    the item are hidden inputs."""
    from django.forms.models import inlineformset_factory

    from proposals.models import Assignment

    formset_class = inlineformset_factory(Proposal, Assignment, fields=["role"], extra=1)
    item = _items()[0]
    rows = [Assignment(pk=pk, proposal=item, role="lead") for pk in (7, 123456)]
    formset = formset_class(data, instance=item, queryset=Assignment.objects.none(), prefix="a")
    formset._queryset = rows  # the rows without a database
    return formset


def test_a_rows_hidden_key_and_link_as_django_writes_them():
    from congress_office.form_renderer import OfficeFormRenderer, hidden_field

    formset = _rows_formset()
    written = 0
    for form in formset.forms + [formset.empty_form]:
        assert isinstance(form.renderer, OfficeFormRenderer)
        for name in ("id", "proposal"):
            bound = form[name]
            djangos = str(bound)
            with mock.patch.object(BoundField, "as_widget", side_effect=AssertionError):
                assert hidden_field(bound) == djangos, (form.prefix, name)  # written here
            assert 'type="hidden"' in djangos
            written += 1
    assert written == 8  # two rows, the extra one and the empty form
    bound = _rows_formset({"a-TOTAL_FORMS": "1", "a-INITIAL_FORMS": "0", "a-0-id": "<9>"}).forms[0]
    assert hidden_field(bound["id"]) == str(bound["id"])  # Django's own (a bound form)
