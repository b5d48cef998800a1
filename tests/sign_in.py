"""Signing a test client in as the site does. Where the user must use two-factor sign-in (their
role, their entering the admin, or their own choice), the session is also verified by a code
from their authenticator app, as django-otp marks it (django_otp.login): the TOTP device is
made for them if they have none. Every test and benchmark that signs someone in uses this."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress_office import two_factor


def sign_in_as(client, user):
    """`client` signed in as `user`, past the two-factor step where `user` has one."""
    client.force_login(user)
    if two_factor.required_by_role(user) or two_factor.turned_on(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session.save()
    return client


def verified_session_data(user) -> dict:
    """What a session verified by the user's authenticator app holds besides the sign-in
    itself, as `django_otp.login` and `two_factor.remember_requirement` write it: for the
    benchmarks, which write their sessions straight into the database."""
    return {
        DEVICE_ID_SESSION_KEY: totp_device(user).persistent_id,
        two_factor.REQUIRED_SESSION_KEY: True,
    }


def totp_device(user) -> TOTPDevice:
    """The user's authenticator app, as the site knows it: set up and confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(key: bytes, *, steps_ahead: int = 0) -> str:
    """The six digits an authenticator app shows for `key` now (or `steps_ahead` periods of 30
    seconds later: a code once accepted is not taken again, and the site accepts the next
    period's too, as apps and servers drift)."""
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def next_totp_code(username: str) -> str:
    """The code the user's app shows now, or the next period's when this period's code has
    already been used (the site takes each code once, and the next period's too)."""
    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    now = int(time.time()) // 30
    return totp_code(device.bin_key, steps_ahead=max(0, device.last_t + 1 - now))
