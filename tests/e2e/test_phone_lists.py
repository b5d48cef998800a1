"""The office's change lists on a phone: each column keeps a readable width and the list
scrolls sideways, rather than a Chinese title breaking after every second character beside
a long session name (templates/admin/base_site.html)."""

import pytest

pytestmark = pytest.mark.e2e


def test_a_change_lists_titles_keep_a_readable_width_on_a_phone(phone_page, sign_in, live_server):
    office = sign_in(phone_page, "office")
    office.goto(f"{live_server.url}/admin/evaluations/evaluation/")
    title = office.locator("#result_list tbody th.field-title").first
    font_size = float(title.evaluate("cell => getComputedStyle(cell).fontSize").removesuffix("px"))
    # six characters of the cell's own font, at least (it was two)
    assert title.bounding_box()["width"] >= 6 * font_size
    checkbox = office.locator("#result_list tbody td.action-checkbox").first
    assert checkbox.bounding_box()["width"] < 6 * font_size  # the checkbox column stays narrow


def test_the_desks_units_keep_a_readable_width_on_a_phone(phone_page, sign_in, live_server):
    """The desk's items by unit and time left: a unit's name was squeezed to two characters a
    line beside three counts each 5rem wide."""
    office = sign_in(phone_page, "office")
    office.goto(f"{live_server.url}/admin/")
    unit = office.locator("#desk-time-left tbody th").first
    font_size = float(unit.evaluate("cell => getComputedStyle(cell).fontSize").removesuffix("px"))
    assert unit.bounding_box()["width"] >= 6 * font_size
    assert office.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
