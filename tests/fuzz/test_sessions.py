"""Fuzzing the sessions' forms: every admin page of the app (sessions with their sittings,
agenda and committees, agenda documents, voting rules, votes, resolutions and their versions),
the admin actions, check-in by search and by QR code, and the printed documents."""

import pytest
from django import forms
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sessions.forms import CheckInForm, CheckInSearchForm
from sessions.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Resolution,
    Session,
    SessionDocument,
    Vote,
    VotingRule,
)
from sessions.selectors import expected_delegates
from sessions.services import check_in_token

from .helpers import (
    Snapshot,
    admin_action,
    assert_unchanged,
    assert_valid_rows,
    checked,
    fuzz_admin_page,
    isolated,
    per_page,
    post_admin_form,
    row,
    signed_in,
)
from .strategies import counts, form_data, number_text, text


def assert_sessions_consistent():
    """What the services promise of the sessions' records, whatever was posted."""
    for vote in Vote.objects.select_related("session", "sitting"):
        assert vote.sitting.session_id == vote.session_id
        assert not vote.passed or (vote.quorum_met and not vote.void)
        counted = vote.votes_for + vote.votes_against + vote.abstentions
        if vote.matter == VotingRule.Matter.ELECTION:
            assert vote.ballots_issued is not None and vote.ballots_returned is not None
            assert vote.ballots_issued <= vote.present
            assert vote.void == (vote.ballots_returned > vote.ballots_issued)
            assert counted <= vote.ballots_returned
        else:
            assert counted <= vote.present
    for resolution in Resolution.objects.all():
        last = resolution.votes.filter(void=False).order_by("-recorded_at", "-pk").first()
        if last is None:
            assert resolution.status == Resolution.Status.DRAFT
        else:
            assert resolution.status == ("adopted" if last.passed else "not_adopted")
        numbers = list(resolution.versions.values_list("number", flat=True))
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    for attendance in Attendance.objects.select_related("sitting__session"):
        expected = expected_delegates(attendance.sitting.session)
        assert expected.filter(pk=attendance.delegate_id).exists()


# --- Every admin page of the app --------------------------------------------------------

ADMIN_PAGES = [
    (Session, None),
    (Session, "session"),
    (Session, "closed_session"),
    (AgendaItem, "item"),
    (AgendaDocument, None),
    (VotingRule, None),
    (VotingRule, "voting_rule"),
    (Vote, None),
    (Resolution, None),
    (Resolution, "resolution"),
]


def _add_seeds(office) -> dict:
    """Right values for the add pages whose forms random values hardly ever pass."""
    return {
        Session: {
            "term": str(office.term.pk),
            "ordinal": "3",
            "name": "第三次会议",
            "start_date": "2025-01-06",
            "end_date": "2025-01-07",
            "venue": "镇党群服务中心",
        },
        AgendaDocument: {"item": str(office.item.pk), "title": "工作报告"},
        Resolution: {"session": str(office.session.pk), "title": "关于财政预算的决议"},
    }


@pytest.mark.parametrize(("model", "which"), ADMIN_PAGES)
@settings(max_examples=per_page())
@given(data=st.data())
def test_admin_pages(office, data, model, which):
    """Every add and change page of the app's admin."""
    with isolated():
        fuzz_admin_page(data, office, model, which, _add_seeds(office))
        assert_sessions_consistent()


VOTE_FIELDS = [
    "ballots_issued",
    "ballots_returned",
    "votes_for",
    "votes_against",
    "abstentions",
]


@example(  # a void round with a number too big to store (found by fuzzing)
    matter="election",
    counts={**dict.fromkeys(VOTE_FIELDS, "1"), "ballots_returned": str(2**63)},
    resolution=False,
)
@given(
    matter=st.sampled_from(["election", "resolution"]),
    counts=st.fixed_dictionaries(
        dict.fromkeys(VOTE_FIELDS, st.one_of(counts.map(str), counts.map(str), number_text))
    ),
    resolution=st.booleans(),
)
def test_vote_counts(office, matter, counts, resolution):
    """The vote form with sensible choices and any counts: the counts decide."""
    client = signed_in(office.secretariat)
    with isolated():
        data = {
            "session": office.session.pk,
            "sitting": office.sitting.pk,
            "matter": matter,
            "subject": "关于工作报告的决议",
            "agenda_item": office.item.pk,
            **({"resolution": office.resolution.pk} if resolution else {}),
            **counts,
        }
        post_admin_form(client, Vote, None, data)
        assert_sessions_consistent()


