"""Removing a delegate's personal details in the browser (decisions 234 and 235): the office
selects the delegates of a term that ended more than five years ago, reads what goes and what
stays, removes; a delegate still within retention is refused by name, on a phone too."""

import datetime

import pytest
from playwright.sync_api import expect

from delegates.models import Delegate, PersonalDetailsRemoval
from tests.delegates.factories import ElectoralUnitFactory, TermFactory
from tests.delegates.helpers import enter

pytestmark = pytest.mark.e2e


def _ended_term_delegate() -> Delegate:
    term = TermFactory(
        name="第十二届斜桥镇党代会",
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    return enter(
        term,
        ElectoralUnitFactory(term=term),
        day=term.start_date,
        name="陈建国",
        birth_date=datetime.date(1968, 3, 14),
        work_unit="斜桥镇农业服务中心",
        phone="13957300011",
    )


def _choose(page, live_server, name, term):
    page.goto(f"{live_server.url}/admin/delegates/delegate/?q={name}&term__id__exact={term.pk}")
    row = page.locator("#result_list tr", has_text=name).first
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", value="remove_personal_details")
    page.click("button[name=index]")


def test_the_office_removes_the_details_of_a_delegate_whose_retention_ran_out(
    desktop_page, phone_page, sign_in, live_server
):
    delegate = _ended_term_delegate()
    office = sign_in(desktop_page, "office")
    _choose(office, live_server, "陈建国", delegate.term)
    content = office.locator("#content")
    expect(content).to_contain_text("What is removed")
    expect(content).to_contain_text("What is kept")
    expect(content).to_contain_text("Dec. 31, 2025")  # five years after the term's end
    office.click("input[type=submit].default")
    expect(office.locator(".messagelist")).to_contain_text(
        "The personal details of 1 delegate are removed."
    )
    delegate.refresh_from_db()
    assert (delegate.phone, delegate.work_unit, delegate.birth_date.day) == ("", "", 1)
    assert PersonalDetailsRemoval.objects.get(delegate=delegate).actor.username == "office"

    # On a phone, a delegate of the running term is refused by name, and nothing is offered.
    running = Delegate.objects.exclude(term=delegate.term).order_by("pk").first()
    phone = sign_in(phone_page, "office")
    _choose(phone, live_server, running.name, running.term)
    expect(phone.locator(".errornote")).to_contain_text(f"{running.name} are kept until")
    expect(phone.locator("input[type=submit].default")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
