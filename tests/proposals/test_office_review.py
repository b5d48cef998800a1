"""Issue 14, item 7: when the office's rules say so, the lead unit's reply passes the office
before the delegate sees it: released, sent back to the unit with a reason, or given another
result, each recorded; the delegate is told only on release, and the statistics count the
reply as given then (on time by the day the unit sent it)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from congress_office.models import Notification
from proposals.models import HandlingTally, ProposalEvent, ProposalRules, Reply
from proposals.reply_steps import reply_reclassify, reply_release, reply_return
from proposals.services import feedback_submit, reply_submit
from tests.proposals.kit import S, admin_action, office_user, proposal_in, user_of

pytestmark = pytest.mark.django_db

A = ProposalEvent.Action
QUEUE = "/admin/proposals/proposal/queues/"


@pytest.fixture
def reviewing():
    rules = ProposalRules.current()
    rules.review_replies = True
    rules.save()


@pytest.fixture
def sent(reviewing, author, unit, unit_staff):
    """A suggestion whose lead unit has sent its reply (B) to the office for review."""
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
    reply = reply_submit(
        assignment=lead, result="B", text="已列入明年计划。", replied_by=unit_staff
    )
    item.refresh_from_db()
    return item, lead, reply


def _replied_count():
    return sum(HandlingTally.objects.values_list("replied", flat=True))


def test_without_the_setting_the_reply_goes_straight_to_the_delegate(author, unit, unit_staff):
    assert ProposalRules.current().review_replies is False
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
    reply = reply_submit(assignment=lead, result="A", text="已办。", replied_by=unit_staff)
    item.refresh_from_db()
    assert (item.status, reply.review) == (S.REPLIED, "")
    assert Notification.objects.filter(kind="proposal_replied").exists()


def test_the_delegate_neither_sees_nor_hears_of_a_reply_under_review(sent, delegate, client_for):
    item, lead, reply = sent
    assert (item.status, reply.review, reply.letter_number) == (S.REVIEWING, "pending", None)
    assert not Notification.objects.filter(kind="proposal_replied").exists()
    assert item.first_result == "" and _replied_count() == 0  # not yet given
    client = client_for(delegate)
    page = client.get(f"/proposals/{item.pk}/")
    assert page.context["replies"] == [] and "已列入明年计划。" not in page.content.decode()
    assert not page.context["may"].get("rated")
    assert client.get(f"/proposals/replies/{reply.pk}/letter/").status_code == 404
    with pytest.raises(ValidationError):
        feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)


def test_the_unit_sees_its_reply_awaiting_review_and_cannot_send_another(
    sent, unit_staff, client_for
):
    item, lead, reply = sent
    page = client_for(unit_staff).get(f"/proposals/unit/items/{lead.pk}/")
    text = page.content.decode()
    assert "Awaiting the office&#x27;s review" in text or "Awaiting the office's review" in text
    assert not page.context["may"].get("replied")
    with pytest.raises(ValidationError):
        reply_submit(assignment=lead, result="A", text="再答复", replied_by=unit_staff)


def test_the_office_releases_from_its_queue(sent, office, secretariat, delegate, unit_staff):
    item, lead, reply = sent
    queue = office.get(QUEUE, {"queue": "to_release"})
    assert [row["pk"] for row in queue.context["page"].object_list] == [item.pk]
    actions = [name for name, _label in queue.context["actions"]]
    assert actions == ["release_reply", "return_reply", "reclassify_reply"]
    done = admin_action(office, "release_reply", [item])
    assert done.status_code == 200
    item.refresh_from_db()
    reply.refresh_from_db()
    assert (item.status, reply.review, item.first_result) == (S.REPLIED, "released", "B")
    assert reply.letter_number is not None and _replied_count() == 1
    event = item.events.get(action=A.RELEASED)
    assert (event.actor, event.status_before, event.status_after) == (
        secretariat,
        S.REVIEWING,
        S.REPLIED,
    )
    assert Notification.objects.filter(kind="proposal_replied", user=delegate).exists()
    assert Notification.objects.filter(
        kind="reply_reviewed", user=unit_staff, params__outcome="released"
    ).exists()
    # The delegate now reads it and rates it.
    feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
    item.refresh_from_db()
    assert item.status == S.TRACKING


def test_on_time_is_the_day_the_unit_sent_it(sent, secretariat):
    item, lead, reply = sent
    sent_on = timezone.now() - datetime.timedelta(days=10)
    Reply.objects.filter(pk=reply.pk).update(replied_at=sent_on)
    lead.deadline = timezone.localdate() - datetime.timedelta(days=5)  # passed since
    lead.save(update_fields=["deadline"])
    reply_release(proposal=item, released_by=secretariat)
    item.refresh_from_db()
    assert item.first_reply_on_time is True


def test_the_office_sends_a_reply_back_with_a_reason_and_the_unit_replies_again(
    sent, office, secretariat, delegate, unit_staff, client_for
):
    item, lead, reply = sent
    admin_action(office, "return_reply", [item], reason=" ")
    item.refresh_from_db()
    assert item.status == S.REVIEWING  # refused without a reason: nothing changed
    admin_action(office, "return_reply", [item], reason="请写明资金来源。")
    item.refresh_from_db()
    reply.refresh_from_db()
    assert (item.status, reply.review, reply.return_reason) == (
        S.ASSIGNED,
        "returned",
        "请写明资金来源。",
    )
    event = item.events.get(action=A.REPLY_RETURNED)
    assert event.actor == secretariat and "请写明资金来源。" in event.shown_note
    told = Notification.objects.get(kind="reply_reviewed", user=unit_staff)
    assert told.params["reason"] == "请写明资金来源。"
    assert not Notification.objects.filter(user=delegate, kind="proposal_replied").exists()
    # The unit reads the reason on its page and replies again; the delegate's timeline shows
    # nothing of the exchange.
    page = client_for(unit_staff).get(f"/proposals/unit/items/{lead.pk}/").content.decode()
    assert "请写明资金来源。" in page
    again = reply_submit(
        assignment=lead, result="B", text="资金已列入预算。", replied_by=unit_staff
    )
    reply_release(proposal=item, released_by=secretariat)
    delegate_page = client_for(delegate).get(f"/proposals/{item.pk}/")
    assert delegate_page.context["replies"] == [again]
    assert A.REPLY_RETURNED not in [e.action for e in delegate_page.context["timeline"]]
    assert "请写明资金来源。" not in delegate_page.content.decode()


def test_the_office_changes_the_result_recorded(sent, secretariat, unit_staff, delegate):
    item, lead, reply = sent
    with pytest.raises(ValidationError):
        reply_reclassify(proposal=item, result="B", reason="", changed_by=secretariat)
    reply_reclassify(proposal=item, result="C", reason="尚无资金安排。", changed_by=secretariat)
    reply.refresh_from_db()
    assert reply.result == "C"
    event = item.events.get(action=A.RECLASSIFIED)
    assert event.params == {"before": "B", "result": "C"} and event.actor == secretariat
    assert "B → C" in event.shown_note
    assert Notification.objects.filter(
        kind="reply_reviewed", user=unit_staff, params__outcome="reclassified"
    ).exists()
    assert not Notification.objects.filter(user=delegate, kind="proposal_replied").exists()
    reply_release(proposal=item, released_by=secretariat)
    item.refresh_from_db()
    assert item.first_result == "C"


def test_only_the_office_reviews(sent, unit_staff, delegate, client_for):
    item, lead, reply = sent
    for who in (unit_staff, delegate):
        for step in (
            lambda who: reply_release(proposal=item, released_by=who),
            lambda who: reply_return(proposal=item, reason="理由", returned_by=who),
            lambda who: reply_reclassify(proposal=item, result="A", reason="", changed_by=who),
        ):
            with pytest.raises(ValidationError):
                step(who)
        assert client_for(who).get(QUEUE, {"queue": "to_release"}).status_code in (302, 403)
    item.refresh_from_db()
    assert item.status == S.REVIEWING


def test_a_report_of_the_matter_solved_is_reviewed_too(reviewing, author, unit, unit_staff):
    rules = ProposalRules.current()
    rules.review_replies = False
    rules.save()
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
    first = reply_submit(assignment=lead, result="B", text="列入计划。", replied_by=unit_staff)
    feedback_submit(reply=first, overall="satisfied", rated_by=user_of(author))
    rules.review_replies = True
    rules.save()
    solved = reply_submit(assignment=lead, result="A", text="已建成。", replied_by=unit_staff)
    item.refresh_from_db()
    assert item.status == S.REVIEWING and solved.follow_up
    office = office_user()
    reply_return(proposal=item, reason="请附照片。", returned_by=office)
    item.refresh_from_db()
    assert item.status == S.TRACKING
    reply_submit(assignment=lead, result="A", text="已建成，附照片。", replied_by=unit_staff)
    reply_release(proposal=item, released_by=office)
    item.refresh_from_db()
    assert item.status == S.CLOSED


def test_the_office_reads_the_reply_on_the_items_page_before_releasing_it(sent, office):
    item, lead, reply = sent
    page = office.get(f"/admin/proposals/proposal/{item.pk}/change/").content.decode()
    assert "已列入明年计划。" in page and "Awaiting the office" in page
