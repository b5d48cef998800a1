"""The office's change and add forms are the markup Django's templates write (decision 244):
their fieldsets (congress_office/templatetags/office_form.py), their tabular inlines' rows and
the fields' labels and errors (congress_office/form_renderer.py), written in Python. Every
change and add form of the large office, as office staff open it and after a POST that fails
(errors on the page), in English and in Chinese, rendered both ways and compared; Django's way
has each picker read its chosen rows itself and builds an inline's empty form each time it is
asked for; the office's reads the rows at once and builds the empty form once (decision 268).
The office is built inside a transaction rolled back once its forms are compared."""

import io
import re
from unittest import mock

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from congress_office import admin_autocomplete, admin_helpers, plain_admin_reads, value_rows
from congress_office.templatetags import office_form
from devdata.pages import admin_pages, is_page
from sessions.models import Election, Session, Vote
from tests.sign_in import sign_in_as

TEMPLATES = DjangoTemplates()


def _without_tokens(html: str) -> str:
    """The CSRF token and the CSP nonce change with each request."""
    return re.sub(r'(nonce|csrfmiddlewaretoken" value)="[^"]*"', "", html)


def _both_ways(client, method: str, url: str) -> tuple:
    """(Django's templates' page, the office's page), or None when either is not a page (a
    POST that saved)."""
    send = client.post if method == "post" else client.get
    with (
        mock.patch.object(office_form, "WRITTEN", False),
        mock.patch.object(admin_autocomplete, "CHOSEN_AT_ONCE", False),
        mock.patch.object(admin_autocomplete, "KEEP_MARKUP", False),
        mock.patch.object(admin_helpers, "ONE_EMPTY_FORM", False),
        mock.patch.object(plain_admin_reads, "ROWS_READ", False),
        mock.patch.object(value_rows, "FROM_VALUES", False),
        mock.patch("django.forms.forms.get_default_renderer", return_value=TEMPLATES),
        mock.patch("django.forms.formsets.get_default_renderer", return_value=TEMPLATES),
        mock.patch("django.forms.utils.get_default_renderer", return_value=TEMPLATES),
    ):
        djangos = send(url, {"_continue": "1"}) if method == "post" else send(url)
    offices = send(url, {"_continue": "1"}) if method == "post" else send(url)
    for response in (djangos, offices):
        if response.status_code == 302:  # saved: its message read, not left for the next page
            client.get(response["Location"])
    if not (is_page(djangos) and is_page(offices)):
        return None
    return _without_tokens(djangos.content.decode()), _without_tokens(offices.content.decode())


def _compared() -> dict:
    """{(form, GET or POST, language): (Django's page, the office's page)}."""
    with transaction.atomic():
        call_command(
            "large_office",
            "--scale",
            "0.005",
            "--today",
            "2026-11-23",
            "--allow-without-debug",
            stdout=io.StringIO(),
        )
        office = get_user_model().objects.get(username="office")
        client = Client(raise_request_exception=False)  # a POST refused is no page
        sign_in_as(client, office)
        compared = {}
        for language in ("en", "zh-hans"):
            client.cookies["django_language"] = language
            for name, url in admin_pages(office).items():
                if not name.endswith((" add", " change")):
                    continue
                for method in ("get", "post"):
                    pages = _both_ways(client, method, url)
                    if pages is not None:
                        compared[(name, method, language)] = pages
            for name, url in _service_pages().items():
                for method in ("get", "post"):
                    pages = _both_ways(client, method, url)
                    if pages is not None:
                        compared[(name, method, language)] = pages
        transaction.set_rollback(True)
    return compared


