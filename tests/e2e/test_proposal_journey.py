"""The whole proposal loop in the browser: a delegate files a proposal on a phone, a co-signer
confirms, the office accepts and routes it in the admin, the unit replies on a phone and the
delegate rates the reply, which closes the item."""

import datetime

import pytest
from playwright.sync_api import expect

from delegates.models import Delegate
from proposals.models import (
    Assignment,
    CoSignature,
    Feedback,
    HandlingUnit,
    Proposal,
    ProposalCategory,
    ProposalRules,
    Reply,
)
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

TITLE = "关于在镇中心小学增设课后托管服务的提案"
SITUATION = "双职工家庭的孩子放学后无人照看，只能在校门口等候。"
RECOMMENDATIONS = "建议教育部门在镇中心小学开设课后托管服务，并安排专人看护。"
REPLY = "已在镇中心小学开设课后托管班，每天放学后由两名教师看护至 18 时。"


@pytest.fixture
def office_page(desktop_page, request):
    """The office's desktop page. The phone page, closed last, keeps the journey's screenshot;
    this one is kept beside it under its own name."""
    yield desktop_page
    if getattr(request.node, "journey_failed", False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        desktop_page.screenshot(
            path=str(ARTIFACTS / f"{request.node.name}-office.png"), full_page=True
        )


@pytest.fixture
def one_cosigner(demo_office):
    """A formal proposal needs 5 confirmed co-signers between sessions (10 during one): more
    than a journey should click through. The office's rules are lowered to one co-signer, so
    that a single confirmation (the delegation leader's) makes the proposal complete."""
    rules = ProposalRules.current()
    rules.cosigners_between_sessions = 1
    rules.cosigners_during_session = 1
    rules.save()


def sign_out(page):
    page.click("nav >> text=Sign out")
    expect(page.locator("h1")).to_have_text("Signed out")


def message(page):
    return page.locator(".messages")


def test_a_proposal_from_draft_to_a_satisfied_rating(
    phone_page, office_page, sign_in, live_server, one_cosigner
):
    author = Delegate.objects.get(user__username="delegate")
    leader = Delegate.objects.get(user__username="leader")
    unit = HandlingUnit.objects.get(name="镇教育办公室")  # the demo `unit` login's unit
    page = phone_page

    # 1. The delegate writes the draft on a phone.
    sign_in(page, "delegate")
    page.click("nav >> text=My proposals")
    page.click("text=Write a new proposal or suggestion")
    expect(page.locator("h1")).to_have_text("New proposal or suggestion")
    page.select_option("#id_kind", "proposal")
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", label="教育")
    page.fill("#id_situation", SITUATION)
    page.fill("#id_recommendations", RECOMMENDATIONS)
    page.click("main button[type=submit]")
    expect(message(page)).to_contain_text("Your draft is saved.")
    expect(page.locator("h1")).to_have_text(TITLE)
    proposal = Proposal.objects.get(title=TITLE)
    assert (proposal.author, proposal.status, proposal.kind) == (author, "draft", "proposal")
    assert proposal.category.name == "教育" and proposal.session is None
    assert f"/proposals/{proposal.pk}/" in page.url
    expect(page.locator("main")).to_contain_text("0 of 1 needed have confirmed.")
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the item's page scrolls sideways on a phone"

    # ... and asks the delegation leader to co-sign.
    # The leader is found by typing the name, and ticked by keyboard: ↓ to the list,
    # space to tick (the picker answers as one types, static/js/cosigner-picker.js).
    page.click("text=Ask delegates to co-sign")
    page.locator("#id_q").press_sequentially(leader.name, delay=50)
    expect(page.locator("[data-cosign-caption]")).to_contain_text(leader.name)
    found = page.locator("[data-cosign-choices] input[name=cosigners]")
    expect(found.first).to_have_value(str(leader.pk))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    chosen = page.locator("[data-cosign-chosen]")
    expect(chosen).to_be_visible()
    expect(chosen.locator(f"input[value='{leader.pk}']")).to_be_checked()
    expect(chosen.locator(f"input[value='{leader.pk}']")).to_be_focused()
    page.click("text=Ask them")
    expect(message(page)).to_contain_text("The delegates have been asked to co-sign.")
    expect(page.locator("main")).to_contain_text(f"{leader.name} · Invited")
    assert CoSignature.objects.get(proposal=proposal).delegate == leader
    sign_out(page)

    # 2. The leader confirms on their own page.
    sign_in(page, "leader")
    page.click("nav >> text=My proposals")
    invitation = page.locator(".check-in-list > li", has_text=TITLE)
    expect(invitation).to_contain_text(author.name)
    invitation.get_by_role("button", name="Co-sign", exact=True).click()
    expect(message(page)).to_contain_text("Thank you for your answer.")
    expect(page.locator(".check-in-list > li", has_text=TITLE)).to_have_count(0)
    assert CoSignature.objects.get(proposal=proposal).status == "confirmed"
    sign_out(page)

    # 3. The author sees the confirmation and submits: no suggestion fallback is offered.
    sign_in(page, "delegate")
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("1 of 1 needed have confirmed.")
    expect(main).to_contain_text(f"{leader.name} · Confirmed")
    expect(page.locator("text=Submit as a suggestion")).to_have_count(0)
    page.click("text=Submit to the office")
    expect(message(page)).to_contain_text("Submitted to the congress office.")
    expect(page.locator(".lead .chip")).to_have_text("Awaiting review")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.kind) == ("submitted", "proposal")
    sign_out(page)

    # 4. The office accepts it in the admin, on a desktop: from the admin's home to the work
    # queue awaiting review, then bulk action → form → back to the queue.
    office = sign_in(office_page, "office")
    office.goto(f"{live_server.url}/admin/")
    office.locator("#desk-proposals").get_by_role("link", name="Awaiting review").click()
    expect(office.locator("#content h2")).to_contain_text("Awaiting review")
    row = office.locator("#result_list tbody tr", has_text=TITLE)
    row.locator("input[name=_selected_action]").check()
    # The admin's own script counts the selection (it runs under the page's CSP).
    expect(office.locator(".action-counter")).to_contain_text("1 of")
    office.select_option("select[name=action]", "accept")
    office.click("button[name=index]")
    expect(office.locator("h1")).to_have_text("Accept")
    expect(office.locator("#content")).to_contain_text(TITLE)
    office.select_option("#id_category", label="教育")
    office.click("input[type=submit][value=Accept]")
    expect(office.locator(".messagelist")).to_contain_text("1 item done.")
    assert "/admin/proposals/proposal/queues/?queue=review" in office.url
    expect(office.locator("#result_list tbody tr", has_text=TITLE)).to_have_count(0)
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.number

    # ... and routes it to the demo unit, from the queue of accepted items.
    office.get_by_role("link", name="Accepted, not yet routed").click()
    row = office.locator("#result_list tbody tr", has_text=TITLE)
    expect(row).to_contain_text(proposal.number)
    row.locator("input[name=_selected_action]").check()
    office.select_option("select[name=action]", "route")
    office.click("button[name=index]")
    expect(office.locator("h1")).to_have_text("Route to handling units")
    office.select_option("#id_lead", label=unit.name)
    office.fill("#id_responsible_person", "李主任")
    office.click("input[type=submit][value='Route to handling units']")
    expect(office.locator(".messagelist")).to_contain_text("1 item done.")
    proposal.refresh_from_db()
    assert proposal.status == "assigned"
    assignment = Assignment.objects.get(proposal=proposal)
    assert (assignment.unit, assignment.role, assignment.round) == (unit, "lead", 1)
    assert assignment.responsible_person == "李主任"

    # The item's admin page shows the co-signer, the assignment and the timeline so far.
    office.goto(f"{live_server.url}/admin/proposals/proposal/{proposal.pk}/change/")
    content = office.locator("#content")
    expect(content).to_contain_text(leader.name)
    expect(content).to_contain_text(unit.name)
    expect(content).to_contain_text("Routed to handling units")

    # 5. The unit's staff open the item from their inbox on a phone and reply.
    sign_in(page, "unit")
    expect(page).to_have_url(f"{live_server.url}/proposals/unit/")
    page.click(f"#inbox a:has-text('{TITLE}')")
    expect(page.locator("h1")).to_have_text(TITLE)
    main = page.locator("main")
    expect(main).to_contain_text(SITUATION)
    expect(main).to_contain_text("Responsible person: 李主任")
    # A formal proposal: the unit records its consultation with the delegate first.
    page.fill("#id_held_on", datetime.date.today().isoformat())
    page.check("input[name=way][value=phone]")
    page.fill("#id_agreed", "电话沟通，商定开设课后托管班。")
    page.click("form[action$='/consultation/'] button[type=submit]")
    expect(message(page)).to_contain_text("The consultation is recorded.")
    expect(page.locator("h1")).to_have_text(TITLE)
    page.select_option("#id_result", "A")
    page.fill("#id_text", REPLY)
    page.check("#id_confirm")
    page.click("form[action$='/reply/'] button[type=submit]")
    expect(message(page)).to_contain_text("Your reply has been sent.")
    expect(page.locator("#inbox a", has_text=TITLE)).to_have_count(0)
    expect(page.locator("#handled a", has_text=TITLE)).to_have_count(1)  # kept in sight
    proposal.refresh_from_db()
    assert proposal.status == "replied"
    sign_out(page)

    # 6. The delegate reads the reply from the notification and rates it: satisfied.
    sign_in(page, "delegate")
    page.click("nav >> text=Notifications")
    page.click(f"text=Reply (A): {TITLE} — please rate it")
    expect(page.locator("h1")).to_have_text(TITLE)
    replies = page.locator("section", has=page.locator("h2", has_text="Replies"))
    expect(replies).to_contain_text(f"{unit.name} · A: solved or adopted")
    expect(replies).to_contain_text(REPLY)
    page.check("input[name=overall][value=satisfied]")
    page.fill("#id_comment", "托管班办得很好，家长很满意。")
    page.click("text=Send my rating")
    expect(message(page)).to_contain_text("Thank you for your rating.")
    expect(page.locator(".lead .chip")).to_have_text("Closed")
    expect(page.locator("text=How satisfied are you with the reply?")).to_have_count(0)
    timeline = page.locator(".timeline")
    for shown in (
        "Submitted · Awaiting review",
        "Accepted · Accepted, awaiting assignment",
        f"Routed to handling units · Being handled · {unit.name}",
        "Replied · Replied, awaiting the delegate's rating · A: solved or adopted",
        "Rated by the delegate · Closed",
    ):
        expect(timeline).to_contain_text(shown)
    page.click("nav >> text=My proposals")
    item = page.locator(".check-in-list > li", has_text=TITLE)
    expect(item).to_contain_text(proposal.number)
    expect(item).to_contain_text("Closed")

    # 7. What the database keeps.
    proposal.refresh_from_db()
    assert (proposal.status, proposal.kind, proposal.round) == ("closed", "proposal", 1)
    assert proposal.category == ProposalCategory.objects.get(name="教育")
    reply = Reply.objects.get(assignment__proposal=proposal)
    assert (reply.result, reply.text, reply.follow_up) == ("A", REPLY, False)
    assert reply.replied_by.username == "unit"
    feedback = Feedback.objects.get(reply=reply)
    assert (feedback.overall, feedback.comment) == ("satisfied", "托管班办得很好，家长很满意。")
    events = list(
        proposal.events.values_list("action", "status_before", "status_after", "actor__username")
    )
    assert events == [
        ("submitted", "draft", "submitted", "delegate"),
        ("accepted", "submitted", "accepted", "office"),
        ("routed", "accepted", "assigned", "office"),
        ("consulted", "assigned", "assigned", "unit"),
        ("replied", "assigned", "replied", "unit"),
        ("rated", "replied", "closed", "delegate"),
    ]
