"""Inquiries (质询): filed jointly about a department, accepted and routed to it by the office,
answered in writing or at a meeting the office records, rated by every signer (issue 14,
item 3)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from congress_office.models import Notification
from congress_office.workdays import add_working_days
from delegates.selectors import duties_record
from proposals.inquiries import meeting_answer_record
from proposals.models import Feedback, HandlingTally, Proposal, ProposalRules
from proposals.services import proposal_accept, proposal_submit, reply_submit
from proposals.statistics import handling_statistics
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.proposals.kit import (
    S,
    admin_action,
    cosigned,
    current_lead,
    draft,
    proposal_in,
    staff_of,
    user_of,
)
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db


def set_rules(**values):
    rules = ProposalRules.current()
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save()


@pytest.fixture
def inquiry(author, unit, colleagues):
    """An inquiry about `unit`, drafted and co-signed by three colleagues, the rules asking
    for four signers."""
    set_rules(inquiry_signers=4)
    item = draft(author, kind="inquiry", title="关于镇卫生院建设进度的质询", inquired_unit=unit)
    cosigned(item, colleagues[:3])
    return item


@pytest.fixture
def routed(inquiry, office, education):
    """The inquiry submitted, then accepted and routed by the office in the admin."""
    proposal_submit(proposal=inquiry, submitted_by=user_of(inquiry.author))
    admin_action(office, "accept", [inquiry], category=education.pk)
    admin_action(office, "route", [inquiry], lead="")  # the named department, offered
    return Proposal.objects.get(pk=inquiry.pk)


def test_an_inquiry_names_its_department(author):
    with pytest.raises(ValidationError) as refused:
        draft(author, kind="inquiry", title="质询")
    assert "inquired_unit" in refused.value.message_dict


def test_the_default_asks_ten_signers(author, unit, colleagues):
    assert ProposalRules.current().inquiry_signers == 10
    item = draft(author, kind="inquiry", inquired_unit=unit)
    cosigned(item, colleagues)  # 7 signers with the author
    with pytest.raises(ValidationError, match="10"):
        proposal_submit(proposal=item, submitted_by=user_of(author))


def test_too_few_signers_is_refused_never_turned_into_a_suggestion(author, unit, colleagues):
    set_rules(inquiry_signers=4)
    item = draft(author, kind="inquiry", inquired_unit=unit)
    cosigned(item, colleagues[:3], confirmed=2)
    with pytest.raises(ValidationError, match="4"):
        proposal_submit(proposal=item, submitted_by=user_of(author), as_suggestion=True)
    item.refresh_from_db()
    assert (item.status, item.kind) == (S.DRAFT, "inquiry")


def test_the_page_refuses_with_a_message(client_for, delegate, author, unit, colleagues):
    set_rules(inquiry_signers=4)
    item = draft(author, kind="inquiry", inquired_unit=unit)
    response = client_for(delegate).post(f"/proposals/{item.pk}/submit/", follow=True)
    assert "An inquiry needs 4 delegates" in response.content.decode()
    item.refresh_from_db()
    assert item.status == S.DRAFT


def test_routed_to_its_department_with_the_inquiry_deadline(routed, unit):
    lead = current_lead(routed)
    assert lead.unit == unit and routed.status == S.ASSIGNED
    expected = add_working_days(lead.assigned_on, 20)
    assert lead.deadline == expected == routed.lead_deadline


def test_every_signer_hears_each_step(routed, colleagues, unit):
    signers = [user_of(routed.author)] + [user_of(c) for c in colleagues[:3]]
    for user in signers:
        kinds = set(Notification.objects.filter(user=user).values_list("kind", flat=True))
        assert {"proposal_accepted", "proposal_assigned"} <= kinds, user
    reply_submit(
        assignment=current_lead(routed), result="B", text="正在建设。", replied_by=staff_of(unit)
    )
    for user in signers:
        assert Notification.objects.filter(user=user, kind="proposal_replied").exists()


def test_a_units_staff_see_only_their_own_items(client_for, routed, other_unit_staff, unit):
    lead = current_lead(routed)
    assert client_for(other_unit_staff).get(f"/proposals/unit/items/{lead.pk}/").status_code == 404
    page = client_for(staff_of(unit)).get(f"/proposals/unit/items/{lead.pk}/")
    assert page.status_code == 200 and "关于镇卫生院建设进度的质询" in page.content.decode()


def test_the_department_answers_in_writing_and_every_signer_rates(
    client_for, routed, unit, colleagues
):
    reply_submit(
        assignment=current_lead(routed), result="A", text="已完成。", replied_by=staff_of(unit)
    )
    cosigner = client_for(user_of(colleagues[0]))
    page = cosigner.get(f"/proposals/{routed.pk}/").content.decode()
    assert "Who has rated the reply" in page and "Send my rating" in page
    cosigner.post(f"/proposals/{routed.pk}/rating/", {"overall": "basically"})
    routed.refresh_from_db()
    assert routed.status == S.REPLIED  # a co-signer's rating does not move the item
    assert (routed.cosigner_rated, routed.cosigner_satisfied) == (1, 1)
    again = cosigner.post(f"/proposals/{routed.pk}/rating/", {"overall": "satisfied"})
    assert again.status_code == 200 and "Send my rating" not in again.content.decode()
    assert Feedback.objects.filter(delegate=colleagues[0]).count() == 1  # nobody rates twice
    client_for(user_of(routed.author)).post(
        f"/proposals/{routed.pk}/rating/", {"overall": "satisfied"}
    )
    routed.refresh_from_db()
    assert routed.status == S.CLOSED and routed.latest_rating == "satisfied"
    # A co-signer may still rate once the lead proposer's rating has closed the item.
    client_for(user_of(colleagues[1])).post(
        f"/proposals/{routed.pk}/rating/", {"overall": "dissatisfied"}
    )
    routed.refresh_from_db()
    assert (routed.cosigner_rated, routed.cosigner_satisfied, routed.status) == (2, 1, S.CLOSED)
    total, _groups = handling_statistics(routed.term)
    assert (total.rated, total.satisfied) == (3, 2)


def test_a_non_signer_cannot_rate(client_for, routed, unit, other_delegate, colleagues):
    reply_submit(
        assignment=current_lead(routed), result="A", text="已完成。", replied_by=staff_of(unit)
    )
    response = client_for(other_delegate).post(
        f"/proposals/{routed.pk}/rating/", {"overall": "satisfied"}
    )
    assert response.status_code == 404
    invited_not_confirmed = colleagues[4]
    assert not Feedback.objects.filter(delegate=invited_not_confirmed).exists()


def test_the_office_records_an_answer_given_at_a_meeting(routed, office, colleagues):
    today = timezone.localdate()
    response = admin_action(
        office,
        "answered_at_meeting",
        [routed],
        held_on=today.isoformat(),
        place="县委会议室",
        speaker="县卫健局局长",
        result="B",
        minutes="卫生院主体工程年底前完工。",
    )
    assert response.status_code == 200
    routed.refresh_from_db()
    assert routed.status == S.REPLIED and routed.first_result == "B"
    reply = current_lead(routed).replies.get()
    assert (reply.meeting_on, reply.meeting_place, reply.letter_number is not None) == (
        today,
        "县委会议室",
        True,
    )
    sign_in_as(office, user_of(colleagues[0]))
    page = office.get(f"/proposals/{routed.pk}/").content.decode()
    assert "县卫健局局长" in page and "Send my rating" in page


def record_meeting(item, by, **facts):
    """The office's record of a meeting answer, with sensible facts unless `facts` says."""
    return meeting_answer_record(
        proposal=item,
        recorded_by=by,
        **{
            "held_on": timezone.localdate(),
            "place": "会议室",
            "speaker": "局长",
            "minutes": "答复",
            "result": "A",
            **facts,
        },
    )


