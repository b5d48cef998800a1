import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from sessions.models import AgendaDocument, AgendaItem, Resolution, Session, Vote
from tests.core.documents import PDF
from tests.sessions.kit import vote_form

pytestmark = pytest.mark.django_db


def test_office_records_a_vote_through_the_rule(office, in_progress, sitting, roster, mark_present):
    mark_present(sitting, roster(10)[:9])
    form = vote_form(in_progress, sitting, abstentions=1)
    response = office.post("/admin/congress_sessions/vote/record/", form)
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.present, vote.entitled, vote.passed) == (9, 10, True)


def test_a_vote_without_quorum_is_refused_on_the_form(
    office, in_progress, sitting, roster, mark_present
):
    mark_present(sitting, roster(10)[:5])
    form = vote_form(in_progress, sitting, subject="决议", votes_for=5)
    response = office.post("/admin/congress_sessions/vote/record/", form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No quorum: 5 of 10" in page
    assert 'value="决议"' in page  # what was typed is kept
    assert not Vote.objects.exists()
    assert office.post("/admin/congress_sessions/vote/add/", form).status_code == 403
    listing = office.get("/admin/congress_sessions/vote/").content.decode()
    assert 'href="/admin/congress_sessions/vote/record/"' in listing


def test_resolution_versions_are_added_not_edited(office, session, secretariat):
    resolution = Resolution.objects.create(session=session, title="决议")
    url = f"/admin/congress_sessions/resolution/{resolution.pk}/change/"
    for text in ("第一稿", "第二稿"):
        office.post(
            url,
            {
                "session": session.pk,
                "title": "决议",
                "agenda_item": "",
                "versions-TOTAL_FORMS": 1 + resolution.versions.count(),
                "versions-INITIAL_FORMS": resolution.versions.count(),
                **{f"versions-{n}-id": v.pk for n, v in enumerate(resolution.versions.all())},
                **{
                    f"versions-{n}-resolution": resolution.pk
                    for n in range(resolution.versions.count() + 1)
                },
                f"versions-{resolution.versions.count()}-text": text,
                f"versions-{resolution.versions.count()}-note": "",
            },
        )
    versions = list(resolution.versions.values_list("number", "text", "created_by"))
    assert versions == [(1, "第一稿", secretariat.pk), (2, "第二稿", secretariat.pk)]


@pytest.mark.parametrize(
    ("content", "stored"),
    [(PDF, True), (b"<html><body>not an image</body></html>", False)],
)
def test_documents_uploaded_in_the_admin_are_checked(
    office, session, settings, tmp_path, content, stored
):
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItem.objects.create(session=session, order=1, kind="report", title="报告")
    response = office.post(
        "/admin/congress_sessions/agendadocument/upload/",
        {"item": item.pk, "title": "工作报告", "file": SimpleUploadedFile("report.jpg", content)},
    )
    assert AgendaDocument.objects.exists() is stored
    listing = office.get("/admin/congress_sessions/agendadocument/").content.decode()
    assert 'href="/admin/congress_sessions/agendadocument/upload/"' in listing
    if not stored:
        assert "Upload a PDF" in response.content.decode()
    else:
        assert AgendaDocument.objects.get().content_type == "application/pdf"


def test_the_status_action_moves_sessions_on(office, session):
    office.post(
        "/admin/congress_sessions/session/",
        {"action": "advance_status", "_selected_action": [session.pk]},
    )
    session.refresh_from_db()
    assert session.status == "preparatory_held"
    assert session.status_changes.get().status_after == "preparatory_held"


def test_attendance_export(office, sitting, roster, mark_present):
    people = roster(3)
    mark_present(sitting, people)
    response = office.post(
        "/admin/congress_sessions/session/",
        {"action": "export_attendance_xlsx", "_selected_action": [sitting.session_id]},
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Session", "Sitting", "Delegate")
    assert len(rows) == 4 and {row[2] for row in rows[1:]} == {p.name for p in people}


def test_the_session_page_links_check_in_and_printing(office, sitting):
    page = office.get(f"/admin/congress_sessions/session/{sitting.session_id}/change/")
    html = page.content.decode()
    assert f"/sessions/sittings/{sitting.pk}/check-in/" in html
    assert f"/sessions/{sitting.session_id}/print/report/" in html


@pytest.mark.parametrize("size", [2, 20])
def test_session_list_in_constant_queries(office, term, size, django_assert_max_num_queries):
    for n in range(size):
        Session.objects.create(
            term=term,
            ordinal=n + 1,
            name=f"第{n + 1}次会议",
            start_date="2024-01-06",
            end_date="2024-01-06",
            venue="大会堂",
        )
    # the same 10 at either size (11 on PostgreSQL)
    with django_assert_max_num_queries(11):
        response = office.get("/admin/congress_sessions/session/")
    assert response.status_code == 200


def test_a_voted_resolution_offers_no_new_version(office, session):
    resolution = Resolution.objects.create(session=session, title="决议", status="adopted")
    page = office.get(f"/admin/congress_sessions/resolution/{resolution.pk}/change/")
    assert page.context["inline_admin_formsets"][0].formset.total_form_count() == 0
    assert page.context["inline_admin_formsets"][0].has_add_permission is False


def _session_form(session, **changes):
    data = {
        "term": session.term_id,
        "ordinal": session.ordinal,
        "name": session.name,
        "start_date": "2024-01-06",
        "end_date": "2024-01-06",
        "venue": session.venue,
        **{f"{prefix}-TOTAL_FORMS": 0 for prefix in ("sittings", "agenda_items", "committees")},
        **{f"{prefix}-INITIAL_FORMS": 0 for prefix in ("sittings", "agenda_items", "committees")},
    }
    data.update(changes)
    return data


def test_a_session_stays_in_its_term_and_its_days(office, session):
    """Found by fuzzing: a session could move to another term, or out of its term's days,
    leaving its attendance to delegates it never expected."""
    from django.utils.formats import date_format

    from tests.delegates.factories import TermFactory

    other = TermFactory(name="第十四届", start_date="2017-01-01", end_date="2021-12-31")
    url = f"/admin/congress_sessions/session/{session.pk}/change/"
    assert office.post(url, _session_form(session, term=other.pk)).status_code == 302
    session.refresh_from_db()
    assert session.term_id != other.pk
    response = office.post(url, _session_form(session, start_date="2021-12-30"))
    term = session.term
    assert response.context["adminform"].form.non_field_errors() == [
        f"A session falls within its term (Jan. 1, 2022 to {date_format(term.end_date)})."
    ]
    session.refresh_from_db()
    assert str(session.start_date) == "2024-01-06"


def test_a_duplicate_session_number_is_refused_on_the_form(office, session):
    """Found by fuzzing: with the term read-only the (term, number) constraint was skipped."""
    from tests.sessions.factories import SessionFactory

    other = SessionFactory(term=session.term, ordinal=session.ordinal + 1)
    url = f"/admin/congress_sessions/session/{other.pk}/change/"
    response = office.post(url, _session_form(other, ordinal=session.ordinal))
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors()
    other.refresh_from_db()
    assert other.ordinal == session.ordinal + 1
