"""A delegate's check-in code is an image of its own (decision 201): the session page names
it, drawn while the page is already shown; only its delegate gets it, a browser keeps it a day
for that account alone, and it is drawn once (the cache)."""

import pytest
from django.core.cache import cache

from sessions.services import check_in_token_read
from tests.sessions.kit import S, session_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def code(session, my_record):
    cache.clear()
    return f"/sessions/{session.pk}/check-in-code/{my_record.pk}.svg"


def test_the_page_shows_the_delegates_own_code_as_an_image(client_for, delegate, session, code):
    page = client_for(delegate).get(f"/sessions/{session.pk}/").content.decode()
    assert f'<img src="{code}" alt="My check-in code"' in page
    assert "<svg" not in page  # not drawn for the page


def test_the_image_is_the_code_of_the_scan_address_kept_a_day_for_the_account(
    client_for, delegate, session, my_record, code, monkeypatch
):
    import segno

    encoded = []
    make = segno.make
    monkeypatch.setattr(segno, "make", lambda url, **kw: encoded.append(url) or make(url, **kw))
    response = client_for(delegate).get(code)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "private, max-age=86400"
    svg = response.content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox=')
    # The token is signed with the second it was made (`signing.dumps`): compared by what it
    # reads as, not as text (made a second apart under load, the texts differed).
    (url,) = encoded
    prefix = "http://testserver/sessions/check-in/"
    assert url.startswith(prefix) and url.endswith("/")
    assert check_in_token_read(url.removeprefix(prefix)[:-1]) == (session.pk, my_record.pk)
    assert client_for(delegate).get(code).content.decode() == svg
    assert len(encoded) == 1  # the second from the cache


@pytest.mark.parametrize("who", ["other_delegate", "secretariat"])
def test_nobody_else_gets_a_delegates_code(client_for, request, code, who):
    assert client_for(request.getfixturevalue(who)).get(code).status_code == 404


def test_no_code_to_be_had_once_the_session_is_closed(client_for, delegate, session, code):
    assert client_for(delegate).get(code).status_code == 200
    session_in(S.CLOSED, session=session)
    assert client_for(delegate).get(code).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, code):
    response = anonymous.get(code)
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_code_is_drawn_with_the_cache_away(
    client_for, delegate, session, my_record, cache_away
):
    # Redis stopped or just restarted (the soak, issue 16 item 8): a cache miss, not a 500.
    code = f"/sessions/{session.pk}/check-in-code/{my_record.pk}.svg"
    response = client_for(delegate).get(code)
    assert response.status_code == 200 and response.content.startswith(b"<svg")
