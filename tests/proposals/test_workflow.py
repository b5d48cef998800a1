import datetime

import pytest
from django.core.exceptions import ValidationError

from congress_office.models import CalendarDay
from proposals.models import Assignment, Proposal, ProposalRules
from proposals.services import (
    assignment_send_back,
    cosigners_invite,
    feedback_submit,
    proposal_accept,
    proposal_decline,
    proposal_draft_save,
    proposal_log_heard,
    proposal_merge,
    proposal_route,
    proposal_submit,
    proposal_withdraw,
    reply_submit,
)
from tests.proposals.kit import answer, staff_of

pytestmark = pytest.mark.django_db

D = datetime.date


def draft(author, kind="proposal", title="关于为镇中心小学配备多媒体设备的建议"):
    return proposal_draft_save(
        author=author,
        kind=kind,
        title=title,
        situation="镇中心小学各教室没有多媒体教学设备。",
        recommendations="请教育部门配备。",
    )


def submitted(author, colleagues, delegate_user):
    item = draft(author)
    for invitation in cosigners_invite(
        proposal=item, delegates=colleagues[:5], invited_by=item.author.user
    ):
        answer(invitation, confirm=True)
    return proposal_submit(proposal=item, submitted_by=delegate_user)


def statuses(item):
    return list(item.events.values_list("action", "status_after"))


def test_the_whole_workflow(
    author, colleagues, delegate, secretariat, unit, other_unit, unit_staff, education
):
    item = submitted(author, colleagues, delegate)
    assert item.status == "submitted" and item.kind == "proposal"
    item = proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    assert item.number == f"{datetime.date.today().year}-001"
    lead, co = proposal_route(
        proposal=item,
        lead=unit,
        co_units=[other_unit],
        routed_by=secretariat,
        responsible_person="王科长",
        on=D(2026, 11, 23),
    )
    assert (lead.deadline, co.deadline) == (D(2027, 2, 23), D(2026, 12, 23))
    assert lead.send_back_until == D(2026, 12, 2)  # 7 working days
    reply_submit(assignment=co, result="A", text="同意配合。", replied_by=staff_of(other_unit))
    item.refresh_from_db()
    assert item.status == "assigned"  # a co-handling unit's view does not answer the delegate
    reply = reply_submit(
        assignment=lead, result="A", text="已配备多媒体设备。", replied_by=unit_staff
    )
    feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
    item.refresh_from_db()
    assert item.status == "closed"
    assert [s for _, s in statuses(item)] == [
        "submitted",
        "accepted",
        "assigned",
        "replied",
        "closed",
    ]
    assert item.events.get(action="accepted").actor == secretariat


def test_a_proposal_without_enough_cosigners_can_go_ahead_as_a_suggestion(
    author, colleagues, delegate
):
    item = draft(author)
    invitations = cosigners_invite(
        proposal=item, delegates=colleagues[:5], invited_by=item.author.user
    )
    for n, invitation in enumerate(invitations):
        answer(invitation, confirm=n < 3)
    with pytest.raises(ValidationError, match="needs 5 confirmed co-signers and has 3"):
        proposal_submit(proposal=item, submitted_by=delegate)
    item.refresh_from_db()
    assert item.status == "draft"
    item = proposal_submit(proposal=item, submitted_by=delegate, as_suggestion=True)
    assert (item.status, item.kind) == ("submitted", "suggestion")


def test_during_a_session_more_cosigners_are_needed(author, colleagues, delegate, term):
    from tests.sessions.factories import SessionFactory

    item = draft(author)
    item.session = SessionFactory(term=term)
    item.save()
    for invitation in cosigners_invite(
        proposal=item, delegates=colleagues[:6], invited_by=item.author.user
    ):
        answer(invitation, confirm=True)
    with pytest.raises(ValidationError, match="needs 10 confirmed"):
        proposal_submit(proposal=item, submitted_by=delegate)
    rules = ProposalRules.current()
    rules.cosigners_during_session = 6
    rules.save()
    assert proposal_submit(proposal=item, submitted_by=delegate).status == "submitted"


