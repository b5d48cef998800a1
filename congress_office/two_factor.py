"""Two-factor sign-in, on django-otp: an authenticator app's codes (a TOTP device) and ten
one-time recovery codes (a static device). Who must use it, enrolling, giving a code, recovery
codes, a delegate turning it on or off, and a superuser's reset; the gate that keeps an
unverified session out of every page is congress_office/two_factor_gate.py.

A user's two-factor sign-in is on exactly when they have a confirmed TOTP device."""

import math
from base64 import b32encode

import django_otp
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .roles import user_roles
from .two_factor_events import TwoFactorEvent, record_two_factor_event

RECOVERY_CODE_COUNT = 10
# Whether this session's user must give a code: decided when they sign in (their roles, or a
# device of their own), so that no page asks the database again.
REQUIRED_SESSION_KEY = "two_factor_required"
# The recovery codes just made, until the page that shows them once has read them.
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


# --- Who must use it -------------------------------------------------------------------------


def required_by_role(user) -> bool:
    """Whether the user's roles (or their entering the admin at all) oblige them to use it."""
    if user.is_staff or user.is_superuser:
        return True
    required = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    return any(role.value in required for role in user_roles(user))


def turned_on(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remember_requirement(sender, request, user, **kwargs) -> None:
    """At sign-in (user_logged_in): whether this session must be verified by a code."""
    if request is not None and hasattr(request, "session"):
        request.session[REQUIRED_SESSION_KEY] = required_by_role(user) or turned_on(user)


def session_awaits_code(request) -> bool:
    """Whether this signed-in session may reach no page but the two-factor ones yet: its user
    must use two-factor and has not given a code in it. Staff are checked on every request
    (a role granted during a session counts at once), everyone else by what was decided at
    sign-in; no query either way."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return False
    return user.is_staff or user.is_superuser or bool(request.session.get(REQUIRED_SESSION_KEY))


# --- Enrolling -------------------------------------------------------------------------------


def enrolment_device(user) -> TOTPDevice:
    """The key being set up: the same one until it is confirmed, so that a reloaded page shows
    the key already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def key_for_typing(device: TOTPDevice) -> str:
    """The key in base32 as apps take it typed in, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def enrolment_confirm(*, request, device: TOTPDevice, code: str) -> list[str]:
    """Turn the device on with a code from the app; the session is verified by it. Returns the
    new recovery codes, to be shown once."""
    user = request.user
    code = _digits(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        locked_until = _throttled_until(device)
        # A wrong code's count is kept (the refusal is raised once the block has committed).
        verified = locked_until is None and device.verify_token(code)
        if verified:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = issue_recovery_codes(user)
    if locked_until is not None:
        _refuse_throttled(request, locked_until)
    if not verified:
        record_two_factor_event(request=request, user=user, kind=TwoFactorEvent.CODE_REFUSED)
        raise ValidationError(_wrong_code_message(), code="wrong")
    _session_verified(request, device)
    was_required = required_by_role(user)
    request.session[REQUIRED_SESSION_KEY] = True
    record_two_factor_event(request=request, user=user, kind=TwoFactorEvent.ENROLLED)
    if not was_required:
        record_two_factor_event(request=request, user=user, kind=TwoFactorEvent.TURNED_ON)
    return codes


# --- Recovery codes --------------------------------------------------------------------------


def issue_recovery_codes(user) -> list[str]:
    """Ten new recovery codes for the user; any old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def recovery_codes_renew(*, request) -> list[str]:
    """New recovery codes for the signed-in, verified user; the old ones stop working."""
    user = request.user
    if not user.is_verified():
        raise ValidationError(gettext("Give a code from your app first."))
    with transaction.atomic():
        codes = issue_recovery_codes(user)
    record_two_factor_event(request=request, user=user, kind=TwoFactorEvent.RECOVERY_CODES_RENEWED)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def display_code(code: str) -> str:
    """A recovery code as printed: two groups of four, easier to copy by hand."""
    return f"{code[:4]}-{code[4:]}"


# --- Giving a code at sign-in ----------------------------------------------------------------


def code_verify(*, request, code: str) -> None:
    """Verify the session with a code from the app (six digits) or a recovery code (eight
    letters and digits; used up by this). Refused codes are counted by django-otp; after a
    wrong one the next try must wait, doubling each time."""
    user = request.user
    digits = _digits(code)
    if len(digits) == 6 and digits == code.replace(" ", ""):
        device_model, token, kind = TOTPDevice, digits, TwoFactorEvent.VERIFIED
    else:
        device_model = StaticDevice
        token = code.replace(" ", "").replace("-", "").lower()
        kind = TwoFactorEvent.RECOVERY_CODE_USED
    with transaction.atomic():
        device = (
            device_model.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise ValidationError(_wrong_code_message(), code="wrong")
        locked_until = _throttled_until(device)
        verified = locked_until is None and device.verify_token(token)
    if locked_until is not None:
        _refuse_throttled(request, locked_until)
    if not verified:
        record_two_factor_event(request=request, user=user, kind=TwoFactorEvent.CODE_REFUSED)
        raise ValidationError(_wrong_code_message(), code="wrong")
    _session_verified(request, device)
    record_two_factor_event(request=request, user=user, kind=kind)


def _session_verified(request, device) -> None:
    """The session is verified by `device` (django-otp's mark), under a new session key: the
    session gained rights, as at sign-in."""
    django_otp.login(request, device)
    request.session.cycle_key()


def _throttled_until(device):
    """None when the device takes a code now, else the moment it will again."""
    allowed, details = device.verify_is_allowed()
    return None if allowed else details["locked_until"]


def _refuse_throttled(request, locked_until) -> None:
    # Recorded once the device's block has committed: raised inside it, the refusal would roll
    # the trail's entry back with it.
    record_two_factor_event(request=request, user=request.user, kind=TwoFactorEvent.THROTTLED)
    raise ValidationError(throttled_message(locked_until), code="throttled")


def throttled_message(locked_until) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    if seconds < 120:
        wait = ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    else:
        minutes = math.ceil(seconds / 60)
        wait = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return gettext(
        "Too many wrong codes in a row. Wait %(wait)s (until %(time)s), then try again."
    ) % {"wait": wait, "time": timezone.localtime(locked_until).strftime("%H:%M:%S")}


def _wrong_code_message() -> str:
    return gettext(
        "That code is not right. Type the six digits your app shows now, or one of your "
        "recovery codes."
    )


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


# --- Turning it off, and a superuser's reset -------------------------------------------------


def turn_off_refusal(user) -> str:
    """Why the user may not turn two-factor off, or "" when they may."""
    if required_by_role(user):
        return gettext("Your role requires two-factor sign-in: it cannot be turned off.")
    return ""


def two_factor_turn_off(*, request) -> None:
    """A delegate turns their own two-factor sign-in off."""
    user = request.user
    if why := turn_off_refusal(user):
        raise ValidationError(why)
    if not turned_on(user):
        raise ValidationError(gettext("Two-factor sign-in is not on."))
    if not user.is_verified():
        raise ValidationError(gettext("Give a code from your app first."))
    with transaction.atomic():
        _devices_delete(user)
    request.session[REQUIRED_SESSION_KEY] = False
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    record_two_factor_event(request=request, user=user, kind=TwoFactorEvent.TURNED_OFF)


def two_factor_reset(*, request, user) -> None:
    """A superuser removes a user's app key and recovery codes (a lost phone): the user sets up
    two-factor again at their next sign-in, and their signed-in sessions must give a code
    from the new device before any page opens."""
    by = request.user
    if not by.is_superuser:
        raise ValidationError(gettext("Only a superuser can reset someone's two-factor sign-in."))
    with transaction.atomic():
        _devices_delete(user)
    record_two_factor_event(request=request, user=user, kind=TwoFactorEvent.RESET, by=by)


def _devices_delete(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
