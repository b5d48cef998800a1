"""The session day's pages run a fixed number of queries whatever the size of a delegation
(issue 15, item 5; bench/bench_session_day_pages.py times them): the desks' check-in page
(the delegation's list, a search by name, the page after a QR check-in), the QR code's page,
the delegate's session page, their new item's form, a draft's page and a submitted item's
page; measured with delegations of 5 and of 30, a third of them checked in."""

import pytest
from django.test import Client
from django.urls import reverse

from proposals.services import proposal_submit
from sessions.services import check_in_token
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.proposals.kit import draft
from tests.sessions.kit import S, attendance_taken, session_in
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db

# Each page's queries: the signed-in user's session, account and roles (asked by the page's
# access check), the menu (roles, duties and unread notifications in one statement, decision
# 216), then the page's own. The office's pages (the first four) also read the session's
# two-factor device.
QUERIES = {
    "delegation's list": 9,
    "search by name": 9,
    "after a QR check-in": 8,
    "QR code's page": 9,
    "session page": 10,
    "check-in code's image": 4,
    "new item form": 8,
    "draft page": 11,
    "submitted item page": 11,
}


@pytest.fixture(params=[5, 30], ids=["delegation of 5", "delegation of 30"])
def day(request, term, delegate, secretariat):
    """The session in progress with its sitting; the signed-in delegate's delegation of `size`
    (the delegate among them) and another as large; a third of each checked in; the
    delegate's draft proposal and submitted suggestion."""
    size = request.param
    session = session_in(S.IN_PROGRESS, term=term)
    sitting = session.sittings.create(date=session.start_date, part="morning")
    unit = ElectoralUnitFactory(term=term, seats=2 * size)
    mine, other = (DelegationFactory(term=term, name=n) for n in ("东片代表团", "西片代表团"))
    record = delegate.delegate_records.get()
    record.delegation = mine
    record.save()
    people = [record] + [
        enter(term, unit, name=f"代表{n:02}", delegation=mine if n < size - 1 else other)
        for n in range(2 * size - 1)
    ]
    attendance_taken(sitting, people[::3])
    proposal = draft(record)
    submitted = proposal_submit(proposal=draft(record, kind="suggestion"), submitted_by=delegate)
    return {
        "size": size,
        "session": session,
        "sitting": sitting,
        "mine": mine,
        "delegate": record,
        "proposal": proposal,
        "submitted": submitted,
        "office": signed_in(secretariat),
        "phone": signed_in(delegate),
    }


def signed_in(user):
    client = Client()
    sign_in_as(client, user)
    return client


def pages(day) -> dict:
    check_in = reverse("sessions:check_in", args=[day["sitting"].pk])
    token = check_in_token(session=day["session"], delegate=day["delegate"])
    office, phone = day["office"], day["phone"]
    return {
        "delegation's list": (office, f"{check_in}?delegation={day['mine'].pk}"),
        "search by name": (office, f"{check_in}?q=代表"),
        "after a QR check-in": (office, check_in),
        "QR code's page": (office, reverse("sessions:check_in_scan", args=[token])),
        "session page": (phone, reverse("sessions:session_detail", args=[day["session"].pk])),
        "check-in code's image": (
            phone,
            reverse("sessions:check_in_code", args=[day["session"].pk, day["delegate"].pk]),
        ),
        "new item form": (phone, reverse("proposals:proposal_new")),
        "draft page": (phone, reverse("proposals:proposal_detail", args=[day["proposal"].pk])),
        "submitted item page": (
            phone,
            reverse("proposals:proposal_detail", args=[day["submitted"].pk]),
        ),
    }


@pytest.mark.parametrize("page", list(QUERIES))
def test_each_page_of_the_day_in_a_fixed_number_of_queries(day, page, django_assert_num_queries):
    client, url = pages(day)[page]
    assert client.get(url).status_code == 200  # once before: what a process reads once
    with django_assert_num_queries(QUERIES[page]):
        response = client.get(url)
    assert response.status_code == 200
    shown = response.content.decode()
    size = day["size"]
    if page == "delegation's list":
        assert shown.count('name="delegate" value=') == size
    if page == "search by name":
        assert shown.count('name="delegate" value=') == 2 * size  # 张代表 too
    if page == "draft page":
        assert shown.count('name="cosigners"') == size - 1  # the delegation but the author


def test_the_check_in_page_counts_the_sittings_expected_and_present(day):
    page = day["office"].get(reverse("sessions:check_in", args=[day["sitting"].pk]))
    everyone = 2 * day["size"]
    present = len(range(0, everyone, 3))
    assert page.context["figures"] == {"expected": everyone, "present": present}
    assert f"<strong>{present}</strong> / {everyone}" in page.content.decode()


def test_rows_found_by_name_record_how_they_were_found(day):
    office = day["office"]
    check_in = reverse("sessions:check_in", args=[day["sitting"].pk])
    found = office.get(check_in, {"q": "代表01"}).content.decode()
    listed = office.get(check_in, {"delegation": day["mine"].pk}).content.decode()
    assert 'name="method" value="search"' in found and 'value="list"' not in found
    assert 'name="method" value="list"' in listed and 'value="search"' not in listed


def test_each_row_shows_the_attendance_recorded_and_escapes_what_it_shows(day):
    record = day["delegate"]
    record.work_unit = "<b>镇政府</b>"
    record.save()
    office = day["office"]
    check_in = reverse("sessions:check_in", args=[day["sitting"].pk])
    row = office.get(check_in, {"q": record.name}).content.decode()
    assert f'<li id="delegate-{record.pk}">' in row
    assert '<span class="badge badge-present">Present</span>' in row  # the first, checked in
    assert "&lt;b&gt;镇政府&lt;/b&gt;" in row and "<b>镇政府" not in row
    assert 'name="status" value="on_leave" class="small-button">On leave</button>' in row