def _service_pages() -> dict:
    """The admin's pages of one step a service takes (`admin/service_form.html`, their
    fieldsets written too, decision 334), each with its form; an election's and a vote's own
    steps when the office has one (the smallest has neither)."""
    session, election = Session.objects.first(), Election.objects.first()
    record = reverse("admin:congress_sessions_vote_record")
    pages = {
        "service: record a vote": record,
        "service: record a vote in a session": f"{record}?session={session.pk}",
        "service: enter a delegate": reverse("admin:delegates_delegate_enter"),
        "service: upload a document": reverse("admin:congress_sessions_agendadocument_upload"),
        "service: fill the calendar": reverse("admin:congress_office_calendarday_fill"),
    }
    if election is not None:
        tellers = reverse("admin:congress_sessions_election_tellers", args=[election.pk])
        pages["service: tellers"] = tellers
    vote = Vote.objects.first()
    if vote is not None:
        for step in ("correct", "void"):
            url = reverse(f"admin:congress_sessions_vote_{step}", args=[vote.pk])
            pages[f"service: {step} a vote"] = url
    return pages


@pytest.fixture(scope="module")
def compared(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return _compared()


@pytest.mark.django_db
def test_every_form_is_the_markup_djangos_templates_write(compared):
    forms = {name for name, _method, _language in compared}
    assert len(forms) > 30
    assert {"congress_sessions.session change", "proposals.proposal change"} <= forms
    differ = [key for key, (djangos, offices) in compared.items() if djangos != offices]
    assert differ == [], differ[:10]


@pytest.mark.django_db
def test_the_pages_compared_show_fields_inlines_and_errors(compared):
    session, _ = compared[("congress_sessions.session change", "get", "zh-hans")]
    assert session.count('<tr class="form-row') > 5  # the inlines' rows
    assert 'class="readonly"' in session and "<label" in session
    failed = [key for key in compared if key[1] == "post"]
    assert len(failed) > 20
    with_errors = [key for key in failed if 'class="errorlist' in compared[key][1]]
    assert len(with_errors) > 20
    proposal, _ = compared[("proposals.proposal change", "get", "en")]
    assert proposal.count('class="readonly"') > 5
    services = [key for key in compared if key[0].startswith("service: ")]
    assert len({key[0] for key in services}) >= 5, services  # each of _service_pages()
    recorded, _ = compared[("service: record a vote in a session", "get", "en")]
    assert "<select" in recorded and '<fieldset class="module aligned' in recorded
    assert any('class="errorlist' in compared[key][1] for key in services if key[1] == "post")


def test_the_fieldset_written_is_djangos_own():
    """The tag writes Django's `fieldset.html`; an override of it by the project or an app
    would be rendered by its template instead."""
    engine = engines["django"].engine
    assert office_form._fieldset_is_djangos(engine)
    source = engine.get_template(office_form.FIELDSET_TEMPLATE).source
    assert source.count("{% for line in fieldset %}") == 1


class _Shouting(ErrorList):
    """An error list of a form's own class: asked to write itself even when empty."""

    def as_ul(self):
        return "<p>none</p>" if not self else super().as_ul()


class _Named(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"))


def test_a_field_without_errors_writes_none_as_djangos_list_would():
    """Decision 334: an empty list of Django's class is written as nothing without asking the
    renderer; a list of a form's own class, or one with errors, is asked as before."""
    for data, error_class in (
        (None, ErrorList),
        ({}, ErrorList),
        ({"name": "x"}, ErrorList),
        ({}, _Shouting),
        ({"name": "x"}, _Shouting),
    ):
        bound = _Named(data, error_class=error_class)["name"]
        assert office_form._errors_ul(bound) == bound.errors.as_ul()


def test_a_label_is_shown_once_a_page_in_the_language_of_the_page():
    labels = office_form._Labels()
    label = gettext_lazy("Delete")
    with translation.override("zh-hans"):
        shown = labels.shown(label)
        assert shown == str(label) != "Delete"
        assert labels.shown(label) is shown
        other = gettext_lazy("Delete")  # another object of the same text: its own entry
        assert labels.shown(other) == shown and len(labels) == 2
        assert labels.shown("<b>") == "&lt;b&gt;"
