"""Notifications: written with what they report, emailed after commit, and swept up later if
the mail queue was down. Official replies are always emailed."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .email import email_send
from .enqueue import enqueue_on_commit
from .models import Notification, NotificationSettings

SWEEP_BATCH = 500


@dataclass
class Message:
    users: list
    kind: str
    title: str
    body: str = ""
    url: str = ""
    official: bool = False


def notify(*, users, kind: str, title: str, body: str = "", url: str = "", official=False):
    """Record a notification for each user (inside the caller's transaction) and queue the
    emails for after it commits."""
    return notify_many([Message(list(users), kind, title, body, url, official)])


def notify_many(messages: list[Message]):
    """Several messages in one insert; the emails are queued together after commit."""
    rows = Notification.objects.bulk_create(
        Notification(
            user=user, kind=m.kind, title=m.title, body=m.body, url=m.url, official=m.official
        )
        for m in messages
        for user in {user.pk: user for user in m.users if user is not None}.values()
    )
    if rows:
        from .tasks import send_notification_emails

        # If the broker is down, the rows stay unsent and the sweep sends them later.
        enqueue_on_commit(send_notification_emails, [row.pk for row in rows])
    return rows


def notifications_email(*, ids=None) -> int:
    """Email notifications not yet emailed (the given ones, or all). Each is claimed first by
    a conditional update, so two runs at once never both send it; the claim lapses after a
    task's hard time limit (no live task holds it longer), so one whose worker died before
    sending is sent by a later sweep. A worker
    that dies after sending and before recording it sends it twice: for an official reply,
    twice is better than never. Returns how many were sent."""
    now = timezone.now()
    lapsed = now - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    unclaimed = Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=lapsed)
    opted_out = NotificationSettings.objects.filter(user=OuterRef("user"), email=False)
    pending = (
        Notification.objects.filter(emailed_at__isnull=True)
        .filter(unclaimed)
        .exclude(Q(Exists(opted_out)) & Q(official=False))
    )
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = 0
    for notification in pending.select_related("user").order_by("pk")[:SWEEP_BATCH]:
        this = Notification.objects.filter(pk=notification.pk)
        if not this.filter(unclaimed, emailed_at__isnull=True).update(email_claimed_at=now):
            continue  # another run has it
        if notification.user.email:
            try:
                email_send(
                    subject=notification.title,
                    body=_email_body(notification),
                    to=[notification.user.email],
                )
            except OSError:
                this.update(email_claimed_at=None)  # not sent: the next sweep tries again
                raise
            sent += 1
        this.update(emailed_at=timezone.now())
    return sent


def _email_body(notification) -> str:
    link = f"\n\n{settings.SITE_URL}{notification.url}" if notification.url else ""
    return f"{notification.body}{link}".strip()


def notification_mark_read(*, user, ids=None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
