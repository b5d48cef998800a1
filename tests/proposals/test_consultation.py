"""Issue 14, item 5: the lead unit records its consultation with the delegate (面商) before it
replies; whether a reply may go without one is a rule (by default formal proposals need one,
suggestions and opinions do not)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from congress_office.models import Notification
from proposals.models import Consultation, ProposalEvent, ProposalRules, Reply
from proposals.reply_steps import consultation_record
from proposals.services import feedback_submit, reply_submit
from tests.proposals.kit import S, consulted, proposal_in, staff_of

pytestmark = pytest.mark.django_db

NEEDS_ONE = "Record your consultation with the delegate"


@pytest.fixture
def formal(author, colleagues, unit, other_unit, secretariat, education):
    """A formal proposal routed to `unit`, with `other_unit` co-handling."""
    item, lead = proposal_in(
        S.ASSIGNED,
        author=author,
        kind="proposal",
        cosigners=colleagues[:5],
        unit=unit,
        co_units=[other_unit],
        category=education,
        office=secretariat,
    )
    assert item.kind == "proposal"
    return item, lead


def _reply_post(**extra):
    return {"result": "A", "text": "已按代表意见办理。", "confirm": "on", **extra}


def test_a_formal_proposal_is_not_replied_to_without_a_consultation(formal, unit_staff):
    item, lead = formal
    with pytest.raises(ValidationError, match=NEEDS_ONE):
        reply_submit(assignment=lead, result="A", text="已办。", replied_by=unit_staff)
    item.refresh_from_db()
    assert item.status == S.ASSIGNED and not Reply.objects.filter(assignment=lead).exists()


def test_the_page_refuses_the_reply_with_the_reason_and_keeps_the_text(
    formal, unit_staff, client_for
):
    item, lead = formal
    client = client_for(unit_staff)
    page = client.get(f"/proposals/unit/items/{lead.pk}/").content.decode()
    assert "before replying" in page  # said before the unit even tries
    refused = client.post(f"/proposals/unit/items/{lead.pk}/reply/", _reply_post())
    assert refused.status_code == 200
    text = refused.content.decode()
    assert NEEDS_ONE in text and "已按代表意见办理。" in text
    assert not Reply.objects.exists()


def test_the_lead_unit_records_a_consultation_and_then_replies(
    formal, unit_staff, delegate, client_for
):
    item, lead = formal
    client = client_for(unit_staff)
    done = client.post(
        f"/proposals/unit/items/{lead.pk}/consultation/",
        {"held_on": "2026-11-30", "way": "meeting", "agreed": "座谈商定年内完成配备。"},
    )
    assert done.status_code == 302 and done["Location"] == f"/proposals/unit/items/{lead.pk}/"
    (consultation,) = Consultation.objects.all()
    assert (consultation.assignment, consultation.way, consultation.recorded_by) == (
        lead,
        "meeting",
        unit_staff,
    )
    event = item.events.get(action=ProposalEvent.Action.CONSULTED)
    assert event.actor == unit_staff and event.status_after == S.ASSIGNED
    assert "座谈商定年内完成配备。" in event.shown_note and "Meeting" in event.shown_note
    # The delegate hears of it and reads it on their item's page, timeline included.
    (told,) = Notification.objects.filter(kind="proposal_consulted")
    assert told.user == delegate
    page = client_for(delegate).get(f"/proposals/{item.pk}/").content.decode()
    assert "Consultations with the delegate" in page and "座谈商定年内完成配备。" in page
    # Now the reply goes (the test client signs in as one person at a time).
    sent = client_for(unit_staff).post(f"/proposals/unit/items/{lead.pk}/reply/", _reply_post())
    assert sent.status_code == 302
    item.refresh_from_db()
    assert item.status == S.REPLIED


def test_bad_consultation_input_is_explained_and_nothing_saved(formal, unit_staff, client_for):
    item, lead = formal
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client_for(unit_staff).post(
        f"/proposals/unit/items/{lead.pk}/consultation/",
        {"held_on": tomorrow.isoformat(), "way": "phone", "agreed": " "},
    )
    assert response.status_code == 200
    form = response.context["consultation_form"]
    assert "agreed" in form.errors
    with pytest.raises(ValidationError) as refused:
        consultation_record(
            assignment=lead,
            held_on=tomorrow,
            way="phone",
            agreed="电话沟通",
            recorded_by=unit_staff,
        )
    assert "held_on" in refused.value.message_dict
    assert not Consultation.objects.exists()
    assert not item.events.filter(action=ProposalEvent.Action.CONSULTED).exists()


def test_only_the_lead_unit_records_a_consultation(
    formal, unit_staff, other_unit, other_unit_staff, client_for, secretariat, delegate
):
    item, lead = formal
    co = item.assignments.get(role="co")

    def record(assignment, by):
        today = datetime.date.today()
        consultation_record(
            assignment=assignment, held_on=today, way="phone", agreed="电话沟通", recorded_by=by
        )

    with pytest.raises(ValidationError, match="Only the lead unit"):
        record(co, other_unit_staff)
    for stranger in (secretariat, delegate, other_unit_staff):
        with pytest.raises(ValidationError):
            record(lead, stranger)
    # The co-handling unit's page offers no consultation form; its staff cannot post to the
    # lead's assignment (another unit's: not found).
    co_page = client_for(other_unit_staff).get(f"/proposals/unit/items/{co.pk}/")
    assert "/consultation/" not in co_page.content.decode()
    posted = client_for(other_unit_staff).post(
        f"/proposals/unit/items/{lead.pk}/consultation/",
        {"held_on": "2026-11-30", "way": "phone", "agreed": "电话沟通"},
    )
    assert posted.status_code == 404
    assert not Consultation.objects.exists()


@pytest.mark.parametrize("kind", ["suggestion", "opinion"])
def test_suggestions_and_opinions_are_replied_to_without_one_by_default(
    author, unit, unit_staff, kind
):
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, kind=kind)
    reply_submit(assignment=lead, result="A", text="已办。", replied_by=unit_staff)
    item.refresh_from_db()
    assert item.status == S.REPLIED


def test_the_rule_decides_which_items_need_one(author, unit, unit_staff, formal):
    rules = ProposalRules.current()
    rules.consultation_before_reply = "all"
    rules.save()
    suggestion, lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
    with pytest.raises(ValidationError, match=NEEDS_ONE):
        reply_submit(assignment=lead, result="A", text="已办。", replied_by=unit_staff)
    rules.consultation_before_reply = "none"
    rules.save()
    item, formal_lead = formal
    reply_submit(assignment=formal_lead, result="A", text="已办。", replied_by=unit_staff)
    item.refresh_from_db()
    assert item.status == S.REPLIED


def test_a_new_round_needs_its_own_consultation(formal, unit_staff, delegate):
    item, lead = formal
    consulted(lead)
    reply = reply_submit(assignment=lead, result="C", text="暂缓。", replied_by=unit_staff)
    feedback_submit(reply=reply, overall="dissatisfied", rated_by=delegate, comment="未调研")
    item.refresh_from_db()
    second = item.assignments.get(round=2, role="lead")
    with pytest.raises(ValidationError, match=NEEDS_ONE):
        reply_submit(assignment=second, result="A", text="已办。", replied_by=unit_staff)
    consulted(second, way="phone")
    reply_submit(assignment=second, result="A", text="已办。", replied_by=unit_staff)


def test_the_report_of_a_b_item_solved_needs_no_new_consultation(formal, unit_staff, delegate):
    item, lead = formal
    consulted(lead)
    reply = reply_submit(
        assignment=lead, result="B", text="列入计划。", replied_by=staff_of(lead.unit)
    )
    feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
    reply_submit(assignment=lead, result="A", text="已建成。", replied_by=unit_staff)
    item.refresh_from_db()
    assert item.status == S.CLOSED


@pytest.mark.parametrize("size", [1, 6])
def test_the_unit_and_delegate_pages_in_constant_queries(
    formal, unit_staff, delegate, client_for, size, django_assert_max_num_queries
):
    item, lead = formal
    for n in range(size):
        consulted(lead, on=datetime.date(2026, 11, 1) + datetime.timedelta(days=n))
    client = client_for(unit_staff)
    with django_assert_max_num_queries(UNIT_PAGE_QUERIES):
        page = client.get(f"/proposals/unit/items/{lead.pk}/")
    assert len(page.context["consultations"]) == size
    client = client_for(delegate)
    with django_assert_max_num_queries(DELEGATE_PAGE_QUERIES):
        page = client.get(f"/proposals/{item.pk}/")
    assert len(page.context["consultations"]) == size


# Measured: the unit's page 18 (20 the first time in a process: content types), the
# delegate's 14, whatever the number of consultations, replies and views.
UNIT_PAGE_QUERIES = 20
DELEGATE_PAGE_QUERIES = 14