def test_suggestions_need_no_cosigners_and_opinions_come_from_reception_days(
    author, delegate, secretariat
):
    assert (
        proposal_submit(proposal=draft(author, kind="suggestion"), submitted_by=delegate).status
        == "submitted"
    )
    heard = proposal_log_heard(
        received_by=author,
        title="村道路灯损坏",
        situation="庆云村道路灯损坏多日。",
        recommendations="请尽快修复。",
        logged_by=secretariat,
    )
    assert (heard.kind, heard.source, heard.status) == ("opinion", "reception_day", "submitted")


def test_cosigning_is_for_other_active_delegates(author, delegate, term):
    from tests.delegates.factories import DelegateFactory

    item = draft(author)
    with pytest.raises(ValidationError, match="does not co-sign their own"):
        cosigners_invite(proposal=item, delegates=[author], invited_by=item.author.user)
    never_elected = DelegateFactory(term=term)
    with pytest.raises(ValidationError, match="not an active delegate"):
        cosigners_invite(proposal=item, delegates=[never_elected], invited_by=item.author.user)


def test_withdraw_before_review_only(author, colleagues, delegate, secretariat, education):
    item = submitted(author, colleagues, delegate)
    assert proposal_withdraw(proposal=item, withdrawn_by=delegate).status == "withdrawn"
    other = submitted(author, colleagues[1:] + colleagues[:1], delegate)
    proposal_accept(proposal=other, category=education, accepted_by=secretariat)
    with pytest.raises(ValidationError, match="cannot be withdrawn now"):
        proposal_withdraw(proposal=other, withdrawn_by=delegate)


def test_convert_merge_and_decline(author, colleagues, delegate, secretariat, education):
    first = submitted(author, colleagues, delegate)
    converted = proposal_accept(
        proposal=first, category=education, accepted_by=secretariat, as_suggestion=True
    )
    assert (converted.kind, converted.status) == ("suggestion", "accepted")
    assert converted.events.last().action == "converted"
    similar = proposal_submit(proposal=draft(author, kind="suggestion"), submitted_by=delegate)
    merged = proposal_merge(proposal=similar, into=converted, merged_by=secretariat)
    assert (merged.status, merged.merged_into) == ("merged", converted)
    third = proposal_submit(proposal=draft(author, kind="opinion"), submitted_by=delegate)
    with pytest.raises(ValidationError, match="Give the reason"):
        proposal_decline(proposal=third, reason=" ", declined_by=secretariat)
    declined = proposal_decline(proposal=third, reason="不属于本镇事权。", declined_by=secretariat)
    assert declined.events.last().note == "不属于本镇事权。"


def test_numbers_run_on_within_the_year(author, colleagues, delegate, secretariat, education):
    numbers = []
    for _ in range(3):
        item = proposal_submit(proposal=draft(author, kind="suggestion"), submitted_by=delegate)
        numbers.append(
            proposal_accept(proposal=item, category=education, accepted_by=secretariat).number
        )
    year = datetime.date.today().year
    assert numbers == [f"{year}-001", f"{year}-002", f"{year}-003"]


@pytest.fixture
def routed(author, colleagues, delegate, secretariat, unit, education):
    item = submitted(author, colleagues, delegate)
    proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    (lead,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat, on=D(2026, 9, 25))
    return item, lead


def test_deadlines_count_working_days_and_holidays(routed):
    item, lead = routed
    # 25 Sep 2026 (Fri) + 7 working days, no holidays configured: 6 October.
    assert lead.send_back_until == D(2026, 10, 6)


def test_the_national_day_week_moves_the_send_back_date(
    author, delegate, secretariat, unit, education
):
    for day in range(1, 8):
        CalendarDay.objects.create(date=D(2026, 10, day), kind="holiday", name="国庆节")
    item = proposal_submit(proposal=draft(author, kind="suggestion"), submitted_by=delegate)
    proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    (lead,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat, on=D(2026, 9, 25))
    # 28, 29, 30 Sep; 8, 9, 12, 13 Oct
    assert lead.send_back_until == D(2026, 10, 13)
    assert lead.deadline == D(2026, 12, 25)


