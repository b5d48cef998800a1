"""The printed documents' page: it answers at once and follows the work, whether a worker or
the web server itself prints; a second click starts no second job."""

import pytest
from django.core.handlers.base import BaseHandler
from django.test import RequestFactory

from congress_office.celery import app as celery_app
from sessions.models import SessionDocument
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db


def page_url(session, kind="report"):
    return f"/sessions/{session.pk}/print/{kind}/"


@pytest.mark.django_db(transaction=True)
def test_without_a_worker_the_page_answers_before_the_document_is_printed(
    client, secretariat, session, settings, tmp_path
):
    # Printed inside the request, the report held the page for seconds with its button live.
    settings.MEDIA_ROOT = tmp_path
    sign_in_as(client, secretariat)
    factory = RequestFactory()
    factory.cookies = client.cookies  # signed in as the office
    request = factory.post(page_url(session, "agenda"))
    request._dont_enforce_csrf_checks = True
    handler = BaseHandler()
    handler.load_middleware()
    response = handler.get_response(request)  # the response, not yet sent
    assert response.status_code == 302
    assert SessionDocument.objects.get().status == "queued"
    response.close()  # sent: the server prints it now
    assert SessionDocument.objects.get().status == "done"


def test_a_second_click_starts_no_second_job(
    client_for, secretariat, session, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks() as jobs:
        client.post(page_url(session))
        again = client.post(page_url(session), follow=True)
    assert len(jobs) == 1
    assert "This document is already being generated." in again.content.decode()
    assert SessionDocument.objects.get().status == "queued"


def test_the_button_says_it_is_busy_once_clicked(client_for, secretariat, session):
    page = client_for(secretariat).get(page_url(session), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert '<form method="post" data-busy-label="正在生成……">' in html
    assert "/static/js/busy.js" in html


@pytest.mark.parametrize(
    ("in_process", "said"),
    [
        (True, "this server generates the document itself"),
        (False, "A background worker generates the document."),
    ],
)
def test_while_printed_the_page_follows_the_work_and_says_who_does_it(
    client_for,
    secretariat,
    session,
    django_capture_on_commit_callbacks,
    monkeypatch,
    in_process,
    said,
):
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks():  # asked for, not yet printed
        client.post(page_url(session))
    monkeypatch.setitem(celery_app.conf, "task_always_eager", in_process)
    html = client.get(page_url(session)).content.decode()
    assert said in html
    assert "data-progress-url" in html and "Being generated" not in html  # queued
    assert "data-busy-label" not in html  # no button to click again while it is in hand


def test_a_document_the_worker_could_not_take_says_so_and_can_be_asked_again(
    client_for, secretariat, session
):
    SessionDocument.objects.create(session=session, kind="report", status="queued")
    html = client_for(secretariat).get(page_url(session)).content.decode()
    assert "The background worker could not be reached" in html
    assert "data-busy-label" in html
