"""Fuzzing the core's forms: sign-in, password reset and change, the language switcher and
the notification settings."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from hypothesis import given
from hypothesis import strategies as st

from congress_office.models import CalendarDay, NotificationSettings

from .helpers import (
    Snapshot,
    admin_post,
    assert_unchanged,
    checked,
    isolated,
    post_admin_form,
    row,
    signed_in,
)
from .strategies import field_value, form_data, text

User = get_user_model()


@given(data=form_data({"username": forms.CharField(), "password": forms.CharField()}))
def test_sign_in(office, data):
    with isolated():
        client = signed_in(office.nobody)
        client.logout()
        before = Snapshot()
        checked(client.post("/accounts/login/", data))
        # A sign-in writes only the login session (not watched) and the last login time.
        assert_unchanged(before)


@given(email=field_value(forms.EmailField()))
def test_password_reset(office, email, django_capture_on_commit_callbacks):
    with isolated():
        client = signed_in(office.nobody)
        client.logout()
        before = Snapshot()
        with django_capture_on_commit_callbacks(execute=True):
            checked(client.post("/accounts/password_reset/", {"email": email}))
        assert_unchanged(before)


@given(
    data=form_data(
        {
            "old_password": forms.CharField(),
            "new_password1": forms.CharField(),
            "new_password2": forms.CharField(),
        }
    )
)
def test_password_change(office, data):
    with isolated():
        client = signed_in(office.delegate_user)
        before, account = Snapshot(), row(office.delegate_user)
        response = checked(client.post("/accounts/password_change/", data))
        if response.status_code == 302:  # changed: only the password hash differs
            after = row(office.delegate_user)
            assert after.pop("password") != account.pop("password")
            after.pop("last_login"), account.pop("last_login")
            assert after == account
            assert_unchanged(before)
        else:
            assert_unchanged(before, {office.delegate_user: account})


@given(language=st.one_of(st.sampled_from(["en", "zh-hans", "zh-Hans", "fr"]), text), next_=text)
def test_language_switcher(office, language, next_):
    with isolated():
        client = signed_in(office.delegate_user)
        before = Snapshot()
        checked(client.post("/i18n/setlang/", {"language": language, "next": next_}))
        assert_unchanged(before)


@given(value=st.one_of(st.none(), text, st.lists(text, min_size=2, max_size=3)))
def test_notification_settings(office, value):
    with isolated():
        client = signed_in(office.delegate_user)
        before = Snapshot()
        checked(client.post("/notifications/", {} if value is None else {"email": value}))
        stored = NotificationSettings.objects.get(user=office.delegate_user)
        assert stored.email == bool(value[-1] if isinstance(value, list) else value)
        changes = before.changes(Snapshot())
        assert set(changes["created"]) <= {"congress_office.NotificationSettings"}
        assert not changes["deleted"]


@given(data=st.data(), which=st.sampled_from([None, "holiday"]))
def test_working_day_calendar_admin(office, data, which):
    obj = getattr(office, which) if which else None
    client = signed_in(office.secretariat)
    with isolated():
        payload = data.draw(admin_post(admin.site._registry[CalendarDay], office.secretariat, obj))
        post_admin_form(client, CalendarDay, obj, payload)
