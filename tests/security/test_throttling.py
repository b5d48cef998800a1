"""Login throttling (django-axes): failures count per user name AND address together, on the
site's sign-in page and the admin's alike."""

import pytest
from django.conf import settings
from django.test import RequestFactory

from congress_office.roles import Role
from congress_office.security import client_ip
from tests.core.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

VENUE = "10.1.1.1"
HOME = "10.2.2.2"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", role=Role.DELEGATE)


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", role=Role.DELEGATE)


def sign_in(client, username, password, address, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, address, times, url="/accounts/login/"):
    return [sign_in(client, username, "wrong", address, url).status_code for _ in range(times)]


def test_the_limit_is_sensible():
    assert 3 <= LIMIT <= 10
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_failures_lock_a_user_at_one_address_only(client, alice, bob):
    # The failures before the limit show the form again; the one that reaches it locks.
    assert fail(client, "alice", VENUE, LIMIT) == [200] * (LIMIT - 1) + [429]
    # Alice at the venue: locked, even with the right password.
    assert sign_in(client, "alice", PASSWORD, VENUE).status_code == 429
    # Bob at the same venue address: not locked.
    response = sign_in(client, "bob", PASSWORD, VENUE)
    assert response.status_code == 302 and response["Location"] == "/"
    client.logout()
    # Alice from home: not locked.
    assert sign_in(client, "alice", PASSWORD, HOME).status_code == 302


def test_the_lockout_page_is_friendly_and_in_the_sites_style(client, alice):
    fail(client, "alice", VENUE, LIMIT)
    response = sign_in(client, "alice", "x", VENUE)
    page = response.content.decode()
    assert response.status_code == 429
    assert "Signing in is paused" in page
    assert f"paused for {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in page
    assert "Other people at the same place can still sign in." in page
    assert 'href="/static/css/site.css"' in page and "/accounts/password_reset/" in page


def test_the_lockout_page_is_translated(client, alice):
    fail(client, "alice", VENUE, LIMIT)
    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": "x"},
        REMOTE_ADDR=VENUE,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 429
    assert 'lang="zh-hans"' in response.content.decode()


def test_the_admin_sign_in_is_throttled_too(client, db):
    UserFactory(username="clerk", role=Role.SECRETARIAT)
    statuses = fail(client, "clerk", VENUE, LIMIT, url="/admin/login/")
    assert statuses == [200] * (LIMIT - 1) + [429]
    assert sign_in(client, "clerk", PASSWORD, VENUE, url="/admin/login/").status_code == 429
    # The count is one for both sign-in pages: the site's is locked for the clerk as well.
    assert sign_in(client, "clerk", PASSWORD, VENUE).status_code == 429
    assert sign_in(client, "clerk", PASSWORD, HOME, url="/admin/login/").status_code == 302


def test_a_successful_sign_in_clears_the_count(client, alice):
    fail(client, "alice", VENUE, LIMIT - 1)
    assert sign_in(client, "alice", PASSWORD, VENUE).status_code == 302
    client.logout()
    assert fail(client, "alice", VENUE, LIMIT - 1) == [200] * (LIMIT - 1)
    assert sign_in(client, "alice", PASSWORD, VENUE).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, alice):
    from axes.models import AccessAttempt

    fail(client, "alice", VENUE, LIMIT)
    assert sign_in(client, "alice", PASSWORD, VENUE).status_code == 429
    # Age the attempts past the cool-off instead of waiting for it.
    attempt = AccessAttempt.objects.get()
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=attempt.attempt_time - settings.AXES_COOLOFF_TIME
    )
    assert sign_in(client, "alice", PASSWORD, VENUE).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "192.0.2.1"),  # no proxy: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),  # what the proxy appended
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # a forged entry on the left is ignored
        (2, "203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "", "192.0.2.1"),  # the proxy added nothing: its own address
    ],
)
def test_the_clients_address_behind_the_proxy(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_forged_addresses_do_not_dodge_the_throttle(client, settings, alice):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(LIMIT):
        client.post(
            "/accounts/login/",
            {"username": "alice", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, {VENUE}",
        )
    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"198.51.100.99, {VENUE}",
    )
    assert response.status_code == 429
