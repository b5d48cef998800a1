"""Session day in the browser: staff check delegates in on a phone, the live counts follow,
and the office prints the session report through a real Celery worker."""

import pytest
from playwright.sync_api import expect

from delegates.models import Delegate
from sessions.models import Attendance, Session, Sitting
from sessions.services import check_in_token

pytestmark = pytest.mark.e2e


@pytest.fixture
def session_day(demo_office):
    """The demo's upcoming session, opened: the first sitting is today's work."""
    session = Session.objects.get(ordinal=5)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.IN_PROGRESS)
    return session, Sitting.objects.filter(session=session).first()


def test_staff_check_delegates_in_on_a_phone(phone_page, sign_in, live_server, session_day):
    session, sitting = session_day
    page = sign_in(phone_page, "office")
    page.goto(f"{live_server.url}/sessions/sittings/{sitting.pk}/check-in/")
    expect(page.locator(".figures")).to_contain_text("0 / 119")

    # By name
    someone = Delegate.objects.filter(term=session.term, status="active").order_by("pk")[7]
    page.fill("#id_q", someone.name)
    page.click("text=Find")
    page.locator(".check-in-list li", has_text=someone.name).get_by_role(
        "button", name="Present"
    ).click()
    expect(page.locator(".messages")).to_contain_text(someone.name)

    # From a delegation list: the first two members, one present and one on leave
    page.click(".chips a >> nth=0")
    rows = page.locator(".check-in-list > li")
    rows.nth(0).get_by_role("button", name="Present").click()
    page.locator(".check-in-list > li").nth(1).get_by_role("button", name="On leave").click()

    # By QR code: the delegate's code opens a one-tap confirmation for staff
    scanned = Delegate.objects.filter(term=session.term, status="active").order_by("-pk")[0]
    page.goto(
        f"{live_server.url}/sessions/check-in/{check_in_token(session=session, delegate=scanned)}/"
    )
    expect(page.locator("h1")).to_have_text(scanned.name)
    page.click("text=Check in as present")

    page.goto(f"{live_server.url}/sessions/sittings/{sitting.pk}/live/")
    figures = page.locator(".figures")
    expect(figures).to_contain_text("119 expected")
    expect(figures).to_contain_text("1 on leave")
    present = Attendance.objects.filter(sitting=sitting, status="present").count()
    assert present >= 2
    expect(figures).to_contain_text(f"{present} present")
    assert Attendance.objects.get(sitting=sitting, delegate=scanned).method == "qr"


def test_a_delegate_sees_their_check_in_code_and_attendance(
    phone_page, sign_in, live_server, session_day
):
    session, sitting = session_day
    page = sign_in(phone_page, "delegate")
    page.click("nav >> text=Sessions")
    page.click(f"text={session.name}")
    code = page.locator(".qr img")
    expect(code).to_be_visible()
    # Drawn and shown: the image loads after the page, so wait for it (a broken image
    # never gets a width, and the wait times out).
    page.wait_for_function(
        "() => { const image = document.querySelector('.qr img');"
        " return image.complete && image.naturalWidth > 0; }"
    )
    expect(page.locator("main")).to_contain_text("not yet recorded")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_office_prints_the_session_report_through_a_worker(
    desktop_page, sign_in, live_server, real_worker
):
    session = Session.objects.get(ordinal=3)  # the closed demo session with the seed figures
    page = sign_in(desktop_page, "office")
    page.goto(f"{live_server.url}/sessions/{session.pk}/print/report/")
    page.click("text=Generate")
    expect(page.locator("progress")).to_be_visible()
    download_link = page.locator("text=Download the PDF")
    expect(download_link).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        download_link.click()
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages).replace("\n", " ")
    assert "Expected 117, present 109" in text
    assert "sessions.tasks.generate_session_document" in real_worker.read_text()


def test_without_a_worker_the_report_button_says_it_is_busy_and_the_page_follows(
    desktop_page, sign_in, live_server
):
    from sessions.models import SessionDocument

    session = Session.objects.get(ordinal=3)
    page = sign_in(desktop_page, "office")
    page.goto(f"{live_server.url}/sessions/{session.pk}/print/report/")
    form = page.locator("form[data-busy-label]")
    # The first sending is held back, to see the button as the reader sees it meanwhile.
    form.evaluate("f => f.addEventListener('submit', e => e.preventDefault(), {once: true})")
    page.get_by_role("button", name="Generate").click()
    button = form.locator("button")
    expect(button).to_have_text("Generating…")
    expect(button).to_be_disabled()
    form.evaluate("f => f.submit()")  # now it goes
    expect(page.locator("text=Download the PDF")).to_be_visible(timeout=60_000)
    assert SessionDocument.objects.filter(session=session, kind="report").count() == 1
