"""Work deferred during a request runs once the response is sent
(congress_office/after_response.py)."""

import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from congress_office.after_response import AfterResponseMiddleware, defer

# Closing a response ends the request, which closes the old database connections.
pytestmark = pytest.mark.django_db


def answer_deferring(*works):
    def view(request):
        for work in works:
            assert defer(work)
        return HttpResponse("answered", headers={"Content-Length": "8"})

    return AfterResponseMiddleware(view)


def test_deferred_work_runs_when_the_response_is_closed_not_before():
    done = []
    response = answer_deferring(lambda: done.append("printed"))(RequestFactory().get("/"))
    assert response.content == b"answered" and done == []
    # So the server closes this connection: the next page is not asked for behind the work.
    assert not response.has_header("Content-Length")
    response.close()  # what the server does once the last byte went out
    assert done == ["printed"]


def test_outside_a_request_nothing_is_deferred():
    assert defer(lambda: None) is False


def test_a_response_with_no_work_after_it_keeps_its_length():
    response = answer_deferring()(RequestFactory().get("/"))
    assert response["Content-Length"] == "8"


def test_failing_work_is_logged_and_the_next_runs(caplog):
    done = []

    def fail():
        raise RuntimeError("no font")

    response = answer_deferring(fail, lambda: done.append("next"))(RequestFactory().get("/"))
    with caplog.at_level(logging.ERROR, logger="congress_office.after_response"):
        response.close()
    assert done == ["next"]
    assert "no font" in caplog.text


def test_work_deferred_by_a_view_that_then_fails_runs_at_once():
    done = []

    def view(request):
        defer(lambda: done.append("kept"))
        raise KeyboardInterrupt  # not turned into a response by Django's handlers

    with pytest.raises(KeyboardInterrupt):
        AfterResponseMiddleware(view)(RequestFactory().get("/"))
    assert done == ["kept"]
    assert defer(lambda: None) is False  # and the request's list is gone
