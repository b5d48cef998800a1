"""The session's records are the office's: every service refuses anybody else, whatever page
or script called it, and writes nothing; and the session's statuses follow its workflow
table (sessions/workflow.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sessions.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Resolution,
    ResolutionVersion,
    Session,
    SessionStatusChange,
    Vote,
)
from sessions.services import (
    agenda_document_add,
    agenda_item_set_outcome,
    attendance_record,
    resolution_add_version,
    session_advance,
    vote_record,
)
from sessions.workflow import SESSION_WORKFLOW, Step
from tests.core.documents import PDF
from tests.sessions.factories import AgendaItemFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


def _rows():
    return [
        m.objects.count()
        for m in (
            SessionStatusChange,
            Attendance,
            Vote,
            AgendaDocument,
            Resolution,
            ResolutionVersion,
        )
    ] + [list(AgendaItem.objects.values_list("outcome", flat=True))]


def test_only_the_office_records_a_sessions_steps(
    in_progress, sitting, roster, delegate, unit_staff, secretariat
):
    person = roster(1)[0]
    item = AgendaItemFactory(session=in_progress, title="工作报告", order=1)
    resolution = ResolutionFactory(session=in_progress, title="决议")
    steps = [
        lambda who: session_advance(session=in_progress, changed_by=who),
        lambda who: attendance_record(
            sitting=sitting, delegate=person, status="present", method="search", recorded_by=who
        ),
        lambda who: vote_record(
            session=in_progress,
            sitting=sitting,
            matter="resolution",
            subject="议题",
            votes_for=0,
            votes_against=0,
            abstentions=0,
            recorded_by=who,
        ),
        lambda who: agenda_item_set_outcome(item=item, outcome="done", changed_by=who),
        lambda who: resolution_add_version(resolution=resolution, text="草案", created_by=who),
        lambda who: agenda_document_add(
            item=item,
            uploaded_file=SimpleUploadedFile("a.pdf", PDF),
            title="报告",
            uploaded_by=who,
        ),
    ]
    before = _rows()
    for step in steps:
        for who in (delegate, unit_staff, None):
            with pytest.raises(ValidationError, match="Only the congress office"):
                step(who)
    assert _rows() == before
    assert Session.objects.get(pk=in_progress.pk).status == Session.Status.IN_PROGRESS
    attendance_record(
        sitting=sitting, delegate=person, status="present", method="search", recorded_by=secretariat
    )
    assert session_advance(session=in_progress, changed_by=secretariat).status == "closed"


def test_the_session_goes_through_its_statuses_in_order_once(session, secretariat):
    seen = [session.status]
    for _ in range(3):
        seen.append(session_advance(session=session, changed_by=secretariat).status)
    assert seen == list(Session.Status)
    with pytest.raises(ValidationError, match="The session is closed."):
        session_advance(session=session, changed_by=secretariat)
    moves = [
        (before, after) for before, _step, after in SESSION_WORKFLOW.moves() if before != after
    ]
    assert moves == list(zip(seen, seen[1:], strict=False))
    assert not SESSION_WORKFLOW.allows(Session.Status.CLOSED, Step.RECORD)