def test_urgent_items_get_a_working_day_deadline(author, delegate, secretariat, unit, education):
    item = draft(author, kind="suggestion")
    item.urgent = True
    item.save()
    proposal_submit(proposal=item, submitted_by=delegate)
    proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    (lead,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat, on=D(2026, 11, 23))
    assert lead.deadline == D(2026, 12, 14)  # 15 working days


def test_the_lead_unit_sends_an_item_back_in_time_only(routed, unit_staff, secretariat, other_unit):
    item, lead = routed
    with pytest.raises(ValidationError, match="can be sent back until 2026-10-06"):
        assignment_send_back(
            assignment=lead, reason="非本单位职责", sent_back_by=unit_staff, today=D(2026, 10, 7)
        )
    item = assignment_send_back(
        assignment=lead, reason="非本单位职责", sent_back_by=unit_staff, today=D(2026, 10, 6)
    )
    assert item.status == "accepted"
    (again,) = proposal_route(proposal=item, lead=other_unit, routed_by=secretariat)
    with pytest.raises(ValidationError, match="no longer current"):
        reply_submit(assignment=lead, result="A", text="…", replied_by=unit_staff)
    assert again.unit == other_unit


def test_dissatisfied_opens_a_new_round_and_keeps_the_first_reply(routed, delegate, unit_staff):
    item, lead = routed
    first = reply_submit(assignment=lead, result="C", text="暂无条件解决。", replied_by=unit_staff)
    feedback_submit(reply=first, overall="dissatisfied", rated_by=delegate, comment="未实地调研")
    item.refresh_from_db()
    assert (item.status, item.round) == ("assigned", 2)
    second_lead = item.assignments.get(round=2)
    assert second_lead.unit == lead.unit
    second = reply_submit(
        assignment=second_lead, result="A", text="已解决。", replied_by=unit_staff
    )
    feedback_submit(reply=second, overall="basically", rated_by=delegate)
    item.refresh_from_db()
    assert item.status == "closed"
    assert lead.replies.get() == first  # the first reply stays on record
    assert [a for a, _ in statuses(item)].count("rehandling") == 1


def test_a_b_reply_is_tracked_until_solved(routed, delegate, unit_staff):
    item, lead = routed
    reply = reply_submit(
        assignment=lead, result="B", text="已列入明年计划。", replied_by=unit_staff
    )
    feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
    item.refresh_from_db()
    assert item.status == "tracking"
    with pytest.raises(ValidationError, match="reports the matter solved"):
        reply_submit(assignment=lead, result="B", text="仍在推进。", replied_by=unit_staff)
    second = reply_submit(assignment=lead, result="A", text="幼儿园已建成。", replied_by=unit_staff)
    item.refresh_from_db()
    assert (item.status, second.follow_up) == ("closed", True)


def test_only_the_author_rates(routed, other_delegate, unit_staff):
    item, lead = routed
    reply = reply_submit(assignment=lead, result="A", text="已解决。", replied_by=unit_staff)
    with pytest.raises(ValidationError, match="Only the author"):
        feedback_submit(reply=reply, overall="satisfied", rated_by=other_delegate)


def test_aspects_are_required_when_the_office_turns_them_on(routed, delegate, unit_staff):
    item, lead = routed
    rules = ProposalRules.current()
    rules.rate_by_aspect = True
    rules.save()
    reply = reply_submit(assignment=lead, result="A", text="已解决。", replied_by=unit_staff)
    with pytest.raises(ValidationError) as refusal:
        feedback_submit(reply=reply, overall="satisfied", rated_by=delegate, attitude="satisfied")
    assert set(refusal.value.message_dict) == {"consultation", "reply_quality", "result"}
    feedback_submit(
        reply=reply,
        overall="satisfied",
        rated_by=delegate,
        consultation="basically",
        attitude="satisfied",
        reply_quality="satisfied",
        result="satisfied",
    )


