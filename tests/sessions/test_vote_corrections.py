"""Issue 12, 1.1: one valid vote per matter and round; a mistyped vote is corrected or voided
through a recorded service, the record taken out kept and never printed as valid."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from pypdf import PdfReader

from sessions.models import Vote
from sessions.services import (
    resolution_add_version,
    session_advance,
    session_document_request,
    vote_correct,
    vote_record,
    vote_void,
)
from tests.core.factories import office_user
from tests.sessions.factories import AgendaItemFactory, ResolutionFactory
from tests.sessions.kit import vote_form
from tests.sessions.test_attendance_and_documents import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution(in_progress, sitting, roster, mark_present):
    """A resolution on the work report, 10 delegates entitled, all present."""
    mark_present(sitting, roster(10))
    item = AgendaItemFactory(session=in_progress, order=1, title="审议工作报告")
    resolution = ResolutionFactory(session=in_progress, agenda_item=item, title="关于报告的决议")
    resolution_add_version(
        resolution=resolution, text="大会批准这个报告。", created_by=office_user()
    )
    return resolution


def vote_on(resolution, sitting, *, votes_for, round=1, against=0):
    return vote_record(
        session=resolution.session,
        sitting=sitting,
        matter="resolution",
        subject=resolution.title,
        resolution=resolution,
        votes_for=votes_for,
        votes_against=against,
        abstentions=0,
        round=round,
        recorded_by=office_user(),
    )


def elect(session, sitting, subject, *, item=None, votes_for=9):
    return vote_record(
        session=session,
        sitting=sitting,
        matter="election",
        subject=subject,
        agenda_item=item,
        ballots_issued=10,
        ballots_returned=10,
        votes_for=votes_for,
        votes_against=0,
        abstentions=0,
        recorded_by=office_user(),
    )


def test_a_second_vote_on_the_same_resolution_and_round_is_refused(resolution, sitting):
    vote_on(resolution, sitting, votes_for=8)
    with pytest.raises(ValidationError) as error:
        vote_on(resolution, sitting, votes_for=3)
    assert "already has a valid vote in round 1" in error.value.message_dict["resolution"][0]
    assert Vote.objects.count() == 1
    resolution.refresh_from_db()
    assert resolution.status == "adopted"


def test_a_second_vote_on_the_same_candidate_is_refused(in_progress, sitting, resolution):
    item = AgendaItemFactory(session=in_progress, order=2, kind="election", title="补选委员")
    elect(in_progress, sitting, "沈建华", item=item)
    elect(in_progress, sitting, "王丽", item=item)  # another candidate: another matter
    elect(in_progress, sitting, "沈建华")  # not under the item: a matter of the session
    for again in ({"item": item}, {}):
        with pytest.raises(ValidationError) as error:
            elect(in_progress, sitting, "沈建华", **again)
        assert "already has a valid vote" in error.value.message_dict["subject"][0]
    assert Vote.objects.count() == 3


def test_a_new_round_follows_a_valid_one_and_decides(resolution, sitting):
    with pytest.raises(ValidationError) as error:
        vote_on(resolution, sitting, votes_for=8, round=2)
    assert "no valid vote in round 1" in error.value.message_dict["round"][0]
    vote_on(resolution, sitting, votes_for=4, against=6)
    resolution.refresh_from_db()
    assert resolution.status == "not_adopted"
    vote_on(resolution, sitting, votes_for=8, round=2)
    resolution.refresh_from_db()
    assert resolution.status == "adopted"
    assert resolution.agenda_item.outcome == "adopted"


def test_the_database_holds_one_valid_vote_per_matter_and_round(resolution, sitting):
    first = vote_on(resolution, sitting, votes_for=8)
    copy = {f.attname: getattr(first, f.attname) for f in Vote._meta.concrete_fields}
    del copy["id"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(**copy)
    Vote.objects.create(**{**copy, "state": "superseded"})  # a record taken out may stay
    Vote.objects.create(**{**copy, "round": 2})


def test_a_correction_supersedes_the_vote_and_decides_again(resolution, sitting, secretariat):
    mistyped = vote_on(resolution, sitting, votes_for=8, against=2)
    corrected = vote_correct(
        vote=mistyped,
        votes_for=2,
        votes_against=8,
        abstentions=0,
        reason="计票员报数，录入时将赞成票与反对票填反。",
        corrected_by=secretariat,
    )
    mistyped.refresh_from_db()
    assert mistyped.state == "superseded" and corrected.state == "valid"
    assert corrected.corrects == mistyped and mistyped.corrected_by == corrected
    assert (corrected.votes_for, corrected.passed, corrected.round) == (2, False, 1)
    assert (corrected.entitled, corrected.present, corrected.rule) == (10, 10, mistyped.rule)
    change = mistyped.state_changes.get()
    assert (change.state_before, change.state_after, change.actor) == (
        "valid",
        "superseded",
        secretariat,
    )
    assert "填反" in change.reason
    resolution.refresh_from_db()
    assert resolution.status == "not_adopted"
    assert resolution.agenda_item.outcome == "not_adopted"
    assert resolution.agenda_item.outcome_changes.last().outcome_after == "not_adopted"


def test_voiding_the_only_vote_leaves_the_matter_undecided(resolution, sitting, secretariat):
    mistaken = vote_on(resolution, sitting, votes_for=8)
    vote_void(vote=mistaken, reason="表决未进行，误录。", voided_by=secretariat)
    mistaken.refresh_from_db()
    assert mistaken.state == "voided"
    assert mistaken.state_changes.get().state_after == "voided"
    resolution.refresh_from_db()
    assert resolution.status == "draft"
    assert resolution.agenda_item.outcome == "pending"
    vote_on(resolution, sitting, votes_for=7)  # the matter may be voted on again, round 1
    resolution.refresh_from_db()
    assert resolution.status == "adopted"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"votes_for": 8}, "nothing to correct"),
        ({"votes_for": 7, "reason": "  "}, "Say why"),
        ({"votes_for": 11}, "add up to 11, more than 10"),
    ],
)
def test_a_correction_is_refused_and_writes_nothing(resolution, sitting, change, message):
    vote = vote_on(resolution, sitting, votes_for=8)
    arguments = {"votes_for": 8, "votes_against": 0, "abstentions": 0, "reason": "录错"}
    with pytest.raises(ValidationError, match=message):
        vote_correct(vote=vote, corrected_by=office_user(), **{**arguments, **change})
    vote.refresh_from_db()
    assert vote.state == "valid" and Vote.objects.count() == 1
    assert not vote.state_changes.exists()


def test_only_the_vote_that_stands_is_corrected_or_voided(resolution, sitting):
    vote = vote_on(resolution, sitting, votes_for=8)
    arguments = {"votes_against": 0, "abstentions": 0, "reason": "录错"}
    vote_correct(vote=vote, votes_for=7, corrected_by=office_user(), **arguments)
    with pytest.raises(ValidationError, match="no longer valid"):
        vote_correct(vote=vote, votes_for=6, corrected_by=office_user(), **arguments)
    with pytest.raises(ValidationError, match="no longer valid"):
        vote_void(vote=vote, reason="录错", voided_by=office_user())
    assert Vote.objects.filter(state="valid").get().votes_for == 7


def test_votes_are_corrected_while_the_session_is_in_progress(resolution, sitting):
    vote = vote_on(resolution, sitting, votes_for=8)
    session_advance(session=resolution.session, changed_by=office_user())  # closed
    with pytest.raises(ValidationError, match="while the session is in progress"):
        vote_void(vote=vote, reason="录错", voided_by=office_user())
    with pytest.raises(ValidationError, match="while the session is in progress"):
        vote_correct(
            vote=vote,
            votes_for=7,
            votes_against=0,
            abstentions=0,
            reason="录错",
            corrected_by=office_user(),
        )
    vote.refresh_from_db()
    assert vote.state == "valid"


def test_printed_documents_show_only_the_valid_vote(
    resolution, sitting, office, django_capture_on_commit_callbacks
):
    mistyped = vote_on(resolution, sitting, votes_for=8, against=1)
    vote_correct(
        vote=mistyped,
        votes_for=7,
        votes_against=2,
        abstentions=1,
        reason="录错",
        corrected_by=office_user(),
    )
    printed = office.get(f"/sessions/resolutions/{resolution.pk}/print/")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.content)).pages)
    text = text.replace("\n", " ")
    assert "For 7, against 2, abstentions 1" in text
    assert "For 8" not in text
    with django_capture_on_commit_callbacks(execute=True):
        document = session_document_request(session=resolution.session, kind="report")
    document.refresh_from_db()
    report = pdf_text(document).replace("\n", " ")
    assert "For 7, against 2, abstentions 1" in report
    assert "For 8" not in report


def test_the_record_page_refuses_a_second_vote_next_to_the_resolution(office, resolution, sitting):
    url = "/admin/congress_sessions/vote/record/"
    form = vote_form(resolution.session, sitting, resolution=resolution.pk)
    assert office.post(url, form).status_code == 302
    response = office.post(url, {**form, "votes_for": 3, "subject": "再次"})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "already has a valid vote in round 1" in form.errors["resolution"][0]
    assert not form.non_field_errors()  # said once, next to the field
    assert 'value="再次"' in response.content.decode()
    assert Vote.objects.count() == 1


def test_the_office_corrects_and_voids_votes_on_their_pages(office, resolution, sitting):
    vote = vote_on(resolution, sitting, votes_for=8)
    page = office.get(f"/admin/congress_sessions/vote/{vote.pk}/change/").content.decode()
    correct = f"/admin/congress_sessions/vote/{vote.pk}/correct/"
    assert correct in page and f"/admin/congress_sessions/vote/{vote.pk}/void/" in page
    form = office.get(correct).context["adminform"].form
    assert form.initial["votes_for"] == 8 and "ballots_issued" not in form.fields
    refused = office.post(correct, {"votes_for": 7, "votes_against": 0, "abstentions": 0})
    assert "reason" in refused.context["adminform"].form.errors
    response = office.post(
        correct, {"votes_for": 7, "votes_against": 0, "abstentions": 0, "reason": "录错"}
    )
    new = Vote.objects.get(state="valid")
    assert response.url == f"/admin/congress_sessions/vote/{new.pk}/change/"
    old_page = office.get(f"/admin/congress_sessions/vote/{vote.pk}/change/").content.decode()
    assert "Superseded by a correction" in old_page and "录错" in old_page
    assert correct not in old_page  # only the vote that stands is offered
    office.post(f"/admin/congress_sessions/vote/{new.pk}/void/", {"reason": "误录"})
    new.refresh_from_db()
    assert new.state == "voided"
    listing = office.get("/admin/congress_sessions/vote/?state__exact=voided").content.decode()
    assert "Voided" in listing


def test_unit_staff_cannot_correct_votes(client_for, unit_staff, resolution, sitting):
    vote = vote_on(resolution, sitting, votes_for=8)
    response = client_for(unit_staff).post(
        f"/admin/congress_sessions/vote/{vote.pk}/void/", {"reason": "x"}
    )
    assert response.status_code in (302, 403)
    vote.refresh_from_db()
    assert vote.state == "valid"


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_latest_of_votes_recorded_twice(latest_after):
    """Votes recorded twice before this change: the latest stands, the earlier is superseded."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        ("congress_sessions", "0003_status_change_actor_at"),
        (
            "congress_sessions",
            "0004_vote_state_and_round",
        ),
    )
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    from tests.sessions.factories import SessionFactory, SittingFactory

    sitting = SittingFactory(session=SessionFactory())
    old_vote = apps.get_model("congress_sessions", "Vote")
    common = {
        "session_id": sitting.session_id,
        "sitting_id": sitting.pk,
        "matter": "resolution",
        "subject": "决议",
        "entitled": 10,
        "present": 9,
        "votes_against": 0,
        "abstentions": 0,
        "quorum_met": True,
        "passed": True,
        "rule": {},
    }
    first = old_vote.objects.create(votes_for=8, **common).pk
    second = old_vote.objects.create(votes_for=7, **common).pk
    other = old_vote.objects.create(votes_for=6, **{**common, "subject": "另一项"}).pk
    executor = MigrationExecutor(connection)
    executor.migrate([after])
    states = dict(Vote.objects.values_list("pk", "state"))
    assert states == {first: "superseded", second: "valid", other: "valid"}
    assert Vote.objects.get(pk=second).corrects_id == first
    assert Vote.objects.get(pk=first).state_changes.get().actor is None
