"""The committee's contact with a delegate in the browser: a committee member logs a contact on
their phone, and the office makes a suggestion in the delegate's name of what was raised."""

import pytest
from playwright.sync_api import expect

from congress_office.models import Notification
from delegates.models import Contact
from proposals.models import Proposal

pytestmark = pytest.mark.e2e

RAISED = "村里的小学校车不够用，早晚接送孩子困难，希望增开一条校车线路。"


def test_a_member_logs_a_contact_and_the_office_makes_a_suggestion_of_it(
    desktop_page, phone_page, sign_in, live_server
):
    # The member, on a phone: their delegates, those still to contact first.
    phone = sign_in(phone_page, "member")
    phone.click("nav >> text=Delegates I keep in touch with")
    first_due = phone.locator(".contact-delegate", has_text="To contact").first
    name = first_due.locator("strong").inner_text()
    first_due.locator("text=Log a contact").click()
    expect(phone.locator("h1")).to_have_text(f"Contact with {name}")
    phone.check("input[name=way][value=visit]")
    phone.fill("#id_raised", RAISED)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.click("text=Log the contact")
    expect(phone.locator("main")).to_contain_text(f"The contact with {name} is logged.")
    entry = phone.locator(".contact-delegate", has_text=name)
    expect(entry.locator(".chip")).to_have_text("Contacted")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    contact = Contact.objects.get(raised=RAISED)
    assert contact.delegate.name == name and contact.recorded_by.username == "member"

    # The office makes a suggestion of it: the action, then the page with the text.
    office = sign_in(desktop_page, "office")
    office.goto(f"{live_server.url}/admin/delegates/contact/")
    row = office.locator("#result_list tr", has_text=name).first
    row.locator("input.action-select").check()
    office.select_option("select[name=action]", value="make_suggestion")
    office.click("button[name=index]")
    expect(office.locator("#id_situation")).to_have_value(RAISED)
    office.fill("#id_title", "关于增开村小学校车线路的建议")
    office.fill("#id_recommendations", "建议镇教育办会同交通部门研究增开校车线路。")
    office.click("input[type=submit]")
    expect(office.locator(".messagelist")).to_contain_text("submitted in the name of")
    item = Proposal.objects.get(contact=contact)
    assert (item.author, item.status, item.source) == (contact.delegate, "submitted", "contact")
    # The contact links to its suggestion, and the suggestion to its contact.
    office.click(f"a[href='/admin/proposals/proposal/{item.pk}/change/']")
    expect(office.locator("#content")).to_contain_text("Raised to a committee member")
    expect(
        office.locator(f"a[href='/admin/delegates/contact/{contact.pk}/change/']")
    ).to_be_visible()
    if contact.delegate.user_id:
        assert Notification.objects.filter(
            user=contact.delegate.user, kind="proposal_contact_logged"
        ).exists()