@pytest.mark.parametrize(
    ("step", "status"),
    [("accept", "draft"), ("route", "submitted"), ("decline", "accepted"), ("reply", "closed")],
)
def test_refused_transitions_save_nothing(
    author, delegate, secretariat, unit, education, step, status
):
    item = draft(author, kind="suggestion")
    Proposal.objects.filter(pk=item.pk).update(status=status)
    item.refresh_from_db()
    events = item.events.count()
    calls = {
        "accept": lambda: proposal_accept(
            proposal=item, category=education, accepted_by=secretariat
        ),
        "route": lambda: proposal_route(proposal=item, lead=unit, routed_by=secretariat),
        "decline": lambda: proposal_decline(proposal=item, reason="x", declined_by=secretariat),
        "reply": lambda: reply_submit(
            assignment=Assignment.objects.create(
                proposal=item,
                unit=unit,
                role="lead",
                round=1,
                assigned_on=D(2026, 1, 5),
                deadline=D(2026, 4, 5),
                send_back_until=D(2026, 1, 14),
            ),
            result="A",
            text="x",
            replied_by=None,
        ),
    }
    with pytest.raises(ValidationError):
        calls[step]()
    item.refresh_from_db()
    assert (item.status, item.events.count()) == (status, events)


def test_empty_and_oversized_text_is_refused(author):
    with pytest.raises(ValidationError) as empty:
        proposal_draft_save(
            author=author, kind="suggestion", title="", situation="", recommendations="x"
        )
    assert set(empty.value.message_dict) == {"title", "situation"}
    with pytest.raises(ValidationError, match="at most 3000 characters"):
        proposal_draft_save(
            author=author,
            kind="suggestion",
            title="长",
            situation="字" * 3000,
            recommendations="多",
        )
    assert not Proposal.objects.exists()


