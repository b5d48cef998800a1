import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from sessions.models import Attendance, Session, SessionDocument
from sessions.printing import session_document_generate
from sessions.selectors import attendance_summary
from sessions.services import (
    agenda_document_add,
    agenda_item_set_outcome,
    attendance_record,
    check_in_token,
    check_in_token_read,
    session_advance,
    session_document_request,
)
from tests.broker import broker_away
from tests.core.documents import PDF
from tests.core.factories import office_user
from tests.delegates.factories import DelegateFactory, DelegationFactory
from tests.proposals.kit import S, proposal_in
from tests.sessions.factories import AgendaItemFactory, SittingFactory
from tests.sessions.kit import session_in

pytestmark = pytest.mark.django_db


def test_attendance_counts_overall_and_by_delegation(sitting, roster, mark_present):
    people = roster(6)
    east, west = (
        DelegationFactory(term=sitting.session.term, name="东片"),
        DelegationFactory(term=sitting.session.term, name="西片"),
    )
    for n, person in enumerate(people):
        person.delegation = east if n < 4 else west
        person.save()
    mark_present(sitting, people[:3])
    mark_present(sitting, people[3:4], status="on_leave")
    mark_present(sitting, people[4:5], status="absent")
    summary = attendance_summary(sitting)
    assert summary["total"] == {
        "expected": 6,
        "present": 3,
        "on_leave": 1,
        "absent": 1,
        "not_recorded": 1,
    }
    by = {row["delegation"]: row for row in summary["by_delegation"]}
    assert (by["东片"]["present"], by["东片"]["on_leave"]) == (3, 1)
    assert (by["西片"]["absent"], by["西片"]["not_recorded"]) == (1, 1)


