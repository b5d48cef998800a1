"""An opinion solicitation in the browser: the office builds and publishes it in the admin, a
delegate on a phone saves a draft, comes back and sends it; the office reads the summary,
downloads the XLSX and the PDF, and turns the answer into a suggestion."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from delegates.demo import TERM_NAME
from delegates.models import Delegate, Solicitation, SolicitationResponse
from proposals.models import Proposal

pytestmark = pytest.mark.e2e

TITLE = "关于镇农贸市场改造方案的意见征集"


def test_the_office_asks_a_delegate_answers_and_the_office_reads_it(
    desktop_page, phone_page, sign_in, live_server
):
    office = sign_in(desktop_page, "office")
    office.goto(f"{live_server.url}/admin/delegates/solicitation/add/")
    office.select_option("#id_term", label=TERM_NAME)
    office.fill("#id_title", TITLE)
    office.fill("#id_body", "镇政府拟改造农贸市场，请各位代表提出意见。")
    office.fill("#id_deadline_0", "2099-12-31")
    office.fill("#id_deadline_1", "18:00:00")
    expect(office.locator("#id_questions-0-order")).to_have_value("1")
    office.fill("#id_questions-0-text", "您是否赞成改造方案？")
    office.select_option("#id_questions-0-kind", value="one")
    office.fill("#id_questions-0-choices", "赞成\n不赞成")
    office.click("text=Add another Question")
    office.fill("#id_questions-1-order", "2")
    office.fill("#id_questions-1-text", "请为方案打分")
    office.select_option("#id_questions-1-kind", value="rating")
    office.click("text=Add another Question")
    office.fill("#id_questions-2-order", "3")
    office.fill("#id_questions-2-text", "具体意见")
    office.uncheck("#id_questions-2-required")
    office.click("input[name=_save]")
    expect(office.locator(".messagelist")).to_contain_text(TITLE)
    row = office.locator("#result_list tr", has_text=TITLE)
    row.locator("input.action-select").check()
    office.select_option("select[name=action]", value="publish")
    office.click("button[name=index]")
    expect(office.locator(".messagelist")).to_contain_text("published")
    solicitation = Solicitation.objects.get(title=TITLE)
    assert solicitation.published_at is not None
    assert list(solicitation.questions.values_list("order", flat=True)) == [1, 2, 3]

    # The delegate, on a phone: from the home page to the solicitation; a draft first.
    phone = sign_in(phone_page, "delegate")
    phone.goto(f"{live_server.url}/delegates/me/")
    phone.click("main >> text=Opinion solicitations")
    entry = phone.locator(".solicitations li", has_text=TITLE)
    expect(entry.locator(".chip")).to_have_text("Not answered")
    entry.locator("a").click()
    expect(phone.locator("h1")).to_have_text(TITLE)
    phone.get_by_label("赞成", exact=True).check()
    phone.fill("textarea", "建议保留早市。")
    phone.click("button[name=draft]")
    expect(phone.locator(".messages")).to_contain_text("Your draft is saved.")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    me = Delegate.objects.get(user__username="delegate")
    draft = SolicitationResponse.objects.get(solicitation=solicitation, delegate=me)
    assert draft.sent_at is None

    # Comes back later: the draft is there; sending without the rating is refused.
    phone.click("text=All solicitations")
    expect(phone.locator(".solicitations li", has_text=TITLE).locator(".chip")).to_have_text(
        "Draft saved"
    )
    phone.locator(".solicitations li", has_text=TITLE).locator("a").click()
    expect(phone.locator("textarea")).to_have_value("建议保留早市。")
    phone.click("button[name=send]")
    expect(phone.locator(".error")).to_contain_text("Please answer this question.")
    phone.get_by_label("4", exact=True).check()
    phone.click("button[name=send]")
    expect(phone.locator(".messages")).to_contain_text("Your answer is sent.")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    draft.refresh_from_db()
    assert draft.sent_at is not None

    # The office: who has answered, the summary with its bars, the XLSX and the PDF.
    office.goto(f"{live_server.url}/admin/delegates/solicitation/{solicitation.pk}/change/")
    expect(office.locator(".field-respondents")).to_contain_text("Answered: 1;")
    office.click("text=Who has answered, by delegation")
    expect(office.locator(".solicitation-respondents")).to_contain_text("1 of")
    office.go_back()
    office.click("text=Summary >> nth=0")
    expect(office.locator(".question-summary").first).to_contain_text("您是否赞成改造方案？")
    expect(office.locator(".answer-bar meter").first).to_have_attribute("value", "100")
    expect(office.locator(".free-texts")).to_contain_text("建议保留早市。")
    with office.expect_download() as download:
        office.click("text=Export XLSX")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert [c.value for c in sheet[2]][1] == me.name and sheet.max_row == 2
    with office.expect_download() as download:
        office.click("text=Summary (PDF)")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    # The answer becomes a suggestion, in the delegate's name, linked both ways.
    office.click("text=Each answer")
    office.locator("#result_list a", has_text=me.name).click()
    office.click("text=Turn into a suggestion")
    office.fill("#id_title", "关于农贸市场改造保留早市的建议")
    office.click("input[type=submit]")
    expect(office.locator(".messagelist")).to_contain_text("awaits review")
    suggestion = Proposal.objects.get(solicitation_response=draft)
    assert (suggestion.author, suggestion.status) == (me, "submitted")
    expect(office.locator(".field-suggestion_made a")).to_have_text(suggestion.title)