def test_a_meeting_answer_needs_its_facts_and_not_a_future_day(routed, secretariat):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        record_meeting(routed, secretariat, held_on=tomorrow, place="", minutes=" ")
    assert {"place", "minutes", "held_on"} <= set(refused.value.message_dict)
    routed.refresh_from_db()
    assert routed.status == S.ASSIGNED and not current_lead(routed).replies.exists()


def test_only_an_inquiry_is_answered_at_a_meeting(author, unit, secretariat, education):
    item, _lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
    with pytest.raises(ValidationError, match="Only an inquiry"):
        record_meeting(item, secretariat)


def test_a_unit_staff_cannot_record_a_meeting(routed, unit):
    with pytest.raises(ValidationError, match="congress office|office"):
        record_meeting(routed, staff_of(unit))
    assert not current_lead(routed).replies.exists()


def test_statistics_and_report_show_inquiries_as_their_own_kind(routed, office, unit):
    reply_submit(
        assignment=current_lead(routed), result="A", text="已完成。", replied_by=staff_of(unit)
    )
    counted = HandlingTally.objects.filter(items__gt=0).values_list("kind", "items")
    assert list(counted) == [("inquiry", 1)]
    _total, groups = handling_statistics(routed.term, group_by="kind")
    assert [g.label for g in groups] == ["Inquiry"]
    page = office.get(f"/admin/proposals/proposal/statistics/?term={routed.term_id}&group_by=kind")
    assert "Inquiry" in page.content.decode()
    assert "of an inquiry, every signer" in page.content.decode()
    office.cookies["django_language"] = "zh-hans"
    page = office.get(
        f"/admin/proposals/proposal/statistics/?term={routed.term_id}&group_by=kind",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "质询" in page.content.decode()
    pdf = office.get(
        f"/admin/proposals/proposal/statistics/?term={routed.term_id}&group_by=kind&format=pdf"
    )
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_accepting_an_inquiry_never_converts_it(inquiry, secretariat, education):
    proposal_submit(proposal=inquiry, submitted_by=user_of(inquiry.author))
    item = proposal_accept(
        proposal=inquiry, category=education, accepted_by=secretariat, as_suggestion=True
    )
    assert item.kind == "inquiry"


@pytest.mark.parametrize("signers", [2, 8])
def test_the_inquirys_page_in_constant_queries(
    client_for, author, unit, term, signers, django_assert_max_num_queries
):
    electoral = ElectoralUnitFactory(term=term, seats=12)
    set_rules(inquiry_signers=2)
    item, lead = proposal_in(
        S.REPLIED,
        author=author,
        unit=unit,
        kind="inquiry",
        inquired_unit=unit,
        cosigners=[enter(term, electoral) for _ in range(signers)],
    )
    client = client_for(user_of(author))
    # 18, and 3 for the consultations and what the replies say of the co-handling views
    with django_assert_max_num_queries(21):
        response = client.get(f"/proposals/{item.pk}/")
    assert len(response.context["signer_ratings"]) == signers + 1


def test_the_demo_holds_an_inquiry_answered_at_a_meeting_and_rated(capsys):
    from django.core.management import call_command

    call_command("demo_data", "--allow-without-debug")
    item = Proposal.objects.get(kind="inquiry")
    reply = current_lead(item).replies.get()
    assert reply.meeting_on and reply.meeting_speaker
    assert item.status == S.TRACKING  # answered B, rated basically satisfied by its author
    assert Feedback.objects.filter(reply=reply).count() == 7  # the author and six co-signers
    assert item.cosignatures.filter(status="confirmed").count() == 9
    rules = ProposalRules.current()
    assert (rules.inquiry_signers, rules.every_cosigner_rates) == (10, False)


def test_an_inquiry_counts_in_every_signers_duties_record(routed, colleagues):
    """Filed or co-signed, an inquiry is each signer's work of the year; it is not counted
    again among the proposals and suggestions the author filed."""
    year = routed.submitted_at.year
    for signer in [routed.author, *colleagues[:3]]:
        duties = duties_record(signer, year)["other_duties"]
        assert ("inquiry filed or co-signed", 1) in duties, signer
    assert ("proposals and suggestions filed", 0) in duties_record(routed.author, year)[
        "other_duties"
    ]
    assert ("inquiries filed or co-signed", 0) in duties_record(colleagues[3], year)["other_duties"]
    assert ("inquiries filed or co-signed", 0) in duties_record(routed.author, year - 1)[
        "other_duties"
    ]


@pytest.mark.parametrize("more", [0, 3])
def test_the_duties_record_takes_the_same_queries_whatever_was_signed(
    client_for, routed, colleagues, more, django_assert_num_queries
):
    """The inquiries a delegate filed or co-signed are counted in one query (issue 15)."""
    from delegates.selectors import duties_record

    year = routed.submitted_at.year
    signer = colleagues[0]
    for _ in range(more):
        other = Proposal.objects.get(pk=routed.pk)
        other.pk = None
        other.number = ""
        other.save()
        other.cosignatures.create(delegate=signer, status="confirmed")
    # one query for the five figures (proposals, inquiries, briefings, solicitations, contacts
    # with the committee, decision 284), the participations (their counts by kind counted
    # from them, decision 303), the assessment, the awards
    with django_assert_num_queries(4):
        record = duties_record(signer, year)
    words = "inquiry filed or co-signed" if more == 0 else "inquiries filed or co-signed"
    assert (words, 1 + more) in record["other_duties"]
