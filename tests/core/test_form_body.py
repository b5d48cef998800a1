"""A form's POST body read by `form_body` is Django's QueryDict of it, and the middleware that
uses it keeps Django's limits and the CSRF check (decision 266)."""

from urllib.parse import urlencode

import pytest
from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.test import Client

from congress_office.form_body import FORM, form_body

BODIES = [
    b"",
    b"a=1",
    b"a=1&b=2&a=3",  # a key twice: both values, in order
    b"a=&b",  # blanks, a key with no "="
    b"&&a=1&&",
    b"c-1-2=excellent&c-1-3=&action=submit&csrfmiddlewaretoken=abc",
    b"name=%E5%BC%A0%E4%BB%A3%E8%A1%A8&x=a+b%2Bc",  # UTF-8 percent-encoded, + and %2B
    "名字=张代表".encode(),  # raw UTF-8, as some clients send
    b"bad=%FF%FE&k=\xff",  # not UTF-8: decoded as QueryDict decodes it
    b"a;b=1&c=2",  # ";" is no separator
    b"%00=%00",
]


def _same(ours: QueryDict, django: QueryDict) -> None:
    assert list(ours.lists()) == list(django.lists())
    assert ours.encoding == django.encoding == "utf-8"
    assert type(ours) is QueryDict
    with pytest.raises(AttributeError):  # immutable, as request.POST is
        ours["x"] = "1"


@pytest.mark.parametrize("body", BODIES)
def test_form_body_is_djangos_query_dict(body):
    _same(form_body(body), QueryDict(body, encoding="utf-8"))


def test_a_ballots_body_is_djangos_query_dict():
    fields = {f"c-{s}-{c}": ["excellent", "", "competent"][(s + c) % 3] for s in range(15)
              for c in range(6)}  # fmt: skip
    body = urlencode({"csrfmiddlewaretoken": "t" * 64, **fields, "action": "submit"}).encode()
    _same(form_body(body), QueryDict(body, encoding="utf-8"))


def test_too_many_fields_are_refused_as_django_refuses_them(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    form_body(b"a=1&b=2&c=3")
    QueryDict(b"a=1&b=2&c=3")
    for parse in (form_body, lambda body: QueryDict(body, encoding="utf-8")):
        with pytest.raises(TooManyFieldsSent):
            parse(b"a=1&b=2&c=3&d=4")


@pytest.mark.django_db
def test_the_middleware_keeps_the_limits_and_the_csrf_check(settings, client_for, delegate):
    # Too many fields, or too large a body: 400, as before; no CSRF token: 403, as before.
    client = client_for(delegate)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    many = urlencode({f"f{n}": n for n in range(6)})
    assert client.post("/i18n/setlang/", many, content_type=FORM).status_code == 400
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    large = urlencode({"language": "en", "x": "y" * 200})
    assert client.post("/i18n/setlang/", large, content_type=FORM).status_code == 400
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
    checked = Client(enforce_csrf_checks=True)
    checked.cookies = client.cookies
    refused = checked.post("/i18n/setlang/", "language=en", content_type=FORM)
    assert refused.status_code == 403
    assert checked.get("/evaluations/").status_code == 200  # a page sets the CSRF cookie
    secret = checked.cookies["csrftoken"].value
    body = urlencode({"language": "en", "csrfmiddlewaretoken": secret})
    answered = checked.post("/i18n/setlang/", body, content_type=FORM)
    assert answered.status_code == 302  # the token read from the body the middleware parsed


@pytest.mark.django_db
def test_the_middleware_sets_what_django_would(rf):
    from congress_office.form_body import FormBodyMiddleware

    seen = {}

    def view(request):
        seen["post"], seen["files"] = request.POST, request.FILES
        return None

    body = b"a=1&a=2&b="
    request = rf.post("/", body, content_type=FORM)
    FormBodyMiddleware(view)(request)
    _same(seen["post"], QueryDict(body, encoding="utf-8"))
    assert not seen["files"]
    # Not a urlencoded form (JSON, multipart): left to Django.
    request = rf.post("/", b'{"a": 1}', content_type="application/json")
    FormBodyMiddleware(view)(request)
    assert not hasattr(request, "_post") or not request._post
    request = rf.post("/", {"a": "1"})  # multipart
    FormBodyMiddleware(lambda r: None)(request)
    assert not hasattr(request, "_post")
    assert request.POST["a"] == "1"
