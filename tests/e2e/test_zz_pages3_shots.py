"""Throwaway: screenshots for helper pages3 (not committed)."""

import pytest
from playwright.sync_api import expect

from delegates.models import Delegate, Term
from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e
SHOTS = "/work/wt/pages3-shots"


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_shots(browser, sign_in, live_server, locale, size):
    options = PHONE if size == "phone" else DESKTOP
    context = browser.new_context(locale=locale, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    leader = Delegate.objects.get(user__username="leader")
    sign_in(page, "delegate")
    page.goto(f"{live_server.url}/proposals/new/")
    page.select_option("#id_kind", "proposal")
    page.fill("#id_title", f"关于增设社区食堂的提案 {locale} {size}")
    page.fill("#id_situation", "老年人吃饭难。")
    page.fill("#id_recommendations", "建议增设社区食堂。")
    page.screenshot(path=f"{SHOTS}/new-item-{size}-{locale}.png", full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.locator("details[data-cosign-picker] summary").click()
    page.screenshot(path=f"{SHOTS}/picker-0-open-{size}-{locale}.png", full_page=True)
    surname = leader.name[0]
    page.locator("#id_q").press_sequentially(surname, delay=80)
    expect(page.locator("[data-cosign-caption]")).to_contain_text(surname)
    page.screenshot(path=f"{SHOTS}/picker-1-typed-{size}-{locale}.png", full_page=True)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.locator("#id_q").fill("")
    page.locator("#id_q").press_sequentially(leader.name, delay=80)
    expect(page.locator("[data-cosign-caption]")).to_contain_text(leader.name)
    page.locator(f"[data-cosign-choices] input[value='{leader.pk}']").check()
    page.locator("#id_q").fill("")
    page.locator("#id_q").press_sequentially("没有这个人", delay=30)
    expect(page.locator("[data-cosign-choices]")).to_contain_text(
        "Nobody found" if locale == "en-US" else "没有"
    )
    page.screenshot(path=f"{SHOTS}/picker-2-chosen-{size}-{locale}.png", full_page=True)
    page.locator("[data-cosign-ask]").click()
    page.wait_for_load_state()
    page.screenshot(path=f"{SHOTS}/picker-3-asked-{size}-{locale}.png", full_page=True)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    print(locale, size, "fits", fits, errors)
    # The office's term structure page.
    page.context.clear_cookies()
    office = sign_in(page, "office")
    term = Term.objects.order_by("-start_date").first()
    office.goto(f"{live_server.url}/admin/delegates/term/{term.pk}/structure/")
    office.screenshot(path=f"{SHOTS}/structure-{size}-{locale}.png", full_page=True)
    context.close()
