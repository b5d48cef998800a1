"""The two-factor gate (congress_office/two_factor_gate.py), on every URL the security matrix
knows, on the server: a session signed in by password alone, of someone who must use two-factor
sign-in, reaches none of them but signing in and out, the language switcher and the two-factor
pages themselves. It is sent to the code page, or to setting up two-factor when it has no app
yet, by GET and by POST alike, before any view runs."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress_office.roles import Role
from congress_office.two_factor_gate import OPEN_WHILE_AWAITING_CODE
from tests.core.factories import UserFactory
from tests.security.test_matrix import URLS, _path, entry_for

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/two-factor/code/"
ENROL = "/accounts/two-factor/set-up/"


@pytest.fixture(scope="module")
def owing_a_code(world, django_db_blocker):
    """Who must give a code, each with the page the gate sends them to: office staff with an
    app, office staff without one yet, and a delegate who turned two-factor on. Made in the
    world's transaction, undone with it."""
    with django_db_blocker.unblock():
        TOTPDevice.objects.create(user=world.users["delegate"], name="app", confirmed=True)
        return {
            "office": (world.users["office"], VERIFY),
            "office without an app": (
                UserFactory(username="new_office", role=Role.SECRETARIAT),
                ENROL,
            ),
            "delegate who turned it on": (world.users["delegate"], VERIFY),
        }


@pytest.fixture
def unverified(owing_a_code):
    """A session of each, signed in by password only (no code given): fresh for each test,
    since a test may sign one out."""
    sessions = {}
    for name, (user, to) in owing_a_code.items():
        client = Client()
        client.force_login(user)
        sessions[name] = (client, to)
    return sessions


def _gated_urls():
    for url in URLS:
        cases = entry_for(url)
        if cases:
            yield pytest.param(url, cases[0], id=url.key)


def test_the_matrix_is_gated_whole():
    assert len(list(_gated_urls())) == len(URLS) > 150


@pytest.mark.parametrize(("url", "case"), list(_gated_urls()))
def test_an_unverified_session_reaches_no_page(world, unverified, url, case):
    if case.setup:
        case.setup(world)
    path = _path(world, url, case)
    for name, (client, to) in unverified.items():
        for method in (client.get, client.post):
            response = method(path)
            location = response.get("Location", "")
            where = f"{method.__name__.upper()} {path} as {name}"
            gated = f"{to}?{urlencode({'next': path})}"
            if url.name in OPEN_WHILE_AWAITING_CODE:
                assert location != gated, where  # the page's own view answered
            else:
                assert response.status_code == 302, f"{where}: {response.status_code}"
                assert location == gated, f"{where}: {location}"


def test_the_code_pages_open_for_an_unverified_session(unverified):
    client, _to = unverified["office"]
    assert client.get(VERIFY).status_code == 200
    client, _to = unverified["office without an app"]
    assert client.get(ENROL).status_code == 200
