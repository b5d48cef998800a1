"""A briefing in the browser: the office writes and publishes it in the admin, a delegate
reads it on a phone, and the office sees that they have."""

import pytest
from playwright.sync_api import expect

from delegates.demo import TERM_NAME
from delegates.models import Briefing, BriefingRead, Delegate
from tests.core.documents import PDF

pytestmark = pytest.mark.e2e

TITLE = "关于做好年度代表述职工作的通报"


def test_the_office_publishes_a_briefing_and_sees_who_read_it(
    desktop_page, phone_page, sign_in, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    office = sign_in(desktop_page, "office")
    office.goto(f"{live_server.url}/admin/delegates/briefing/add/")
    office.select_option("#id_term", label=TERM_NAME)
    office.fill("#id_title", TITLE)
    office.fill("#id_body", "请各位代表于月底前提交年度履职情况报告。")
    office.set_input_files(
        "#id_attachment", {"name": "述职要求.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    office.click("input[name=_save]")
    expect(office.locator(".messagelist")).to_contain_text(TITLE)

    # Published from the list with the action: every active delegate of the term is told.
    row = office.locator("#result_list tr", has_text=TITLE)
    row.locator("input.action-select").check()
    office.select_option("select[name=action]", value="publish")
    office.click("button[name=index]")
    expect(office.locator(".messagelist")).to_contain_text("published")
    briefing = Briefing.objects.get(title=TITLE)
    assert briefing.published_at is not None

    # The delegate reads it on a phone: unread in the list, then opened (and so read).
    phone = sign_in(phone_page, "delegate")
    phone.click("nav >> text=Briefings")
    entry = phone.locator(".briefings li", has_text=TITLE)
    expect(entry.locator(".chip")).to_have_text("Unread")
    entry.locator("a").click()
    expect(phone.locator("h1")).to_have_text(TITLE)
    expect(phone.locator("main")).to_contain_text("年度履职情况报告")
    with phone.expect_download() as download:
        phone.click("text=Download the attached file")
    assert download.value.suggested_filename == f"{TITLE}.pdf"
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    me = Delegate.objects.get(user__username="delegate")
    assert BriefingRead.objects.filter(briefing=briefing, delegate=me).count() == 1
    phone.click("text=All briefings")
    expect(phone.locator(".briefings li", has_text=TITLE).locator(".chip")).to_have_text("Read")

    # The office sees the delegate among those who have read it.
    office.goto(f"{live_server.url}/admin/delegates/briefing/{briefing.pk}/change/")
    expect(office.locator(".reader", has_text=me.name)).to_be_visible()
    expect(office.locator(".field-readership")).to_contain_text("Read: 1;")
