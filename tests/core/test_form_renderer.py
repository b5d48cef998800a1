"""The office's form renderer writes a select's options in Python (decision 195): its HTML must
be the very HTML Django's templates write for the same widget, so nothing changes for staff."""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template import Context, Template
from django.template.base import render_value_in_context
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from congress_office.form_renderer import (
    INPUT_TEMPLATE,
    INPUT_TEMPLATES,
    OPTION_TEMPLATE,
    OfficeFormRenderer,
    _shown,
)
from tests.sessions.factories import AgendaItemFactory, SessionFactory, SittingFactory

TEMPLATES = DjangoTemplates()
OFFICE = OfficeFormRenderer()

PLAIN = [("", "---------"), (1, "One"), (2, "Two & <three>"), ("x\"'y", "Quote \" ' here")]
GROUPED = [
    ("", "---------"),
    ("Fruit & veg", [("apple", "Apple"), ("pear", "Pear")]),
    ("Numbers", [(10, "Ten"), (20, "Twenty")]),
    ("loose", "Loose option"),
]
# Labels of kinds a template localizes or leaves unescaped.
_lazy_label = lazy(lambda: "Lazy label", str)
ODD_LABELS = [
    (1, mark_safe("<b>safe</b>")),
    (2, _lazy_label()),
    (3, Decimal("1234.5")),
    (4, datetime.date(2026, 12, 6)),
    (5, 42),
    (mark_safe("a&b"), "Safe value"),
]

CASES = [
    ("plain", forms.Select(choices=PLAIN), 2),
    ("plain, nothing selected", forms.Select(choices=PLAIN), None),
    ("plain, quote selected", forms.Select(choices=PLAIN), "x\"'y"),
    ("optgroups", forms.Select(choices=GROUPED), "pear"),
    ("optgroups, nothing selected", forms.Select(choices=GROUPED), ""),
    ("multiple", forms.SelectMultiple(choices=GROUPED), ["apple", "20", "loose"]),
    ("multiple, none", forms.SelectMultiple(choices=PLAIN), []),
    ("empty", forms.Select(choices=[]), None),
    ("empty multiple", forms.SelectMultiple(choices=[]), None),
    ("odd labels", forms.Select(choices=ODD_LABELS), 3),
    ("yes/no/unknown", forms.NullBooleanSelect(), True),
    (
        "attrs",
        forms.Select(
            choices=PLAIN,
            attrs={"class": "a <b>", "disabled": True, "hidden": False, "data-n": 3},
        ),
        1,
    ),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("case", "widget", "value"), CASES, ids=[case[0] for case in CASES])
def test_a_select_is_written_as_the_templates_write_it(case, widget, value, language):
    attrs = {"id": "id_field", "required": True}
    with translation.override(language):
        expected = widget.render("field", value, attrs=attrs, renderer=TEMPLATES)
        written = widget.render("field", value, attrs=attrs, renderer=OFFICE)
    assert written == expected
    assert "<option" in expected or case.startswith("empty")


def test_the_office_renders_forms_with_it():
    assert settings.FORM_RENDERER == "congress_office.form_renderer.OfficeFormRenderer"
    assert isinstance(get_default_renderer(), OfficeFormRenderer)


def test_no_template_is_rendered_per_option():
    widget = forms.Select(choices=[(n, f"Option {n}") for n in range(50)])
    with mock.patch.object(OFFICE, "get_template", wraps=OFFICE.get_template) as get_template:
        html = widget.render("field", 7, renderer=OFFICE)
    assert html.count("<option") == 50
    assert '<option value="7" selected>Option 7</option>' in html
    get_template.assert_not_called()


class _OwnOptionSelect(forms.Select):
    option_template_name = "django/forms/widgets/input.html"


def test_an_option_with_a_template_of_its_own_is_rendered_by_it():
    widget = _OwnOptionSelect(choices=PLAIN)
    with mock.patch.object(OFFICE, "get_template", wraps=OFFICE.get_template) as get_template:
        written = widget.render("field", 1, renderer=OFFICE)
    assert written == widget.render("field", 1, renderer=TEMPLATES)
    assert OPTION_TEMPLATE not in [call.args[0] for call in get_template.call_args_list]
    assert get_template.called


