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
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import mark_safe

from congress_office.form_renderer import OPTION_TEMPLATE, OfficeFormRenderer
from tests.sessions.factories import SessionFactory

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