@pytest.mark.parametrize("size", [4, 40])
def test_attendance_summary_in_constant_queries(
    sitting, roster, mark_present, size, django_assert_num_queries
):
    people = roster(size)
    mark_present(sitting, people[: size // 2])
    with django_assert_num_queries(1):
        attendance_summary(sitting)


def test_checking_in_twice_corrects_rather_than_duplicates(
    in_progress, sitting, roster, secretariat
):
    person = roster(1)[0]
    attendance_record(
        sitting=sitting,
        delegate=person,
        status="on_leave",
        method="search",
        recorded_by=secretariat,
    )
    attendance_record(
        sitting=sitting, delegate=person, status="present", method="qr", recorded_by=secretariat
    )
    row = Attendance.objects.get()
    assert (row.status, row.method, row.recorded_by) == ("present", "qr", secretariat)


def test_only_expected_delegates_check_in(in_progress, sitting, roster, term):
    roster(1)
    stranger = DelegateFactory(term=term)  # never entered: no election record
    with pytest.raises(ValidationError, match="is not expected at this session"):
        attendance_record(
            sitting=sitting,
            delegate=stranger,
            status="present",
            method="search",
            recorded_by=office_user(),
        )


def test_a_closed_session_keeps_its_attendance(sitting, roster):
    person = roster(1)[0]
    session_in(Session.Status.CLOSED, session=sitting.session)
    with pytest.raises(ValidationError, match="closed"):
        attendance_record(
            sitting=sitting,
            delegate=person,
            status="present",
            method="search",
            recorded_by=office_user(),
        )


def test_check_in_tokens_are_signed(session, roster):
    person = roster(1)[0]
    token = check_in_token(session=session, delegate=person)
    assert check_in_token_read(token) == (session.pk, person.pk)
    with pytest.raises(ValidationError, match="not valid"):
        check_in_token_read(token[:-2] + "xx")


def test_session_status_moves_forward_and_is_recorded(session, secretariat):
    for expected in ("preparatory_held", "in_progress", "closed"):
        session = session_advance(session=session, changed_by=secretariat)
        assert session.status == expected
    assert session.status_changes.count() == 3
    with pytest.raises(ValidationError):
        session_advance(session=session, changed_by=secretariat)


def test_a_large_document_is_refused(session):
    item = AgendaItemFactory(session=session, order=1, kind="report", title="报告")
    big = SimpleUploadedFile("big.pdf", PDF + b"\0" * (21 * 1024 * 1024))
    with pytest.raises(ValidationError, match="larger than 20 MB"):
        agenda_document_add(item=item, uploaded_file=big, title="大文件", uploaded_by=office_user())
    assert not item.documents.exists()


@pytest.fixture
def printed_session(sitting, roster, mark_present, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    people = roster(12)
    people[0].name = "沈建华"
    people[0].save()
    mark_present(sitting, people[:10])
    mark_present(sitting, people[10:], status="on_leave")
    agenda_item_set_outcome(
        item=AgendaItemFactory(session=sitting.session, order=1, title="听取和审议镇党委工作报告"),
        outcome="adopted",
        changed_by=office_user(),
    )
    return sitting.session


def pdf_text(document) -> str:
    with document.file.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(handle).pages)


def test_the_session_report_prints_the_figures_and_chinese_names(
    printed_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = session_document_request(session=printed_session, kind="report")
    document.refresh_from_db()
    assert document.status == "done"
    text = pdf_text(document)
    assert printed_session.name in text
    assert "听取和审议镇党委工作报告" in text
    assert "Expected 12, present 10, on leave 2, absent 0" in text.replace("\n", " ")


def test_the_report_prints_in_chinese_for_chinese_staff(
    printed_session, django_capture_on_commit_callbacks
):
    from django.utils import translation

    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        document = session_document_request(session=printed_session, kind="report")
    document.refresh_from_db()
    text = pdf_text(document).replace("\n", "")
    assert "应到12人，实到10人，请假2人，缺席0人。" in text
    assert "会议情况报告" in text and "Session report" not in text


def test_the_attendance_list_names_who_was_on_leave(
    printed_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = session_document_request(session=printed_session, kind="attendance")
    document.refresh_from_db()
    assert "沈建华" in pdf_text(document)


def test_generating_twice_leaves_one_document_and_one_file(
    printed_session, django_capture_on_commit_callbacks, tmp_path
):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            session_document_request(session=printed_session, kind="agenda")
    assert SessionDocument.objects.filter(session=printed_session).count() == 1
    assert len(list((tmp_path / "session-pdfs").iterdir())) == 1
    document = SessionDocument.objects.get()
    session_document_generate(document_id=document.pk, language="en")  # a redelivered task
    assert len(list((tmp_path / "session-pdfs").iterdir())) == 1


def test_asking_again_while_a_task_has_it_queues_nothing_more(
    printed_session, django_capture_on_commit_callbacks
):
    # Each ask used to queue a task, and two tasks printed the same report at the same time.
    with django_capture_on_commit_callbacks() as queued:
        first = session_document_request(session=printed_session, kind="report")
    with django_capture_on_commit_callbacks() as queued_again:
        again = session_document_request(session=printed_session, kind="report")
    assert (len(queued), len(queued_again)) == (1, 0)
    assert again.pk == first.pk and again.status == "queued"
    SessionDocument.objects.filter(pk=first.pk).update(status="running")
    with django_capture_on_commit_callbacks() as queued_again:
        session_document_request(session=printed_session, kind="report")
    assert not queued_again


def test_a_task_past_its_time_limit_is_replaced_when_asked_again(
    printed_session, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from sessions.tasks import generate_session_document

    with django_capture_on_commit_callbacks():
        document = session_document_request(session=printed_session, kind="report")
    # Its worker died long ago and the task was never handed out again.
    long_ago = timezone.now() - datetime.timedelta(seconds=generate_session_document.time_limit + 1)
    SessionDocument.objects.filter(pk=document.pk).update(status="running", requested_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        session_document_request(session=printed_session, kind="report")
    assert len(queued) == 1
    document.refresh_from_db()
    assert document.status == "done" and document.requested_at > long_ago


def test_after_the_broker_refused_asking_again_queues_at_once(
    printed_session, django_capture_on_commit_callbacks, monkeypatch
):
    from sessions.tasks import generate_session_document

    with monkeypatch.context() as broker:
        broker.setattr(generate_session_document, "delay", broker_away)
        with django_capture_on_commit_callbacks(execute=True):
            document = session_document_request(session=printed_session, kind="report")
    document.refresh_from_db()
    assert (document.status, document.requested_at) == ("queued", None)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        session_document_request(session=printed_session, kind="report")
    assert len(queued) == 1
    document.refresh_from_db()
    assert document.status == "done"


def test_sittings_follow_the_clock(session):
    import datetime

    day = session.start_date
    for date, part in [
        (day, "evening"),
        (day, "afternoon"),
        (day, "morning"),
        (day + datetime.timedelta(days=1), "morning"),
    ]:
        SittingFactory(session=session, date=date, part=part)
    assert [s.part for s in session.sittings.all()] == [
        "morning",
        "afternoon",
        "evening",
        "morning",
    ]


def test_an_untitled_document_is_named_after_its_file_cut_to_fit(
    session, secretariat, settings, tmp_path
):
    """A file name longer than a title (found by fuzzing: a server error on PostgreSQL)."""
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItemFactory(session=session, order=1, kind="report", title="报告")
    upload = SimpleUploadedFile("工作报告" * 60 + ".pdf", PDF)
    document = agenda_document_add(
        item=item, uploaded_file=upload, title="", uploaded_by=secretariat
    )
    assert document.title == ("工作报告" * 60)[:200]
    document.full_clean()


def test_the_session_report_lists_the_items_filed_at_the_session(
    session, author, education, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    proposal_in(S.SUBMITTED, author=author, session=session, title="关于新建镇幼儿园的建议")
    proposal_in(
        S.ACCEPTED,
        author=author,
        session=session,
        title="关于建设镇卫生院的建议",
        category=education,
    )
    with django_capture_on_commit_callbacks(execute=True):
        document = session_document_request(session=session, kind="report")
    document.refresh_from_db()
    text = pdf_text(document).replace("\n", " ")
    assert "2 items were filed at the session" in text
    assert "关于新建镇幼儿园的建议" in text and "教育 1" in text


@pytest.mark.parametrize("size", [4, 40])
def test_the_live_page_takes_the_same_queries_whatever_the_roster(
    client_for, secretariat, sitting, roster, mark_present, size, django_assert_num_queries
):
    """The chair's live figures (issue 15): the page and its refresh, as many queries for 4
    delegates as for 40, the figures right."""
    people = roster(size)
    mark_present(sitting, people[: size // 2])
    client = client_for(secretariat)
    page = f"/sessions/sittings/{sitting.pk}/live/"
    client.get(page)
    # The user's session, account and roles, the menu's duties and notices, the sitting,
    # the figures (attendance_summary: 1) and the voting rules the quorum reads (1).
    with django_assert_num_queries(8):
        assert client.get(page).status_code == 200
    figures = client.get(page + "figures/").json()["summary"]["total"]
    assert (figures["expected"], figures["present"]) == (size, size // 2)
