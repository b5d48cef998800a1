"""Issue 12, 1.12: the forms offer a session's own sittings, items and resolutions (or name each
one's session), a part of another session is refused; check-in waits for the session to open;
an adopted resolution decides its agenda item whatever the route."""

import pytest
from django.core.exceptions import ValidationError

from sessions.models import AgendaDocument, Attendance, Resolution, Vote
from sessions.services import attendance_record, check_in_token, vote_record
from tests.core.factories import office_user
from tests.core.pickers import picker_offers
from tests.sessions.factories import (
    AgendaItemFactory,
    ResolutionFactory,
    SessionFactory,
    SittingFactory,
)
from tests.sessions.kit import S, session_in, vote_form

pytestmark = pytest.mark.django_db

TITLE = "听取和审议镇党委工作报告"  # every session has this item, numbered 1


@pytest.fixture
def two_sessions(in_progress, sitting, term, roster, mark_present):
    """The session in progress (10 present of 10) and an earlier one of the term with the same
    agenda; returns (this item, the other session's item)."""
    mark_present(sitting, roster(10))
    # A year before (sessions are listed newest first; on one day their order was a toss-up).
    day = in_progress.start_date.replace(year=in_progress.start_date.year - 1)
    earlier = SessionFactory(term=term, ordinal=1, name="第一次会议", start_date=day, end_date=day)
    return (
        AgendaItemFactory(session=in_progress, order=1, title=TITLE),
        AgendaItemFactory(session=earlier, order=1, title=TITLE),
    )


def test_the_record_form_offers_the_sessions_own_parts(office, two_sessions, in_progress):
    mine, theirs = two_sessions
    url = "/admin/congress_sessions/vote/record/"
    session_page = office.get(f"/admin/congress_sessions/session/{in_progress.pk}/change/")
    assert f"{url}?session={in_progress.pk}" in session_page.content.decode()
    form = office.get(url, {"session": in_progress.pk}).context["adminform"].form
    assert list(form.fields["agenda_item"].queryset) == [mine]
    assert form.initial["session"] == str(in_progress.pk)
    anywhere = office.get(url).context["adminform"].form.fields["agenda_item"]
    labels = [label for value, label in anywhere.choices if value]
    assert labels == [f"{in_progress.name} · 1. {TITLE}", f"第一次会议 · 1. {TITLE}"]


@pytest.mark.parametrize("with_session", [True, False])
def test_the_record_forms_selects_read_their_rows_in_one_plain_query_each(
    office, two_sessions, in_progress, with_session
):
    """The same options as Django's iterator gives, in the same order, each select's rows read
    by one SELECT, not through a cursor on the server (decision 276)."""
    from django.db import connection
    from django.forms.models import ModelChoiceIterator
    from django.test.utils import CaptureQueriesContext

    query = {"session": in_progress.pk} if with_session else {}
    form = office.get("/admin/congress_sessions/vote/record/", query).context["adminform"].form
    names = ("session", "sitting", "agenda_item", "resolution")
    for name in names:
        field = form.fields[name]
        with CaptureQueriesContext(connection) as queries:
            offered = [(str(value), label) for value, label in field.widget.choices]
        assert len(queries) == 1, name
        assert not queries[0]["sql"].lstrip().upper().startswith("DECLARE")
        djangos = [(str(value), label) for value, label in ModelChoiceIterator(field)]
        assert offered == djangos, name
    assert len([label for _value, label in form.fields["session"].widget.choices]) == 3


def test_an_item_of_another_session_is_refused_next_to_its_field(
    office, two_sessions, in_progress, sitting
):
    mine, theirs = two_sessions
    response = office.post(
        "/admin/congress_sessions/vote/record/",
        vote_form(in_progress, sitting, subject="表决", agenda_item=theirs.pk),
    )
    assert "agenda_item" in response.context["adminform"].form.errors
    assert 'value="表决"' in response.content.decode()
    assert not Vote.objects.exists()
    theirs.refresh_from_db()
    assert theirs.outcome == "pending"


@pytest.mark.parametrize("part", ["agenda_item", "resolution", "sitting"])
def test_the_service_refuses_a_part_of_another_session(two_sessions, in_progress, sitting, part):
    mine, theirs = two_sessions
    parts = {
        "agenda_item": {"agenda_item": theirs},
        "resolution": {"resolution": ResolutionFactory(session=theirs.session)},
        "sitting": {},
    }[part]
    with pytest.raises(ValidationError) as error:
        vote_record(
            session=in_progress,
            sitting=SittingFactory(session=theirs.session) if part == "sitting" else sitting,
            matter="resolution",
            subject="表决",
            votes_for=8,
            votes_against=0,
            abstentions=0,
            recorded_by=office_user(),
            **parts,
        )
    assert list(error.value.message_dict) == [part]
    assert not Vote.objects.exists()


def test_a_resolution_on_another_item_than_the_vote_names_is_refused(
    two_sessions, in_progress, sitting
):
    mine, _theirs = two_sessions
    other = AgendaItemFactory(session=in_progress, order=2, title="审议纪委工作报告")
    resolution = ResolutionFactory(session=in_progress, agenda_item=other)
    with pytest.raises(ValidationError, match="on another agenda item"):
        vote_record(
            session=in_progress,
            sitting=sitting,
            matter="resolution",
            subject="表决",
            agenda_item=mine,
            resolution=resolution,
            votes_for=8,
            votes_against=0,
            abstentions=0,
            recorded_by=office_user(),
        )


