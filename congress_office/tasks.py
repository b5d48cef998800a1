"""Core tasks: thin, idempotent, taking plain JSON values."""

from celery import shared_task
from django.core import management

from .audit_trail import security_events_purge
from .email import email_send
from .notifications import notifications_email


@shared_task(acks_late=True, autoretry_for=(OSError,), max_retries=5, retry_backoff=True)
def send_email(*, subject: str, body: str, to: list[str], html_body: str | None = None) -> int:
    """Send one message; returns how many were sent (1), so a caller can wait for the result."""
    return email_send(subject=subject, body=body, to=to, html_body=html_body)


@shared_task(acks_late=True)
def clear_expired_login_sessions() -> None:
    management.call_command("clearsessions")


@shared_task(acks_late=True, autoretry_for=(OSError,), max_retries=5, retry_backoff=True)
def send_notification_emails(ids: list[int] | None = None) -> int:
    """Email the given notifications, or (from beat) every one still unsent."""
    return notifications_email(ids=ids)


@shared_task(acks_late=True)
def purge_expired_security_events() -> int:
    """Remove the trail's entries older than its retention (it records its own run)."""
    return security_events_purge()
