import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_language_switcher_sets_simplified_chinese(client):
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": "/accounts/login/"}
    )
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "登录" in page
    assert "Sign in" not in page


def test_english_stays_available(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page


def test_browser_language_is_honoured(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page


def test_delegate_page_in_chinese(client_for, delegate):
    client = client_for(delegate)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = client.get("/delegates/me/").content.decode()
    # Labels only, not data: the factory's names are Chinese whatever the language.
    assert "工作单位及职务" in page
    assert "学历" in page
    assert "Work unit and post" not in page


def test_english_times_are_on_the_24_hour_clock():
    """Issue 12, 1.14: "Voting opens at Dec. 4, 2026, 11:30 a.m.." printed two full stops."""
    import datetime

    from django.utils import translation
    from django.utils.formats import date_format

    moment = datetime.datetime(2026, 12, 4, 11, 30)
    with translation.override("en"):
        assert date_format(moment, "DATETIME_FORMAT") == "Dec. 4, 2026, 11:30"
        assert date_format(moment, "TIME_FORMAT") == "11:30"
    with translation.override("zh-hans"):
        assert date_format(moment, "DATETIME_FORMAT") == "2026年12月4日 11:30"
