import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sessions.models import Attendance, SessionDocument
from sessions.services import agenda_document_add, check_in_token
from tests.core.documents import PDF
from tests.core.factories import office_user
from tests.delegates.factories import DelegateFactory, TermFactory
from tests.delegates.helpers import enter
from tests.sessions.factories import (
    AgendaItemFactory,
    ResolutionFactory,
    SessionFactory,
    SittingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(session, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItemFactory(session=session, order=1, kind="report", title="工作报告")
    return agenda_document_add(
        item=item,
        uploaded_file=SimpleUploadedFile("report.pdf", PDF),
        title="镇党委工作报告",
        uploaded_by=office_user(),
    )


def test_a_delegate_sees_the_agenda_their_attendance_and_a_check_in_code(
    client_for, delegate, my_record, session, document
):
    SittingFactory(session=session)
    page = client_for(delegate).get(f"/sessions/{session.pk}/").content.decode()
    assert "工作报告" in page and "镇党委工作报告" in page
    code = f'src="/sessions/{session.pk}/check-in-code/{my_record.pk}.svg"'
    assert code in page  # the QR code, an image of its own (tests/sessions/test_check_in_code.py)
    assert "not yet recorded" in page


def test_documents_download_as_attachments(client_for, delegate, my_record, document):
    response = client_for(delegate).get(f"/sessions/documents/{document.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("who", ["other_delegate", "unit_staff"])
def test_delegates_of_another_term_and_unit_staff_see_nothing(client_for, request, document, who):
    other_term = TermFactory()
    user = request.getfixturevalue(who)
    user.delegate_records.update(term=other_term)
    client = client_for(user)
    session_id = document.item.session_id
    assert client.get(f"/sessions/{session_id}/").status_code == 404
    assert client.get(f"/sessions/documents/{document.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["delegate", "unit_staff"])
def test_check_in_pages_are_for_office_staff(client_for, request, sitting, who):
    client = client_for(request.getfixturevalue(who))
    for url in (
        f"/sessions/sittings/{sitting.pk}/check-in/",
        f"/sessions/sittings/{sitting.pk}/live/",
        f"/sessions/{sitting.session_id}/print/report/",
    ):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(anonymous, session, document):
    for url in (f"/sessions/{session.pk}/", f"/sessions/documents/{document.pk}/"):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_staff_check_in_by_name_and_the_counts_follow(
    client_for, secretariat, in_progress, sitting, term
):
    from tests.delegates.factories import ElectoralUnitFactory

    unit = ElectoralUnitFactory(term=term, seats=5)
    people = [enter(term, unit, name=name) for name in ("陈建国", "李秀英", "王强")]
    client = client_for(secretariat)
    url = f"/sessions/sittings/{sitting.pk}/check-in/"
    found = client.get(url, {"q": "秀英"})
    assert [p.name for p in found.context["people"]] == ["李秀英"]
    client.post(url, {"delegate": people[1].pk, "status": "present", "method": "search"})
    client.post(url, {"delegate": people[0].pk, "status": "on_leave", "method": "list"})
    live = client.get(f"/sessions/sittings/{sitting.pk}/live/")
    total = live.context["summary"]["total"]
    assert (total["expected"], total["present"], total["on_leave"]) == (3, 1, 1)
    assert Attendance.objects.get(delegate=people[1]).recorded_by == secretariat


def test_a_qr_code_leads_staff_to_a_one_tap_check_in(
    client_for, secretariat, in_progress, sitting, term
):
    from tests.delegates.factories import ElectoralUnitFactory

    person = enter(term, ElectoralUnitFactory(term=term, seats=1), name="沈丽华")
    token = check_in_token(session=sitting.session, delegate=person)
    client = client_for(secretariat)
    page = client.get(f"/sessions/check-in/{token}/")
    assert "沈丽华" in page.content.decode()
    client.post(f"/sessions/check-in/{token}/", {"sitting": sitting.pk})
    assert Attendance.objects.get(delegate=person).method == "qr"
    assert client.get(f"/sessions/check-in/{token}x/").status_code == 404


def test_a_delegate_cannot_check_themselves_in_with_their_code(client_for, delegate, sitting):
    record = DelegateFactory(term=sitting.session.term)
    token = check_in_token(session=sitting.session, delegate=record)
    assert client_for(delegate).get(f"/sessions/check-in/{token}/").status_code == 403


def test_staff_generate_and_download_the_report(
    client_for, secretariat, session, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sessions/{session.pk}/print/report/")
    assert response.status_code == 302
    assert SessionDocument.objects.get().status == "done"
    download = client.get(f"/sessions/{session.pk}/print/report/?download=1")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    progress = client.get(f"/sessions/{session.pk}/print/report/progress/").json()
    assert progress["percent"] == 100


def test_the_report_is_made_and_its_page_answers_with_the_cache_away(
    client_for,
    secretariat,
    session,
    settings,
    tmp_path,
    cache_away,
    django_capture_on_commit_callbacks,
):
    # The progress bar is kept in the cache; without it there is no progress to show, but the
    # report is made and every page answers (before: the task failed and the pages were 500).
    settings.MEDIA_ROOT = tmp_path
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sessions/{session.pk}/print/report/")
    assert response.status_code == 302
    assert SessionDocument.objects.get().status == "done"
    assert client.get(f"/sessions/{session.pk}/print/report/").status_code == 200
    progress = client.get(f"/sessions/{session.pk}/print/report/progress/").json()
    assert progress["percent"] == 100


@pytest.mark.parametrize("size", [5, 50])
def test_check_in_page_in_constant_queries(
    client_for, secretariat, sitting, term, size, django_assert_max_num_queries
):
    from tests.delegates.factories import ElectoralUnitFactory

    unit = ElectoralUnitFactory(term=term, seats=size)
    for n in range(size):
        enter(term, unit, name=f"代表{n}")
    client = client_for(secretariat)
    # ...and the evaluations to count (a teller's menu entry, with their content type once per
    # process)
    with django_assert_max_num_queries(11):
        response = client.get(f"/sessions/sittings/{sitting.pk}/check-in/", {"q": "代表"})
    assert len(response.context["people"]) == size


def test_my_sessions_lists_only_my_terms(client_for, delegate, my_record, session):
    SessionFactory(term=TermFactory(), name="别的届别的会议")
    page = client_for(delegate).get("/sessions/").content.decode()
    assert session.name in page and "别的届别的会议" not in page


def test_my_sessions_come_twenty_a_page_newest_first_in_as_many_queries(
    client_for, delegate, my_record, session
):
    """Decision 274: a delegate of every term of a large office had all 250 sessions on one
    page; now twenty, the same queries with 25 or 60 sessions, older ones a page further."""
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(delegate)
    counts = []
    for more in (24, 35):
        for n in range(more):
            day = datetime.date(2000, 1, 1) + datetime.timedelta(days=30 * (n + len(counts) * 40))
            SessionFactory(term=session.term, start_date=day, end_date=day)
        client.get("/sessions/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/sessions/")
        counts.append(len(queries))
        shown = list(response.context["sessions"])
        assert len(shown) == 20
        assert [s.start_date for s in shown] == sorted((s.start_date for s in shown), reverse=True)
    assert counts[0] == counts[1]
    last = client.get("/sessions/?page=3")
    assert len(last.context["sessions"]) == 60 - 40
    assert "Page 3 of 3" in last.content.decode()
    assert client.get("/sessions/?page=x").context["sessions"].number == 1


def test_a_resolution_prints_as_a_pdf_for_the_terms_delegates(
    client_for, delegate, my_record, other_delegate, session
):
    from io import BytesIO

    from pypdf import PdfReader

    from sessions.services import resolution_add_version

    resolution = ResolutionFactory(session=session, title="关于镇党委工作报告的决议")
    resolution_add_version(
        resolution=resolution, text="大会同意这个报告。", created_by=office_user()
    )
    response = client_for(delegate).get(f"/sessions/resolutions/{resolution.pk}/print/")
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "关于镇党委工作报告的决议" in text and "大会同意这个报告。" in text
    other_delegate.delegate_records.update(term=TermFactory())
    assert (
        client_for(other_delegate).get(f"/sessions/resolutions/{resolution.pk}/print/").status_code
        == 404
    )


def test_outcomes_change_through_the_office_and_are_recorded(client_for, secretariat, session):
    item = AgendaItemFactory(session=session, order=1, kind="report", title="书面报告")
    client_for(secretariat).post(
        "/admin/congress_sessions/agendaitem/",
        {"action": "mark_done", "_selected_action": [item.pk]},
    )
    item.refresh_from_db()
    change = item.outcome_changes.get()
    assert item.outcome == "done"
    assert (change.outcome_before, change.outcome_after, change.actor) == (
        "pending",
        "done",
        secretariat,
    )


def test_the_session_page_lists_its_resolutions_once_and_keeps_its_title_plain(
    client_for, delegate, my_record, session
):
    import re

    ResolutionFactory(session=session, title="关于镇党委工作报告的决议")
    page = client_for(delegate).get(f"/sessions/{session.pk}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "决议" not in title and session.name in title
    assert page.count("关于镇党委工作报告的决议") == 1


@pytest.mark.parametrize("forged", ["", "1.5", "abc", str(2**70)])
def test_a_forged_sitting_on_the_check_in_confirmation_is_not_found(
    client_for, secretariat, session, sitting, forged
):
    person = DelegateFactory(term=session.term)
    token = check_in_token(session=session, delegate=person)
    client = client_for(secretariat)
    response = client.post(f"/sessions/check-in/{token}/", {"sitting": forged})
    assert response.status_code == 404
    assert not Attendance.objects.exists()
