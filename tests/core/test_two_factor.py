"""Two-factor sign-in (congress_office/two_factor.py): enrolment, the code page, recovery codes,
throttling, a delegate's own choice, a superuser's reset, and the events each one records."""

import base64
import datetime
import re

import pytest
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from congress_office.audit_models import SecurityEvent
from congress_office.roles import Role
from congress_office.two_factor import REQUIRED_SESSION_KEY
from congress_office.two_factor_events import TwoFactorEvent
from tests.core.factories import PASSWORD, UserFactory
from tests.sign_in import sign_in_as, totp_code, totp_device

pytestmark = pytest.mark.django_db

ENROL = "/accounts/two-factor/set-up/"
VERIFY = "/accounts/two-factor/code/"
CODES = "/accounts/two-factor/recovery-codes/"
MANAGE = "/accounts/two-factor/"


@pytest.fixture
def events():
    """The kinds of two-factor event in the security audit trail, in order."""

    def kinds():
        entries = SecurityEvent.objects.filter(kind__startswith="two_factor_").order_by("pk")
        return list(entries.values_list("kind", flat=True))

    return kinds


def password_sign_in(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def enrol(client, next_url="/admin/"):
    """Set up the app through the pages; returns the key read off the page and the codes."""
    page = client.get(f"{ENROL}?next={next_url}").content.decode()
    key = re.search(r'id="two-factor-key"[^>]*>([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    raw = base64.b32decode(key)
    response = client.post(ENROL, {"code": totp_code(raw), "next": next_url})
    assert response.status_code == 302 and response["Location"].startswith(CODES)
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>", page)
    return raw, codes, page


def test_office_staff_are_sent_to_set_up_right_after_the_password(client, secretariat, events):
    response = password_sign_in(client, secretariat)
    response = client.get(response["Location"])  # their home: the gate answers first
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2F"
    assert client.get("/admin/")["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    raw, codes, page = enrol(client, next_url="/")
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "shown only this once" in page
    assert 'href="/"' in page  # then on to where they were going: their home
    assert client.get("/")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # Shown once: the page does not show them again.
    again = client.get(CODES)
    assert again.status_code == 302 and again["Location"] == MANAGE
    assert TwoFactorEvent.ENROLLED in events()
    assert TwoFactorEvent.TURNED_ON not in events()  # required by the role, not chosen


def test_the_enrolment_page_keeps_its_key_until_confirmed(client, secretariat):
    password_sign_in(client, secretariat)
    first = client.get(ENROL).content.decode()
    second = client.get(ENROL).content.decode()
    key = re.search(r'id="two-factor-key"[^>]*>([^<]+)<', first).group(1)
    assert key in second
    assert "<svg" in first  # the QR code
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=False).count() == 1


def _svg(page: str) -> str:
    return re.search(r"<svg.*?</svg>", page, re.S).group(0)


def test_the_keys_qr_code_is_drawn_once_per_key_and_language(client, secretariat, delegate):
    """Drawn once (decision 304), the image is segno's drawing of the user's own key, in the
    page's language; another user's key is drawn apart."""
    import segno

    from congress_office.two_factor_views import _qr_svg

    _qr_svg.cache_clear()
    password_sign_in(client, secretariat)
    first, second = (client.get(ENROL).content.decode() for _ in range(2))
    device = TOTPDevice.objects.get(user=secretariat, confirmed=False)
    drawn = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, light="#fff", title="QR code of the key"
    )
    assert _svg(first) == _svg(second) == drawn
    assert _qr_svg.cache_info().misses == 1
    chinese = client.get(ENROL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert _svg(chinese) != drawn and "密钥" in _svg(chinese)
    other = client.__class__()
    password_sign_in(other, delegate)
    theirs = _svg(other.get(ENROL).content.decode())
    assert theirs != drawn and _qr_svg.cache_info().misses == 3


def test_a_wrong_code_at_enrolment_is_refused_and_nothing_is_turned_on(client, secretariat):
    password_sign_in(client, secretariat)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=secretariat).exists()
    assert client.get("/admin/").status_code == 302


def test_sign_in_with_a_code_from_the_app(client, secretariat, events):
    device = totp_device(secretariat)
    password_sign_in(client, secretariat)
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    response = client.post(VERIFY, {"code": totp_code(device.bin_key), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert events() == [TwoFactorEvent.VERIFIED]
    # The same code is not taken twice (django-otp remembers the last one used).
    other = type(client)()
    password_sign_in(other, secretariat)
    response = other.post(VERIFY, {"code": totp_code(device.bin_key)})
    assert response.status_code == 200
    assert events()[-1] == TwoFactorEvent.CODE_REFUSED


def test_a_recovery_code_works_once(client, secretariat, events):
    password_sign_in(client, secretariat)
    _raw, codes, _page = enrol(client)
    client.post("/accounts/logout/")
    password_sign_in(client, secretariat)
    response = client.post(VERIFY, {"code": codes[3].upper(), "next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert StaticToken.objects.filter(device__user=secretariat).count() == 9
    assert events()[-1] == TwoFactorEvent.RECOVERY_CODE_USED
    client.post("/accounts/logout/")
    password_sign_in(client, secretariat)
    response = client.post(VERIFY, {"code": codes[3]})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_wrong_codes_are_throttled_with_a_message_saying_when_to_try_again(
    client, secretariat, events
):
    device = totp_device(secretariat)
    password_sign_in(client, secretariat)
    for _ in range(3):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        client.post(VERIFY, {"code": "000000"})
    # Three wrong codes in a row: the next try must wait four seconds, even with the right code.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=timezone.now())
    with translation.override("zh-hans"):
        response = client.post(
            VERIFY, {"code": totp_code(device.bin_key)}, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "连续输错验证码的次数过多" in page and "秒" in page
    assert events()[-1] == TwoFactorEvent.THROTTLED
    assert client.get("/admin/").status_code == 302
    # Once the wait is over, the right code is taken.
    past = timezone.now() - datetime.timedelta(minutes=1)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=past)
    response = client.post(VERIFY, {"code": totp_code(device.bin_key, steps_ahead=1)})
    assert response.status_code == 302


def test_recovery_codes_are_renewed_and_the_old_ones_stop_working(client, secretariat, events):
    password_sign_in(client, secretariat)
    _raw, old, _page = enrol(client)
    response = client.post("/accounts/two-factor/recovery-codes/renew/")
    new = re.findall(
        r"<code>([a-z2-7-]{9})</code>", client.get(response["Location"]).content.decode()
    )
    assert len(new) == 10 and not set(new) & set(old)
    assert events()[-1] == TwoFactorEvent.RECOVERY_CODES_RENEWED
    tokens = set(
        StaticToken.objects.filter(device__user=secretariat).values_list("token", flat=True)
    )
    assert tokens == {code.replace("-", "") for code in new}


def test_office_staff_cannot_turn_it_off(office, secretariat):
    response = office.post("/accounts/two-factor/turn-off/")
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=secretariat, confirmed=True).exists()
    assert "cannot be turned off" in office.get(MANAGE).content.decode()


def test_a_delegate_needs_no_code_until_they_turn_it_on(client, delegate, events):
    password_sign_in(client, delegate)
    assert client.get("/delegates/me/").status_code == 200
    assert client.get(MANAGE).status_code == 200
    enrol(client, next_url=MANAGE)
    assert events()[-2:] == [TwoFactorEvent.ENROLLED, TwoFactorEvent.TURNED_ON]
    # Now the delegate's next sign-in asks for a code before any of their pages.
    client.post("/accounts/logout/")
    password_sign_in(client, delegate)
    assert client.session[REQUIRED_SESSION_KEY] is True
    assert client.get("/delegates/me/")["Location"].startswith(VERIFY)
    device = TOTPDevice.objects.get(user=delegate)
    client.post(VERIFY, {"code": totp_code(device.bin_key, steps_ahead=1)})
    assert client.get("/delegates/me/").status_code == 200
    # And they turn it off again.
    response = client.post("/accounts/two-factor/turn-off/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=delegate).exists()
    assert events()[-1] == TwoFactorEvent.TURNED_OFF
    client.post("/accounts/logout/")
    password_sign_in(client, delegate)
    assert client.get("/delegates/me/").status_code == 200


def test_the_setting_names_the_roles_that_must_use_it(client, delegate, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = [Role.SECRETARIAT.value, Role.DELEGATE.value]
    password_sign_in(client, delegate)
    assert client.get("/delegates/me/")["Location"].startswith(ENROL)
    assert "Your role requires" in client.get(ENROL).content.decode()


def test_a_superuser_resets_a_users_two_factor_and_it_is_recorded(client, secretariat, events):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    staff_client = type(client)()
    sign_in_as(staff_client, secretariat)  # verified, with a device
    url = f"/admin/auth/user/{secretariat.pk}/two-factor-reset/"
    # Office staff may not (the accounts' pages are superusers' alone).
    assert staff_client.get(url).status_code == 403
    assert staff_client.post(url).status_code == 403
    sign_in_as(client, superuser)
    page = client.get(f"/admin/auth/user/{secretariat.pk}/change/").content.decode()
    assert url in page
    assert "lost their phone" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=secretariat).exists()
    assert events()[-1] == TwoFactorEvent.RESET
    # The user's signed-in session reaches no page until they set it up again.
    response = staff_client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL)


def test_the_reset_names_who_did_it(client, secretariat):
    totp_device(secretariat)
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    sign_in_as(client, superuser)
    client.post(f"/admin/auth/user/{secretariat.pk}/two-factor-reset/", REMOTE_ADDR="10.2.3.4")
    (entry,) = SecurityEvent.objects.filter(kind=TwoFactorEvent.RESET)
    assert (entry.user, entry.username, entry.address) == (superuser, "root", "10.2.3.4")
    assert (entry.target, entry.target_id) == (secretariat.username, str(secretariat.pk))


def test_every_event_kind_has_a_chinese_label():
    with translation.override("zh-hans"):
        labels = [str(kind.label) for kind in SecurityEvent.Kind if kind.startswith("two_factor_")]
    assert len(labels) == 9
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels), labels