ACTIONS = {
    Session: [
        "advance_status",
        "generate_report",
        "export_attendance_csv",
        "export_attendance_xlsx",
    ],
    AgendaItem: ["mark_done", "mark_adopted", "mark_not_adopted"],
}


@pytest.mark.parametrize("model", list(ACTIONS))
@given(data=st.data())
def test_admin_actions(office, model, data):
    client = signed_in(office.secretariat)
    with isolated():
        pks = [str(pk) for pk in model.objects.values_list("pk", flat=True)]
        action = data.draw(st.sampled_from([*ACTIONS[model], "delete_selected", "no_such_action"]))
        selected = data.draw(st.lists(st.one_of(st.sampled_from(pks), number_text), max_size=4))
        before = Snapshot()
        rows = {obj: row(obj) for obj in model.objects.all()}
        admin_action(client, model, action, selected)
        changes = assert_valid_rows(before)
        changed = [obj for obj, values in rows.items() if row(obj) != values]
        if model is Session:
            # Each status move is recorded: one change row per session that moved.
            recorded = changes["created"].get("congress_sessions.SessionStatusChange", set())
            assert len(recorded) == len(changed)
        if model is AgendaItem:
            recorded = changes["created"].get("congress_sessions.AgendaOutcomeChange", set())
            assert len(recorded) == len(changed)
        assert_sessions_consistent()


# --- Check-in -----------------------------------------------------------------------------


@given(data=st.data(), closed=st.booleans())
def test_check_in(office, data, closed):
    sitting = office.closed_sitting if closed else office.sitting
    client = signed_in(office.secretariat)
    with isolated():
        fields = dict(CheckInForm.base_fields)
        fields["delegate"] = forms.ModelChoiceField(queryset=sitting.session.term.delegates.all())
        payload = data.draw(form_data(fields))
        before = Snapshot()
        attendance = {a: row(a) for a in Attendance.objects.all()}
        checked(client.post(f"/sessions/sittings/{sitting.pk}/check-in/", payload))
        changes = assert_valid_rows(before)
        changed = [a for a, values in attendance.items() if row(a) != values]
        new = changes["created"].get("congress_sessions.Attendance", set())
        assert len(changed) + len(new) <= 1 and not changes["deleted"]
        if closed:
            assert not changed and not new
        assert_sessions_consistent()


@given(data=form_data(CheckInSearchForm.base_fields))
def test_check_in_search(office, data):
    client = signed_in(office.secretariat)
    with isolated():
        before = Snapshot()
        checked(client.get(f"/sessions/sittings/{office.sitting.pk}/check-in/", data))
        assert_unchanged(before)


@given(
    data=st.data(),
    sitting=st.one_of(st.sampled_from(["sitting", "afternoon", "closed_sitting"]), number_text),
    token=st.one_of(st.none(), text),
)
def test_check_in_by_qr_code(office, data, sitting, token):
    client = signed_in(office.secretariat)
    with isolated():
        if token is None:
            session = data.draw(st.sampled_from([office.session, office.closed_session]))
            delegate = data.draw(st.sampled_from([office.author, office.suspended, office.old]))
            token = check_in_token(session=session, delegate=delegate)
        if hasattr(office, str(sitting)):
            sitting = getattr(office, sitting).pk
        before = Snapshot()
        attendance = {a: row(a) for a in Attendance.objects.all()}
        url = f"/sessions/check-in/{token}/"
        checked(client.get(url))
        checked(client.post(url, {"sitting": sitting}))
        changes = assert_valid_rows(before)
        changed = [a for a, values in attendance.items() if row(a) != values]
        assert len(changed) + len(changes["created"].get("congress_sessions.Attendance", ())) <= 1
        assert_sessions_consistent()


@given(kind=st.one_of(st.sampled_from(SessionDocument.Kind.values), text))
def test_printed_document_request(office, kind):
    client = signed_in(office.secretariat)
    with isolated():
        before = Snapshot()
        checked(client.post(f"/sessions/{office.session.pk}/print/{kind}/"))
        created = before.created(Snapshot())
        assert set(created) <= {"congress_sessions.SessionDocument"}
        for document in SessionDocument.objects.all():
            assert document.kind in SessionDocument.Kind.values
