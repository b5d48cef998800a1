"""Notifications: written with what they report, emailed after commit, and swept up later if
the mail queue was down. Official replies are always emailed."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation

from .email import email_send
from .enqueue import enqueue_on_commit
from .models import Notification, NotificationSettings
from .notification_texts import notification_text, stored_text

SWEEP_BATCH = 500
EMAIL_CHUNK = 25
TITLE_LENGTH = Notification._meta.get_field("title").max_length


@dataclass
class Message:
    """What happened (`kind`, with its facts in `params`), for whom. Its words are written
    when it is read, in the reader's language (`notification_texts`)."""

    users: list
    kind: str
    params: dict
    url: str = ""
    official: bool = False


def notify(*, users, kind: str, params: dict, url: str = "", official=False):
    """Record a notification for each user (inside the caller's transaction) and queue the
    emails for after it commits."""
    return notify_many([Message(list(users), kind, params, url, official)])


def notify_many(messages: list[Message]):
    """Several messages in one insert; the emails are queued together after commit."""
    rows = []
    for m in messages:
        title, body = stored_text(m.kind, m.params)
        rows += [
            Notification(
                user=user,
                kind=m.kind,
                params=m.params,
                title=title[:TITLE_LENGTH],
                body=body,
                url=m.url,
                official=m.official,
            )
            for user in {user.pk: user for user in m.users if user is not None}.values()
        ]
    rows = Notification.objects.bulk_create(rows)
    if rows:
        from .tasks import send_notification_emails

        # If the broker is down, the rows stay unsent and the sweep sends them later.
        enqueue_on_commit(send_notification_emails, [row.pk for row in rows])
    return rows


def notifications_email(*, ids=None) -> int:
    """Email notifications not yet emailed (the given ones, or all). Each is claimed first by
    a conditional update, so two runs at once never both send it; the claim lapses after a
    task's hard time limit (no live task holds it longer), so one whose worker died before
    sending is sent by a later sweep. They are claimed, sent and recorded `EMAIL_CHUNK` at a
    time (three queries a chunk, not two a notification: a digest sweep emails hundreds at
    once). A worker that dies after sending and before recording its chunk sends those of
    the chunk twice: for an official reply, twice is better than never (decision 181).
    Returns how many were sent."""
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
    candidates = list(pending.order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH])
    sent = 0
    for start in range(0, len(candidates), EMAIL_CHUNK):
        sent += _email_chunk(candidates[start : start + EMAIL_CHUNK], unclaimed, now)
    return sent


def _email_chunk(ids: list[int], unclaimed: Q, now) -> int:
    """Claim those of `ids` no other run has taken (one update), read them (one query), send
    them, and record them emailed (one update)."""
    chunk = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
    if not chunk.filter(unclaimed).update(email_claimed_at=now):
        return 0  # another run has them all
    # The claim's moment tells this run's claims from another's (each run has its own).
    claimed = list(
        chunk.filter(email_claimed_at=now)
        .select_related("user__notification_settings")
        .order_by("pk")
    )
    done, sent = [], 0
    try:
        for notification in claimed:
            if notification.user.email:
                subject, body = _email_text(notification, user_language(notification.user))
                email_send(
                    subject=subject,
                    body=_email_body(body, notification.url),
                    to=[notification.user.email],
                )
                sent += 1
            done.append(notification.pk)
    except OSError:
        # Not sent: the next sweep tries those again.
        chunk.exclude(pk__in=done).filter(email_claimed_at=now).update(email_claimed_at=None)
        raise
    finally:
        Notification.objects.filter(pk__in=done).update(emailed_at=timezone.now())
    return sent


def _email_text(notification, language: str) -> tuple[str, str]:
    """The email's subject and body in `language`. The row keeps its text in the site's
    language, written from its facts when it was recorded, moments before: an email in that
    language takes it as it is rather than writing it again (a deadline sweep emails hundreds
    of digests of hundreds of lines each). A title cut to the column's length is written again."""
    if language == settings.LANGUAGE_CODE and len(notification.title) < TITLE_LENGTH:
        return notification.title, notification.body
    return notification_text(notification, language)


def _email_body(body: str, url: str) -> str:
    link = f"\n\n{settings.SITE_URL}{url}" if url else ""
    return f"{body}{link}".strip()


def user_language(user) -> str:
    """The language the user reads: the one they last chose or signed in with, else the
    site's."""
    try:
        chosen = user.notification_settings.language
    except NotificationSettings.DoesNotExist:
        chosen = ""
    return chosen or settings.LANGUAGE_CODE


def user_language_remember(*, user, language: str, first_only: bool = False) -> None:
    """Keep the language the user reads in, for what is written to them later (emails);
    with `first_only`, only if none is kept yet."""
    if language not in dict(settings.LANGUAGES):
        return
    kept, created = NotificationSettings.objects.get_or_create(
        user=user, defaults={"language": language}
    )
    if not created and not (first_only and kept.language) and kept.language != language:
        kept.language = language
        kept.save(update_fields=["language"])


def notification_mark_read(*, user, ids=None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def remember_sign_in_language(sender, request, user, **kwargs):
    """At first sign-in, the language the pages are shown in is taken as the one the user
    reads; later, only their own choice on the switcher changes it (a venue computer's
    browser may be in another language)."""
    if request is not None:
        language = translation.get_language() or ""
        user_language_remember(user=user, language=language, first_only=True)
