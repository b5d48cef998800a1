import pytest
from playwright.sync_api import expect

from delegates.models import Delegate

pytestmark = pytest.mark.e2e


def test_a_delegate_signs_in_on_a_phone_and_sees_their_record(phone_page, sign_in, live_server):
    page = sign_in(phone_page, "delegate")
    me = Delegate.objects.select_related("delegation").get(user__username="delegate")
    expect(page).to_have_url(f"{live_server.url}/delegates/me/")
    expect(page.locator("h1")).to_have_text(me.name)
    expect(page.locator("main")).to_contain_text(me.delegation.name)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the page scrolls sideways on a phone"


def test_switching_to_chinese(phone_page, live_server, demo_office):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("h1")).to_have_text("Sign in")
    page.select_option("#language-select", "zh-hans")
    page.click(".language-switcher button")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text("登录")
    expect(page.locator("#language-select")).to_have_value("zh-hans")


def test_office_staff_land_in_the_admin(desktop_page, sign_in, live_server):
    page = sign_in(desktop_page, "office")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_contain_text("Congress Office")


def test_unit_staff_land_on_their_unit(phone_page, sign_in, live_server):
    page = sign_in(phone_page, "unit")
    expect(page).to_have_url(f"{live_server.url}/proposals/unit/")
    expect(page.locator("main")).to_contain_text("镇教育办公室")


def test_a_leader_opens_the_delegation_and_a_members_record(phone_page, sign_in):
    page = sign_in(phone_page, "leader")
    page.click("text=Delegations I lead >> xpath=.. >> a")
    leader = Delegate.objects.get(user__username="leader")
    member = page.locator("tbody a").filter(has_not_text=leader.name).first
    name = member.inner_text()
    member.click()
    expect(page.locator("h1")).to_have_text(f"Duties record of {name}")


def test_a_wrong_password_stays_on_the_form(phone_page, live_server, demo_office):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "delegate")
    page.fill("#id_password", "wrong password")
    page.click("main button[type=submit]")
    expect(page.locator(".form-errors")).to_contain_text("Please enter a correct username")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")


def test_signing_out(phone_page, sign_in, live_server):
    page = sign_in(phone_page, "delegate")
    page.click("text=Sign out")
    expect(page.locator("h1")).to_have_text("Signed out")
    expect(page.locator("nav.site-nav")).to_have_count(0)
    page.goto(f"{live_server.url}/delegates/me/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/delegates/me/")