def test_an_admin_form_page_is_unchanged(office, term):
    """A whole admin add page, as office staff open it (its selects of sessions, kinds,
    ...): the same HTML with either renderer."""
    for ordinal in range(2, 7):
        SessionFactory(term=term, ordinal=ordinal, name=f"Session <{ordinal}> & co")
    url = "/admin/congress_sessions/election/add/"
    with (
        mock.patch("django.forms.forms.get_default_renderer", return_value=TEMPLATES),
        mock.patch("django.forms.formsets.get_default_renderer", return_value=TEMPLATES),
    ):
        expected = office.get(url).content.decode()
    written = office.get(url).content.decode()
    assert written.count("Session &lt;") == 5

    def without_tokens(html):  # the CSRF token and the CSP nonce change with each request
        return re.sub(r'(nonce|csrfmiddlewaretoken" value)="[^"]*"', "", html)

    assert without_tokens(written) == without_tokens(expected)


# Plain inputs (decision 238): values and attributes of the kinds a template escapes,
# localizes or leaves as they are.
INPUTS = [
    ("text", forms.TextInput(), "Quote \" ' & <b>"),
    ("text, safe value", forms.TextInput(), mark_safe("<b>safe</b>")),
    ("text, empty", forms.TextInput(), ""),
    ("text, none", forms.TextInput(), None),
    ("text, attrs", forms.TextInput(attrs={"class": "a <b>", "disabled": True, "x": False}), 1),
    ("number", forms.NumberInput(), Decimal("1234.5")),
    ("number, integer", forms.NumberInput(attrs={"min": 0, "step": "any"}), 42),
    ("date", forms.DateInput(), datetime.date(2026, 12, 6)),
    ("datetime", forms.DateTimeInput(), datetime.datetime(2026, 12, 6, 9, 30)),
    ("time", forms.TimeInput(), datetime.time(9, 30)),
    ("hidden", forms.HiddenInput(), 17),
    ("password", forms.PasswordInput(), "secret"),
    ("password, shown", forms.PasswordInput(render_value=True), "secret & <x>"),
    ("email", forms.EmailInput(), "a@b.cn"),
    ("url", forms.URLInput(), "https://x.cn/?a=1&b=2"),
    ("search", forms.SearchInput(), "关于"),
    ("tel", forms.TelInput(), "+86 10 1234"),
    ("color", forms.ColorInput(), "#ff0000"),
    ("checkbox, ticked", forms.CheckboxInput(), True),
    ("checkbox, not ticked", forms.CheckboxInput(), False),
    ("checkbox, a value", forms.CheckboxInput(), "yes"),
    ("file", forms.FileInput(), None),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("case", "widget", "value"), INPUTS, ids=[case[0] for case in INPUTS])
def test_an_input_is_written_as_the_templates_write_it(case, widget, value, language):
    attrs = {"id": "id_field", "required": True}
    with translation.override(language):
        expected = widget.render("field", value, attrs=attrs, renderer=TEMPLATES)
        with mock.patch.object(OFFICE, "get_template", wraps=OFFICE.get_template) as template:
            written = widget.render("field", value, attrs=attrs, renderer=OFFICE)
    assert written == expected
    assert expected.startswith("<input")
    template.assert_not_called()


@pytest.mark.parametrize("name", sorted(INPUT_TEMPLATES - {INPUT_TEMPLATE}))
def test_the_inputs_written_are_those_whose_template_only_includes_input_html(name):
    source = OFFICE.get_template(name).template.source
    assert source.strip() == '{% include "django/forms/widgets/input.html" %}'


