"""An inquiry (质询) in the browser: a delegate files one about a department on a phone, a
co-signer confirms, the office accepts it and routes it to the department it names, the
department answers on a phone and both signers rate the answer (issue 14, item 3)."""

import pytest
from playwright.sync_api import expect

from delegates.models import Delegate
from proposals.models import Assignment, Feedback, HandlingUnit, Proposal, ProposalRules
from tests.e2e.test_proposal_journey import message, office_page, sign_out  # noqa: F401

pytestmark = pytest.mark.e2e

TITLE = "关于镇中心小学食堂改造进度的质询"
ANSWER = "食堂改造因设计变更推迟，已于本月复工，寒假前完工。"


@pytest.fixture
def two_signers(demo_office):
    """Ten delegates sign an inquiry by default: more than a journey should click through.
    Two will do here, the author and the delegation leader (the demo's second delegate)."""
    rules = ProposalRules.current()
    rules.inquiry_signers = 2
    rules.save()


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_an_inquiry_from_filing_to_every_signers_rating(
    phone_page,
    office_page,  # noqa: F811 - the fixture imported above
    sign_in,
    live_server,
    two_signers,  # noqa: F811
):
    leader = Delegate.objects.get(user__username="leader")
    unit = HandlingUnit.objects.get(name="镇教育办公室")  # the demo `unit` login's unit
    page = phone_page

    # 1. The delegate files the inquiry on a phone, naming the department.
    sign_in(page, "delegate")
    page.click("nav >> text=My proposals")
    page.click("text=Write a new proposal or suggestion")
    page.select_option("#id_kind", "inquiry")
    page.select_option("#id_inquired_unit", label=unit.name)
    page.fill("#id_title", TITLE)
    page.fill("#id_situation", "食堂改造原定九月完工，至今仍未完成，学生在临时棚内就餐。")
    page.fill("#id_recommendations", "请说明推迟原因和完工时间。")
    page.click("main button[type=submit]")
    expect(message(page)).to_contain_text("Your draft is saved.")
    expect(page.locator("main")).to_contain_text(f"An inquiry into the work of {unit.name}.")
    assert fits(page), "the inquiry's page scrolls sideways on a phone"
    inquiry = Proposal.objects.get(title=TITLE)

    # Without its co-signer it cannot go to the office, and is not offered as a suggestion.
    expect(page.locator("text=Submit as a suggestion")).to_have_count(0)
    page.click("text=Submit to the office")
    expect(page.locator(".form-errors")).to_contain_text("An inquiry needs 2 delegates")
    inquiry.refresh_from_db()
    assert inquiry.status == "draft"

    page.click("text=Ask delegates to co-sign")
    page.check(f"input[name=cosigners][value='{leader.pk}']")
    page.click("text=Ask them")
    expect(message(page)).to_contain_text("The delegates have been asked to co-sign.")
    sign_out(page)

    # 2. The leader confirms.
    sign_in(page, "leader")
    page.click("nav >> text=My proposals")
    invitation = page.locator(".check-in-list > li", has_text=TITLE)
    invitation.get_by_role("button", name="Co-sign", exact=True).click()
    expect(message(page)).to_contain_text("Thank you for your answer.")
    sign_out(page)

    # 3. The author submits it.
    sign_in(page, "delegate")
    page.goto(f"{live_server.url}/proposals/{inquiry.pk}/")
    page.click("text=Submit to the office")
    expect(message(page)).to_contain_text("Submitted to the congress office.")
    sign_out(page)

    # 4. The office accepts it and routes it, the lead unit left to the named department.
    office = sign_in(office_page, "office")
    office.goto(f"{live_server.url}/admin/proposals/proposal/?status=submitted&kind=inquiry")
    office.locator("#result_list tbody tr", has_text=TITLE).locator(
        "input[name=_selected_action]"
    ).check()
    office.select_option("select[name=action]", "accept")
    office.click("button[name=index]")
    office.select_option("#id_category", label="教育")
    office.click("input[type=submit][value=Accept]")
    expect(office.locator(".messagelist")).to_contain_text("1 item done.")
    office.goto(f"{live_server.url}/admin/proposals/proposal/?status=accepted&kind=inquiry")
    office.locator("#result_list tbody tr", has_text=TITLE).locator(
        "input[name=_selected_action]"
    ).check()
    office.select_option("select[name=action]", "route")
    office.click("button[name=index]")
    expect(office.locator("#content")).to_contain_text("an inquiry goes to the department")
    office.click("input[type=submit][value='Route to handling units']")
    expect(office.locator(".messagelist")).to_contain_text("1 item done.")
    assignment = Assignment.objects.get(proposal=inquiry)
    assert (assignment.unit, assignment.role) == (unit, "lead")

    # 5. The department answers in writing on a phone.
    sign_in(page, "unit")
    page.click(f"#inbox a:has-text('{TITLE}')")
    page.select_option("#id_result", "B")
    page.fill("#id_text", ANSWER)
    page.check("#id_confirm")
    page.click("form[action$='/reply/'] button[type=submit]")
    expect(message(page)).to_contain_text("Your reply has been sent.")
    sign_out(page)

    # 6. Both signers rate: the co-signer first, then the author, whose rating moves the item.
    for username, rating in (("leader", "basically"), ("delegate", "satisfied")):
        sign_in(page, username)
        page.goto(f"{live_server.url}/proposals/{inquiry.pk}/")
        rated = page.locator("section", has=page.locator("h2", has_text="Who has rated"))
        expect(rated).to_contain_text("Not yet rated")
        page.check(f"input[name=overall][value={rating}]")
        page.click("text=Send my rating")
        expect(message(page)).to_contain_text("Thank you for your rating.")
        expect(page.locator("text=Send my rating")).to_have_count(0)
        assert fits(page)
        sign_out(page)

    inquiry.refresh_from_db()
    assert inquiry.status == "tracking"  # answered B: tracked until solved
    ratings = dict(
        Feedback.objects.filter(reply__assignment=assignment).values_list(
            "delegate__user__username", "overall"
        )
    )
    assert ratings == {"leader": "basically", "delegate": "satisfied"}
