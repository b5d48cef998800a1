"""Two-factor sign-in in the browser: a new member of the office's staff sets up their
authenticator app (the key read off the page, the code computed from it as the app does), keeps
their recovery codes, then signs in with a code from the app and with a recovery code, which
works once."""

import base64

import pytest
from playwright.sync_api import expect

from congress_office.roles import Role
from tests.core.factories import PASSWORD, UserFactory
from tests.sign_in import next_totp_code, totp_code

pytestmark = pytest.mark.e2e


def _password(page, url):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _code(page, code):
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _sign_out(page, url):
    page.goto(f"{url}/accounts/two-factor/")
    page.click("text=Sign out")
    expect(page.locator("h1")).to_have_text("Signed out")


def test_enrol_then_sign_in_with_a_code_and_with_a_recovery_code(phone_page, live_server):
    UserFactory(username="clerk", role=Role.SECRETARIAT)
    page, url = phone_page, live_server.url

    # Right after the password: the set-up page, and no way round it.
    _password(page, url)
    expect(page.locator("h1")).to_have_text("Set up two-factor sign-in")
    page.goto(f"{url}/admin/")
    expect(page.locator("h1")).to_have_text("Set up two-factor sign-in")
    expect(page.locator(".qr-code svg")).to_be_visible()
    key = base64.b32decode(page.inner_text("#two-factor-key").replace(" ", ""))
    _code(page, "000000")
    expect(page.locator(".form-errors")).to_contain_text("That code is not right")
    page.wait_for_timeout(1100)  # the wait after one wrong code: a second
    _code(page, totp_code(key))

    # The recovery codes, shown once, then on to the admin.
    expect(page.locator("h1")).to_have_text("Your recovery codes")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.click("text=I have kept them: continue")
    expect(page).to_have_url(f"{url}/admin/")
    page.goto(f"{url}/accounts/two-factor/recovery-codes/")
    expect(page.locator("main, #content").first).not_to_contain_text(codes[0])

    # Signing in again: a code from the app.
    _sign_out(page, url)
    _password(page, url)
    expect(page.locator("h1")).to_have_text("Two-factor sign-in")
    expect(page.locator("nav.site-nav")).not_to_contain_text("Change password")
    _code(page, next_totp_code("clerk"))
    expect(page).to_have_url(f"{url}/admin/")

    # A lost phone: a recovery code, which works once.
    _sign_out(page, url)
    _password(page, url)
    _code(page, codes[0])
    expect(page).to_have_url(f"{url}/admin/")
    _sign_out(page, url)
    _password(page, url)
    _code(page, codes[0])
    expect(page.locator(".form-errors")).to_contain_text("That code is not right")
    page.goto(f"{url}/admin/")
    expect(page.locator("h1")).to_have_text("Two-factor sign-in")
