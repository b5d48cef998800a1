"""`{% site_header %}` writes the header base.html's template wrote, to the character
(decision 267), whoever reads it, wherever, in both languages."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.functional import SimpleLazyObject

# The header as base.html had it, kept here as the reference.
REFERENCE = """{% load i18n %}<header class="site-header">
    <div class="container header-row">
      <a class="brand" href="{% url 'home' %}">{% translate "Congress Office" %}</a>
      {% if user.is_authenticated %}
      <nav class="site-nav" aria-label="{% translate 'Main navigation' %}">
        <ul>
          {% for label, url in navigation %}
          <li><a href="{{ url }}"{% if request.path == url %} aria-current="page"{% endif %}>{{ label }}</a></li>
          {% endfor %}
          {% if not awaiting_code %}
          <li><a href="{% url 'notifications' %}"{% if request.path == '/notifications/' %} aria-current="page"{% endif %}>{% translate "Notifications" %}{% if unread_notifications %} <span class="count">{{ unread_notifications }}</span>{% endif %}</a></li>
          <li><a href="{% url 'password_change' %}">{% translate "Change password" %}</a></li>
          {% endif %}
          <li>
            <form method="post" action="{% url 'logout' %}" class="inline-form">
              {% csrf_token %}
              <button type="submit" class="link-button">{% translate "Sign out" %}</button>
            </form>
          </li>
        </ul>
      </nav>
      {% endif %}
      <form class="language-switcher" action="{% url 'set_language' %}" method="post">
        {% csrf_token %}
        <input name="next" type="hidden" value="{{ request.get_full_path }}">
        <label for="language-select" class="visually-hidden">{% translate "Language" %}</label>
        <select id="language-select" name="language">
          {% get_available_languages as LANGUAGES %}
          {% get_language_info_list for LANGUAGES as languages %}
          {% for language in languages %}
          <option value="{{ language.code }}"{% if language.code == LANGUAGE_CODE %} selected{% endif %} lang="{{ language.code }}">{{ language.name_local }}</option>
          {% endfor %}
        </select>
        <button type="submit" class="small-button">{% translate "Switch" %}</button>
      </form>
    </div>
  </header>"""  # noqa: E501


class User:
    is_authenticated = True


def _request(path):
    return RequestFactory().get(path)


CASES = {
    "anonymous": {"user": AnonymousUser(), "request": _request("/accounts/login/?next=/x/")},
    "no request, no user": {},
    "signed in": {
        "user": User(),
        "request": _request("/evaluations/"),
        "navigation": SimpleLazyObject(
            lambda: [("My evaluations", "/evaluations/"), ("Proposals", "/proposals/")]
        ),
        "unread_notifications": SimpleLazyObject(lambda: 3),
    },
    "on the notifications, many unread": {
        "user": User(),
        "request": _request("/notifications/"),
        "navigation": [("<Duties & more>", '/a"b/')],
        "unread_notifications": 12345,
    },
    "none unread, odd path": {
        "user": User(),
        "request": _request('/proposals/?q=<b>"&amp;'),
        "navigation": [],
        "unread_notifications": 0,
    },
    "awaiting a code": {"user": User(), "request": _request("/"), "awaiting_code": True},
    "no token": {"user": User(), "request": _request("/"), "csrf_token": ""},
    "token not provided": {"user": User(), "request": _request("/"), "csrf_token": "NOTPROVIDED"},
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("case", CASES)
def test_the_header_is_the_templates(case, language):
    values = {"csrf_token": "T" * 64, "LANGUAGE_CODE": language, **CASES[case]}
    with translation.override(language):
        expected = Template(REFERENCE).render(Context(values))
        written = Template("{% load site_header %}{% site_header %}").render(Context(values))
    assert written == expected
    assert "language-switcher" in written


@pytest.mark.django_db
def test_a_page_shows_the_header_with_the_menu(client_for, delegate):
    page = client_for(delegate).get("/evaluations/").content.decode()
    assert '<nav class="site-nav"' in page and 'href="/evaluations/" aria-current="page"' in page
    assert page.count('name="csrfmiddlewaretoken"') >= 2
