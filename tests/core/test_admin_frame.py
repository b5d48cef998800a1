"""The admin's frame (templates/admin/base.html, the office's copy of Django's, and
base_site.html) with its fixed parts written once per process (`{% kept %}`, decision 314)
writes what Django's base.html with the office's former base_site.html wrote, to the
character: in both languages and a right-to-left one, after switching back and forth, under
another script prefix, and after a setting changes what a kept part holds."""

import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError, engines
from django.template.loader import get_template
from django.test import override_settings
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation

DJANGOS_BASE = Path(django.contrib.admin.__file__).parent / "templates/admin/base.html"
OFFICE = Path(settings.BASE_DIR) / "templates/admin"
MARKS = re.compile(r"\{% (?:end)?kept %\}")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _unmarked(text: str) -> str:
    """The template as it was before its fixed parts were marked to be kept."""
    text = MARKS.sub("", text).replace("{% blocks_found_once %}", "")
    return text.replace("{% load i18n kept_static admin_frame %}", "{% load i18n static %}")


def test_the_office_base_is_djangos_with_its_fixed_parts_marked():
    """Every block of Django's admin/base.html, with its default markup to the byte: the
    admin's page templates override them. Fails when an upgrade of Django changes its
    base.html: copy the new one and mark its fixed parts again."""
    ours = (OFFICE / "base.html").read_text()
    assert "{% kept %}" in ours
    assert _unmarked(ours) == DJANGOS_BASE.read_text()


def _reference():
    """base_site.html without its marks, extending Django's own base.html."""
    engine = engines["django"]
    site = _unmarked((OFFICE / "base_site.html").read_text())
    assert site.startswith('{% extends "admin/base.html" %}')
    site = site.replace('{% extends "admin/base.html" %}', "{% extends djangos_base %}", 1)
    return engine.from_string(site), engine.from_string(DJANGOS_BASE.read_text())


@pytest.fixture
def change_list(office):
    response = office.get("/admin/delegates/delegate/")
    assert response.status_code == 200
    return dict(response.context_data), response.wsgi_request


def _both(context: dict, request) -> tuple[str, str]:
    reference, djangos_base = _reference()
    ours = get_template("admin/base_site.html").render(context, request)
    theirs = reference.render({**context, "djangos_base": djangos_base}, request)
    return TOKEN.sub("", ours), TOKEN.sub("", theirs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changed",
    [
        {},
        {"is_popup": True},
        {"has_permission": False},
        {"site_url": None, "title": "<Odd & title>", "subtitle": "s"},
        {"is_nav_sidebar_enabled": True, "available_apps": []},
    ],
)
def test_the_frame_writes_what_djangos_wrote(change_list, changed):
    context, request = change_list
    for language in ("en", "zh-hans", "en", "ar", "zh-hans"):  # switched back and forth
        with translation.override(language):
            ours, theirs = _both({**context, **changed}, request)
        assert ours == theirs, language
    with translation.override("ar"):
        assert 'dir="rtl"' in _both(context, request)[0]


@pytest.mark.django_db
def test_the_kept_parts_follow_the_language(change_list):
    context, request = change_list
    with translation.override("zh-hans"):
        chinese = _both(context, request)[0]
    with translation.override("en"):
        english = _both(context, request)[0]
    assert "Skip to main content" in english and "Skip to main content" not in chinese
    assert 'lang="zh-hans"' in chinese and 'value="zh-hans" selected' in chinese
    assert 'value="en" selected' in english


@pytest.mark.django_db
def test_the_kept_parts_follow_a_changed_setting_and_the_script_prefix(change_list):
    context, request = change_list
    _both(context, request)  # kept under the present settings
    with override_settings(STATIC_URL="/elsewhere/"):
        ours, theirs = _both(context, request)
        assert ours == theirs
        assert '<link rel="stylesheet" href="/elsewhere/admin/css/dark_mode.css">' in ours
        assert '<link rel="icon" href="/elsewhere/favicon.svg"' in ours
    with override_settings(LANGUAGES=[("en", "English")]):
        ours, theirs = _both(context, request)
        assert ours == theirs and 'value="zh-hans"' not in ours
    prefix = get_script_prefix()
    set_script_prefix("/office/")
    try:
        ours, theirs = _both(context, request)
    finally:
        set_script_prefix(prefix)
    assert ours == theirs
    assert 'action="/office/admin/logout/"' in ours and 'href="/office/admin/"' in ours
    assert _both(context, request)[0].count("/office/") == 0


def test_a_kept_part_refuses_what_differs_from_page_to_page():
    for inside in ("{% block b %}{% endblock %}", "{% csrf_token %}"):
        with pytest.raises(TemplateSyntaxError):
            Template("{% load admin_frame %}{% kept %}" + inside + "{% endkept %}")


def test_what_a_kept_part_assigns_stays_inside_it():
    template = Template(
        "{% load i18n admin_frame %}{% kept %}{% get_current_language as code %}"
        "[{{ code }}]{% endkept %}({{ code }})"
    )
    with translation.override("en"):
        assert template.render(Context({"code": "x"})) == "[en](x)"
        assert template.render(Context({"code": "y"})) == "[en](y)"
    with translation.override("zh-hans"):
        assert template.render(Context({"code": "y"})) == "[zh-hans](y)"


def test_a_kept_part_follows_the_escaping_within_one_page():
    inner = Template("{% load admin_frame %}{% kept %}{{ amp }}{% endkept %}")
    page = Template(
        "{% include inner %}|{% autoescape off %}{% include inner %}{% endautoescape %}"
        "|{% include inner %}"
    )
    assert page.render(Context({"inner": inner, "amp": "a&b"})) == "a&amp;b|a&b|a&amp;b"