def test_the_session_report_lists_the_items_filed_at_the_session(
    author,
    delegate,
    secretariat,
    education,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    from io import BytesIO

    from pypdf import PdfReader

    from sessions.services import session_document_request
    from tests.sessions.factories import SessionFactory

    settings.MEDIA_ROOT = tmp_path
    session = SessionFactory(term=author.term)
    for title in ("关于新建镇幼儿园的建议", "关于建设镇卫生院的建议"):
        item = proposal_draft_save(
            author=author,
            kind="suggestion",
            title=title,
            session=session,
            situation="情况",
            recommendations="建议",
        )
        proposal_submit(proposal=item, submitted_by=delegate)
    proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        document = session_document_request(session=session, kind="report")
    document.refresh_from_db()
    with document.file.open("rb") as handle:
        text = "".join(p.extract_text() for p in PdfReader(BytesIO(handle.read())).pages)
    text = text.replace("\n", " ")
    assert "2 items were filed at the session" in text
    assert "关于新建镇幼儿园的建议" in text and "教育 1" in text


@pytest.mark.parametrize("size", [2, 25])
def test_the_office_sees_items_and_their_timeline_in_constant_queries(
    client_for, secretariat, author, delegate, size, django_assert_max_num_queries
):
    for n in range(size):
        proposal_submit(
            proposal=draft(author, kind="suggestion", title=f"建议{n}"), submitted_by=delegate
        )
    client = client_for(secretariat)
    with django_assert_max_num_queries(14):
        listing = client.get("/admin/proposals/proposal/?status=submitted")
    assert listing.status_code == 200 and f"{size} proposals and suggestions" in (
        listing.content.decode()
    )
    item = Proposal.objects.first()
    page = client.get(f"/admin/proposals/proposal/{item.pk}/change/").content.decode()
    assert "submitted" in page.lower() and item.title in page


def test_unit_membership_is_an_object_permission_set_in_the_admin(
    client_for, secretariat, unit, other_unit
):
    from proposals.units import unit_staff
    from tests.core.factories import UserFactory

    clerk = UserFactory(username="clerk")
    response = client_for(secretariat).post(
        f"/admin/proposals/handlingunit/{unit.pk}/change/", {"name": unit.name, "staff": [clerk.pk]}
    )
    assert response.status_code == 302
    assert list(unit_staff(unit)) == [clerk]
    assert clerk.has_perm("proposals.work_for_unit", unit)
    assert not clerk.has_perm("proposals.work_for_unit", other_unit)
    assert not clerk.has_perm("proposals.work_for_unit")  # no global permission
    client_for(secretariat).post(
        f"/admin/proposals/handlingunit/{unit.pk}/change/", {"name": unit.name, "staff": []}
    )
    assert not clerk.has_perm("proposals.work_for_unit", unit)


def test_a_unit_is_worked_for_by_a_grant_to_the_user_only(unit, other_unit, unit_staff):
    from django.contrib.auth.models import Group, Permission
    from guardian.shortcuts import assign_perm

    from proposals.units import units_of
    from tests.core.factories import UserFactory

    assert list(units_of(unit_staff)) == [unit]
    # Neither the permission held globally nor an object permission through a group (none is
    # ever granted so) makes anyone a unit's staff.
    outsider = UserFactory(username="outsider")
    outsider.user_permissions.add(Permission.objects.get(codename="work_for_unit"))
    group = Group.objects.create(name="某小组")
    outsider.groups.add(group)
    assign_perm("proposals.work_for_unit", group, other_unit)
    assert list(units_of(outsider)) == []


def test_the_duties_record_counts_the_items_filed(client_for, author, delegate):
    proposal_submit(proposal=draft(author, kind="suggestion"), submitted_by=delegate)
    draft(author, kind="suggestion", title="还在草稿")  # drafts don't count
    record = client_for(delegate).get("/delegates/me/duties/").context["record"]
    assert ("proposals and suggestions filed", 1) in record["other_duties"]


def test_every_action_the_services_record_is_a_translated_choice(
    author, colleagues, delegate, secretariat, unit, unit_staff, education
):
    from django.utils import translation

    from proposals.models import ProposalEvent

    item = submitted(author, colleagues, delegate)
    proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    (lead,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat)
    reply = reply_submit(assignment=lead, result="A", text="已解决。", replied_by=unit_staff)
    feedback_submit(reply=reply, overall="dissatisfied", rated_by=delegate)
    choices = set(ProposalEvent.Action.values)
    recorded = set(ProposalEvent.objects.values_list("action", flat=True))
    assert recorded <= choices
    with translation.override("zh-hans"):
        assert item.events.filter(action="routed").first().get_action_display() == "交办承办单位"


def test_a_unit_that_sent_an_item_back_may_be_given_it_again(
    author, delegate, secretariat, unit, other_unit, unit_staff, education
):
    """The office has the last word: after a send-back it may route the item to the same unit
    again, in the same round (found by the tally's random walk: this used to be a 500)."""
    item = proposal_draft_save(
        author=author, kind="suggestion", title="路灯", situation="情况", recommendations="建议"
    )
    proposal_submit(proposal=item, submitted_by=delegate)
    proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    (lead, _co) = proposal_route(
        proposal=item, lead=unit, co_units=[other_unit], routed_by=secretariat
    )
    assignment_send_back(assignment=lead, reason="非本单位职责", sent_back_by=unit_staff)
    again = proposal_route(proposal=item, lead=other_unit, co_units=[unit], routed_by=secretariat)
    assert [(a.unit, a.role, a.round) for a in again] == [(other_unit, "lead", 1), (unit, "co", 1)]


def test_numbers_go_on_past_999_in_a_year(author, delegate, secretariat, education):
    """Numbers are compared as numbers: after 2026-999 comes 2026-1000, then 2026-1001."""
    from django.utils import timezone

    year = timezone.localdate().year
    for number in ("999", "1000"):
        item = draft(author, kind="suggestion", title=f"第{number}号")
        Proposal.objects.filter(pk=item.pk).update(status="accepted", number=f"{year}-{number}")
    item = draft(author, kind="suggestion", title="下一号")
    proposal_submit(proposal=item, submitted_by=delegate)
    accepted = proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    assert accepted.number == f"{year}-1001"