def test_a_resolution_offers_its_sessions_items(office, two_sessions, in_progress):
    mine, theirs = two_sessions
    resolution = ResolutionFactory(session=in_progress)
    url = f"/admin/congress_sessions/resolution/{resolution.pk}/change/"
    form = office.get(url).context["adminform"].form
    assert list(form.fields["agenda_item"].queryset) == [mine]
    assert "session" not in form.fields  # it never moves
    # Searched as one types, from the same offer: this session's items on its page, every
    # session's on the add page (named with their session), listed on neither.
    field = "congress_sessions.resolution.agenda_item"
    assert picker_offers(office, field, "听取", resolution) == [str(mine)]
    assert picker_offers(office, field, "听取") == [
        f"{in_progress.name} · 1. {TITLE}",
        f"第一次会议 · 1. {TITLE}",
    ]
    assert TITLE not in office.get("/admin/congress_sessions/resolution/add/").content.decode()
    election = "congress_sessions.election.agenda_item"
    assert len(picker_offers(office, election, "听取")) == 2
    added = office.post(
        "/admin/congress_sessions/resolution/add/",
        {
            "session": in_progress.pk,
            "agenda_item": theirs.pk,
            "title": "决议",
            "versions-TOTAL_FORMS": 0,
            "versions-INITIAL_FORMS": 0,
        },
    )
    assert "agenda_item" in added.context["adminform"].form.errors
    assert Resolution.objects.count() == 1
    with pytest.raises(ValidationError, match="belongs to another session"):
        Resolution(session=in_progress, agenda_item=theirs, title="决议").full_clean()


def test_the_document_form_names_each_items_session(office, two_sessions, in_progress):
    field = office.get("/admin/congress_sessions/agendadocument/upload/").context["adminform"]
    labels = [label for value, label in field.form.fields["item"].choices if value]
    assert f"{in_progress.name} · 1. {TITLE}" in labels
    assert f"第一次会议 · 1. {TITLE}" in labels
    assert not AgendaDocument.objects.exists()


@pytest.mark.parametrize("status", [S.PLANNED, S.PREPARATORY_HELD])
def test_check_in_waits_for_the_session_to_open(
    client_for, secretariat, session, sitting, roster, status
):
    person = roster(1)[0]
    session_in(status, session=session)
    with pytest.raises(ValidationError, match="Check-in opens when the session is opened"):
        attendance_record(
            sitting=sitting,
            delegate=person,
            status="present",
            method="search",
            recorded_by=secretariat,
        )
    client = client_for(secretariat)
    url = f"/sessions/sittings/{sitting.pk}/check-in/"
    page = client.get(url, {"q": person.name}).content.decode()
    assert "Check-in opens when the session is opened" in page
    assert 'value="present"' not in page  # no buttons
    client.post(url, {"delegate": person.pk, "status": "present", "method": "search"})
    token = check_in_token(session=session, delegate=person)
    scan = client.get(f"/sessions/check-in/{token}/").content.decode()
    assert "Check-in opens when the session is opened" in scan
    assert 'name="sitting"' not in scan
    client.post(f"/sessions/check-in/{token}/", {"sitting": sitting.pk})
    assert not Attendance.objects.exists()


def test_an_adopted_resolution_recorded_on_the_page_adopts_its_item(
    office, two_sessions, in_progress, sitting
):
    mine, _theirs = two_sessions
    resolution = ResolutionFactory(session=in_progress, agenda_item=mine)
    office.post(
        "/admin/congress_sessions/vote/record/",
        vote_form(in_progress, sitting, resolution=resolution.pk),
    )
    mine.refresh_from_db()
    resolution.refresh_from_db()
    assert (resolution.status, mine.outcome) == ("adopted", "adopted")


def test_a_sessions_parts_are_read_by_statements_written_once(office, two_sessions, in_progress):
    """With the session known, its record form reads the session and each select's rows by a
    statement written once per process (decision 372): the rows the filtered queryset reads;
    a queryset set on the field since is read as it is written; a number no column holds
    names no session, as the ORM's `in` answers."""
    from congress_office import written_once

    url = "/admin/congress_sessions/vote/record/"
    form = office.get(url, {"session": in_progress.pk}).context["adminform"].form
    kept = {key[0] for key in written_once._written if written_once._written[key] is not None}
    assert "a form's session" in kept
    assert {key for key in kept if key[0] == "a session's rows"}
    item = form.fields["agenda_item"]
    assert [value for value, _label in item.widget.choices if value] == [two_sessions[0].pk]
    item.queryset = item.queryset.model.objects.filter(pk=two_sessions[1].pk)
    item.widget.choices = item.choices
    assert [value for value, _label in item.widget.choices if value] == [two_sessions[1].pk]
    unknown = office.get(url, {"session": 2**40}).context["adminform"].form
    assert unknown.fields["agenda_item"].queryset.query.where == type(item.queryset.query.where)()