def test_a_change_page_with_inlines_is_unchanged(office, term):
    """The session's change page, its sittings, agenda items and committees in inlines
    (each with its hidden empty row), as office staff open it: the same HTML with either
    renderer."""
    session = SessionFactory(term=term, ordinal=2, name="Session <2> & co", venue='Hall "A"')
    for day in (1, 2):
        SittingFactory(session=session, date=datetime.date(2026, 3, day))
    for order in (1, 2, 3):
        AgendaItemFactory(session=session, order=order, title=f"Item <{order}> & 'more'")
    url = f"/admin/congress_sessions/session/{session.pk}/change/"
    with (
        mock.patch("django.forms.forms.get_default_renderer", return_value=TEMPLATES),
        mock.patch("django.forms.formsets.get_default_renderer", return_value=TEMPLATES),
    ):
        expected = office.get(url).content.decode()
    written = office.get(url).content.decode()
    assert 'value="Item &lt;1&gt; &amp; &#x27;more&#x27;"' in written
    assert written.count('type="hidden"') > 10

    def without_tokens(html):
        return re.sub(r'(nonce|csrfmiddlewaretoken" value)="[^"]*"', "", html)

    assert without_tokens(written) == without_tokens(expected)


# The admin's own widgets written in Python (decision 244): its wrapper of a relation with each
# of its links (the pages compared in tests/core/test_office_form.py offer no deletion link) and
# its date and time inputs.
def _wrapped(hidden: bool):
    from django.contrib import admin
    from django.contrib.admin.widgets import RelatedFieldWidgetWrapper

    from sessions.models import Session

    inner = forms.HiddenInput() if hidden else forms.Select(choices=PLAIN)
    relation = Session._meta.get_field("term").remote_field
    return RelatedFieldWidgetWrapper(
        inner,
        relation,
        admin.site,
        can_add_related=True,
        can_change_related=True,
        can_delete_related=True,
        can_view_related=True,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("hidden", [False, True])
def test_a_relations_wrapper_is_written_as_its_template_writes_it(hidden, language):
    widget = _wrapped(hidden)
    with translation.override(language):
        expected = widget.render("term", 1, attrs={"id": "id_term"}, renderer=TEMPLATES)
        with mock.patch.object(OFFICE, "get_template", wraps=OFFICE.get_template) as template:
            written = widget.render("term", 1, attrs={"id": "id_term"}, renderer=OFFICE)
    assert written == expected
    assert ("delete-related" in expected) is not hidden
    template.assert_not_called()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_admins_date_and_time_inputs_are_written_as_their_templates_write_them(language):
    from django.contrib.admin.widgets import AdminDateWidget, AdminSplitDateTime, AdminTimeWidget

    value = datetime.datetime(2026, 12, 6, 9, 30)
    with translation.override(language):
        for widget in (AdminDateWidget(), AdminTimeWidget(), AdminSplitDateTime()):
            expected = widget.render("at", value, attrs={"id": "id_at"}, renderer=TEMPLATES)
            written = widget.render("at", value, attrs={"id": "id_at"}, renderer=OFFICE)
            assert written == expected
            assert expected.startswith('<p class="')


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("value", [None, datetime.datetime(2026, 12, 6, 23, 5, 7)])
def test_the_admins_date_and_time_pair_is_written_without_a_template(value, language):
    from django.contrib.admin.widgets import AdminSplitDateTime

    widget = AdminSplitDateTime(attrs={"class": "a <b>", "data-x": '"q"'})
    attrs = {"id": "id_at", "required": True, "aria-describedby": "at_help"}
    with translation.override(language):
        expected = widget.render("opens_at", value, attrs=attrs, renderer=TEMPLATES)
        with mock.patch.object(OFFICE, "get_template", wraps=OFFICE.get_template) as template:
            written = widget.render("opens_at", value, attrs=attrs, renderer=OFFICE)
    assert written == expected
    assert expected.count("<input") == 2
    template.assert_not_called()


_lazy_markup = lazy(lambda: "Tom & <Jerry> \"quoted\" 'single'", str)
_lazy_safe = lazy(lambda: mark_safe("<b>already safe</b>"), str)
LAZY_VALUES = [
    ("lazy plain", _lazy_label),
    ("lazy with markup characters", _lazy_markup),
    ("lazy safe", _lazy_safe),
    ("translated lazily", lambda: gettext_lazy("Add another %(model)s")),
    ("formatted lazily", lambda: format_lazy("{} & {}", gettext_lazy("Delete"), "<x>")),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("case", "make"), LAZY_VALUES, ids=[case for case, _ in LAZY_VALUES])
def test_a_lazy_string_is_shown_as_the_template_shows_it(case, make, language):
    """`_shown`'s own path for lazy strings (decision 280) against `{{ value }}` itself."""
    template = Template("{{ value }}")
    with translation.override(language):
        value = make()
        shown = _shown(value)
        assert shown == template.render(Context({"value": value}))
        assert shown == render_value_in_context(value, Context(autoescape=True))
        assert isinstance(shown, SafeString) or "<" not in shown


# Radio buttons and checkboxes written in Python (decision 289).
class _UnwrappedRadioSelect(forms.RadioSelect):
    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["wrap_label"] = False
        return option


MULTIPLE_INPUTS = [
    ("radio", forms.RadioSelect(choices=PLAIN), 2),
    ("radio, nothing chosen", forms.RadioSelect(choices=PLAIN), None),
    ("radio, quote chosen", forms.RadioSelect(choices=PLAIN), "x\"'y"),
    ("radio, groups", forms.RadioSelect(choices=GROUPED), "pear"),
    ("radio, odd labels", forms.RadioSelect(choices=ODD_LABELS), 3),
    ("radio, a class", forms.RadioSelect(choices=PLAIN, attrs={"class": "a <b>"}), 1),
    ("radio, not wrapped", _UnwrappedRadioSelect(choices=PLAIN), 1),
    ("radio, no choices", forms.RadioSelect(choices=[]), None),
    ("checkboxes", forms.CheckboxSelectMultiple(choices=GROUPED), ["apple", "20", "loose"]),
    ("checkboxes, none", forms.CheckboxSelectMultiple(choices=PLAIN), []),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("attrs", [{"id": "id_field", "required": True}, {}], ids=["id", "no id"])
@pytest.mark.parametrize(
    ("case", "widget", "value"), MULTIPLE_INPUTS, ids=[case[0] for case in MULTIPLE_INPUTS]
)
def test_radios_and_checkboxes_are_written_as_the_templates_write_them(
    case, widget, value, attrs, language
):
    with translation.override(language):
        expected = widget.render("field", value, attrs=attrs, renderer=TEMPLATES)
        with mock.patch.object(OFFICE, "get_template", wraps=OFFICE.get_template) as template:
            written = widget.render("field", value, attrs=attrs, renderer=OFFICE)
    assert written == expected
    assert expected.startswith("<div") and (case.endswith("no choices") or "<input" in expected)
    template.assert_not_called()


@pytest.mark.parametrize("name", ["radio", "checkbox_select", "radio_option", "checkbox_option"])
def test_the_choices_written_are_those_of_djangos_own_templates(name):
    source = OFFICE.get_template(f"django/forms/widgets/{name}.html").template.source.strip()
    included = "multiple_input" if name in ("radio", "checkbox_select") else "input_option"
    assert source == f'{{% include "django/forms/widgets/{included}.html" %}}'


class _OwnOptionRadioSelect(forms.RadioSelect):
    option_template_name = "django/forms/widgets/input.html"


def test_a_choice_with_a_template_of_its_own_is_rendered_by_it():
    widget = _OwnOptionRadioSelect(choices=PLAIN)
    with mock.patch.object(OFFICE, "get_template", wraps=OFFICE.get_template) as get_template:
        written = widget.render("field", 1, renderer=OFFICE)
    assert written == widget.render("field", 1, renderer=TEMPLATES)
    assert get_template.called


TEXTAREA_VALUES = [None, "", "one line", "two & <lines>\n  indented\n", mark_safe("<b>safe</b>"), 0]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("value", TEXTAREA_VALUES)
def test_a_textarea_is_written_as_its_template_writes_it(value, language):
    from django.contrib.admin.widgets import AdminTextareaWidget

    for widget in (forms.Textarea(), AdminTextareaWidget(attrs={"data-x": '"q" & <r>'})):
        attrs = {"id": "id_notes", "required": True, "disabled": False}
        with translation.override(language):
            expected = widget.render("notes", value, attrs=attrs, renderer=TEMPLATES)
            with mock.patch.object(OFFICE, "get_template", wraps=OFFICE.get_template) as read:
                written = widget.render("notes", value, attrs=attrs, renderer=OFFICE)
        assert written == expected
        read.assert_not_called()
