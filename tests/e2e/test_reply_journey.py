"""The reply step in the browser (issue 14, items 5 to 7): the lead unit records its
consultation with the delegate and replies taking in the co-handling unit's view; the office,
which reviews replies, releases it from its queue; only then does the delegate read it, with the
view it took in, and rate it."""

import datetime

import pytest
from playwright.sync_api import expect

from congress_office.models import Notification
from proposals.models import Assignment, Proposal, ProposalRules, Reply
from proposals.services import reply_submit
from tests.e2e.test_proposal_journey import message, office_page, sign_out  # noqa: F401
from tests.proposals.kit import staff_of

pytestmark = pytest.mark.e2e

TITLE = "关于增开校车线路的建议"  # the demo's item open in the demo unit's inbox
REPLY = "已与镇财政所商定，明年春季学期起增开两条校车线路。"


@pytest.fixture
def reviewed_with_a_view(demo_office):
    """The office reviews replies; the co-handling unit (镇财政所) has sent its view."""
    rules = ProposalRules.current()
    rules.review_replies = True
    rules.save()
    co = Assignment.objects.get(proposal__title=TITLE, role="co")
    return reply_submit(
        assignment=co, result="A", text="同意安排车辆购置资金。", replied_by=staff_of(co.unit)
    )


def test_a_consulted_reply_taking_in_a_view_released_by_the_office_and_rated(
    phone_page,
    office_page,  # noqa: F811 - the fixture imported above
    sign_in,
    live_server,
    reviewed_with_a_view,
):
    page = phone_page
    item = Proposal.objects.get(title=TITLE)

    # 1. The unit records its consultation with the delegate, on a phone.
    sign_in(page, "unit")
    page.click(f"#inbox a:has-text('{TITLE}')")
    expect(page.locator("h1")).to_have_text(TITLE)
    page.fill("#id_held_on", datetime.date.today().isoformat())
    page.check("input[name=way][value=visit]")
    page.fill("#id_agreed", "上门听取意见，商定先开通两条线路。")
    page.click("form[action$='/consultation/'] button[type=submit]")
    expect(message(page)).to_contain_text("The consultation is recorded.")
    consultations = page.locator("section", has=page.locator("h2", has_text="Consultations"))
    expect(consultations).to_contain_text("上门听取意见，商定先开通两条线路。")

    # 2. ... and replies, taking in the co-handling unit's view: it goes to the office.
    page.check("input[name=views_taken_in]")
    page.select_option("#id_result", "B")
    page.fill("#id_text", REPLY)
    page.check("#id_confirm")
    page.click("form[action$='/reply/'] button[type=submit]")
    expect(message(page)).to_contain_text("Your reply has been sent.")
    item.refresh_from_db()
    assert item.status == "reviewing"
    assert not Notification.objects.filter(kind="proposal_replied", params__title=TITLE).exists()
    sign_out(page)

    # 3. The delegate does not see it yet.
    sign_in(page, "delegate")
    page.goto(f"{live_server.url}/proposals/{item.pk}/")
    expect(page.locator("main")).not_to_contain_text(REPLY)
    sign_out(page)

    # 4. The office releases it from its queue of replies to release.
    office = sign_in(office_page, "office")
    office.goto(f"{live_server.url}/admin/proposals/proposal/queues/?queue=to_release")
    row = office.locator("#result_list tbody tr", has_text=TITLE)
    row.locator("input[name=_selected_action]").check()
    office.select_option("select[name=action]", "release_reply")
    office.click("button[name=index]")
    expect(office.locator("h1")).to_have_text("Release the reply to the delegate")
    office.click("input[type=submit][value='Release the reply to the delegate']")
    expect(office.locator(".messagelist")).to_contain_text("1 item done.")
    item.refresh_from_db()
    assert item.status == "replied"

    # 5. The delegate is told, reads the reply with the view it took in, and rates it.
    sign_in(page, "delegate")
    page.click("nav >> text=Notifications")
    page.click(f"text=Reply (B): {TITLE} — please rate it")
    replies = page.locator("section", has=page.locator("h2", has_text="Replies"))
    expect(replies).to_contain_text(REPLY)
    expect(replies).to_contain_text("Co-handling units' views taken in: 镇财政所")
    page.check("input[name=overall][value=satisfied]")
    page.click("text=Send my rating")
    expect(message(page)).to_contain_text("Thank you for your rating.")
    item.refresh_from_db()
    assert item.status == "tracking"
    reply = Reply.objects.get(assignment__proposal=item, assignment__role="lead")
    assert [v.assignment.unit.name for v in reply.views_taken_in.all()] == ["镇财政所"]
    assert list(item.events.values_list("action", flat=True))[-4:] == [
        "consulted",
        "review asked",
        "released",
        "rated",
    ]
