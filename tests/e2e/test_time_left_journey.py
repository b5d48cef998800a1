"""The state at a glance in the browser: the office reads the demo's items by the colour of
their time left on its desk and opens one unit's "due soon" count; the unit's staff read the
same colours, in words, in their inbox on a phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from proposals.deadlines import time_left
from proposals.models import Proposal

pytestmark = pytest.mark.e2e

UNIT = "镇教育办公室"  # the demo unit account's unit, with items due soon and overdue


def test_the_office_opens_a_units_items_due_soon_and_the_unit_sees_them(
    desktop_page, phone_page, sign_in, live_server
):
    office = sign_in(desktop_page, "office")
    office.goto(f"{live_server.url}/admin/")
    table = office.locator("#desk-time-left")
    expect(table).to_be_visible()
    row = table.locator("tbody tr", has_text=UNIT)
    due_soon = row.locator("td.desk-soon a")
    count = int(due_soon.inner_text())
    assert count >= 1
    due_soon.click()
    office.wait_for_load_state()
    rows = office.locator("#result_list tbody tr")
    expect(rows).to_have_count(count)
    expect(rows.first.locator(".chip-due-soon")).to_contain_text("Due soon")
    today = timezone.localdate()
    for title in rows.locator("td.field-title").all_inner_texts():
        item = Proposal.objects.get(title=title)
        assert time_left(item.lead_deadline, item.lead_amber_on, today).tone == "soon"

    unit = sign_in(phone_page, "unit")
    unit.goto(f"{live_server.url}/proposals/unit/")
    inbox = unit.locator("#inbox")
    expect(inbox.locator(".chip-due-soon").first).to_contain_text("Due soon ·")
    expect(inbox.locator(".chip-due-over").first).to_contain_text("Overdue ·")
    assert unit.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
