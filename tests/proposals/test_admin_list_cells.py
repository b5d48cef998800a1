"""What the admin's lists print without a template per row (decision 173): the time-left chip
in the words and colours the templates gave it, the selection checkbox as Django's widget
writes it, and a unit's staff chosen among the accounts without another role."""

import datetime

import pytest
from django import forms
from django.contrib.admin import helpers
from django.template import Context, Template
from django.utils import timezone, translation

from congress_office.roles import Role
from proposals.admin import HandlingUnitAdmin
from proposals.models import HandlingUnit
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def chip(deadline, amber_on=None, language="en"):
    with translation.override(language):
        return Template("{% load deadlines %}{% time_left_chip d a %}").render(
            Context({"d": deadline, "a": amber_on})
        )


def test_the_chip_says_the_time_left_in_its_colour():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    assert chip(None) == ""
    assert (
        chip(today - 3 * day) == '<span class="chip chip-due-over">Overdue · 3 days overdue</span>'
    )
    assert chip(today - day) == '<span class="chip chip-due-over">Overdue · 1 day overdue</span>'
    assert chip(today) == '<span class="chip chip-due-soon">Due soon · due today</span>'
    assert chip(today + 2 * day, today) == (
        '<span class="chip chip-due-soon">Due soon · 2 days left</span>'
    )
    assert chip(today + 9 * day, today + 5 * day) == (
        '<span class="chip chip-due-ok">On time · 9 days left</span>'
    )
    assert chip(today - 3 * day, language="zh-hans") == (
        '<span class="chip chip-due-over">超期 · 已逾期3天</span>'
    )


def test_the_checkbox_is_the_one_djangos_widget_writes(unit):
    model_admin = HandlingUnitAdmin(HandlingUnit, None)
    widget = forms.CheckboxInput(
        {"class": "action-select", "aria-label": f"Select this object for an action - {unit}"},
        lambda value: False,
    )
    with translation.override("en"):
        assert model_admin.action_checkbox(unit) == widget.render(
            helpers.ACTION_CHECKBOX_NAME, str(unit.pk)
        )


def test_a_units_staff_are_chosen_among_accounts_without_another_role(
    office, unit, unit_staff, delegate, secretariat
):
    clerk = UserFactory(username="clerk")  # a new account: no role yet
    both = UserFactory(username="both", role=Role.DELEGATE)
    form = office.get("/admin/proposals/handlingunit/add/").context["adminform"].form
    offered = set(form.fields["staff"].queryset.values_list("username", flat=True))
    assert {"clerk", "unit_staff"} <= offered
    assert not offered & {delegate.username, secretariat.username, both.username}
    assert clerk.pk in {u.pk for u in form.fields["staff"].queryset}


def test_the_lead_unit_filter_links_each_unit_keeping_the_other_filters(office, unit, other_unit):
    page = office.get("/admin/proposals/proposal/", {"queue": "overdue"}).content.decode()
    for each in (unit, other_unit):
        assert f'href="?handled_by={each.pk}&amp;queue=overdue"' in page
    chosen = office.get("/admin/proposals/proposal/", {"handled_by": unit.pk})
    spec = next(s for s in chosen.context["cl"].filter_specs if s.parameter_name == "handled_by")
    selected = [c["display"] for c in spec.choices(chosen.context["cl"]) if c["selected"]]
    assert selected == [unit.name]
