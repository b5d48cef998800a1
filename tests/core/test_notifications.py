import pytest
from django.core import mail

from congress_office.models import Notification, NotificationSettings
from congress_office.notifications import notifications_email, notify

pytestmark = pytest.mark.django_db


def test_notifications_are_emailed_after_commit_once(delegate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            users=[delegate, delegate],
            kind="test",
            params={"title": "已立案", "body": "编号 2026-001"},
        )
    assert Notification.objects.count() == 1  # one per user, however often named
    assert [m.subject for m in mail.outbox] == ["已立案"]
    assert notifications_email() == 0  # the sweep finds nothing left to send
    assert len(mail.outbox) == 1


def test_if_the_broker_is_down_the_sweep_sends_later(
    delegate, django_capture_on_commit_callbacks, monkeypatch
):
    from congress_office import tasks
    from tests.broker import broker_away

    monkeypatch.setattr(tasks.send_notification_emails, "delay", broker_away)
    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[delegate], kind="test", params={"title": "已答复"})
    assert Notification.objects.get().emailed_at is None  # saved, not lost
    assert mail.outbox == []
    assert notifications_email() == 1
    assert [m.to for m in mail.outbox] == [[delegate.email]]


def test_opting_out_of_email_except_for_official_replies(delegate):
    NotificationSettings.objects.create(user=delegate, email=False)
    notify(users=[delegate], kind="test", params={"title": "提醒"})
    notify(users=[delegate], kind="test", params={"title": "答复"}, official=True)
    notifications_email()
    assert [m.subject for m in mail.outbox] == ["答复"]


def test_a_failed_send_is_tried_again(delegate, monkeypatch):
    from congress_office import notifications

    notify(users=[delegate], kind="test", params={"title": "重试"})

    def smtp_down(**kwargs):
        raise OSError("mail server unreachable")

    monkeypatch.setattr(notifications, "email_send", smtp_down)
    with pytest.raises(OSError):
        notifications_email()
    assert Notification.objects.get().emailed_at is None
    monkeypatch.undo()
    assert notifications_email() == 1


def test_one_taken_by_a_worker_that_died_is_sent_once_its_claim_lapses(delegate, settings):
    import datetime

    from django.core import mail
    from django.utils import timezone

    notify(users=[delegate], kind="test", params={"title": "答复已送达"})
    taken = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT - 60)
    # Taken a minute short of the time limit: its worker may still be sending it.
    Notification.objects.update(email_claimed_at=taken)
    assert notifications_email() == 0
    # Past the limit: that worker died between taking it and sending it.
    Notification.objects.update(email_claimed_at=taken - datetime.timedelta(minutes=2))
    assert notifications_email() == 1
    assert [m.subject for m in mail.outbox] == ["答复已送达"]
    assert notifications_email() == 0  # and only once
    assert Notification.objects.get().emailed_at is not None


def test_the_page_lists_and_marks_read(client_for, delegate, other_delegate):
    notify(users=[delegate], kind="test", params={"title": "我的通知"})
    notify(users=[other_delegate], kind="test", params={"title": "别人的通知"})
    client = client_for(delegate)
    page = client.get("/notifications/").content.decode()
    assert "我的通知" in page and "别人的通知" not in page
    assert Notification.objects.get(user=delegate).read_at is not None
    client.post("/notifications/", {})
    assert NotificationSettings.objects.get(user=delegate).email is False


def test_the_workflow_tells_people_at_each_step(
    author,
    colleagues,
    delegate,
    secretariat,
    unit,
    unit_staff,
    education,
    django_capture_on_commit_callbacks,
):
    from proposals.services import (
        proposal_accept,
        proposal_draft_save,
        proposal_route,
        proposal_submit,
        reply_submit,
    )

    with django_capture_on_commit_callbacks(execute=True):
        item = proposal_draft_save(
            author=author,
            kind="suggestion",
            title="建设卫生院",
            situation="情况",
            recommendations="建议",
        )
        proposal_submit(proposal=item, submitted_by=delegate)
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        (lead,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat)
        reply_submit(assignment=lead, result="A", text="已建成。", replied_by=unit_staff)
    kinds = list(Notification.objects.order_by("pk").values_list("user__username", "kind"))
    assert kinds == [
        ("delegate", "proposal_accepted"),
        ("delegate", "proposal_assigned"),
        ("unit_staff", "assignment_new"),
        ("delegate", "proposal_replied"),
    ]
    assert Notification.objects.get(kind="proposal_replied").official
