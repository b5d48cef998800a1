"""Sending email. Callers enqueue `tasks.send_email` on commit; the task calls this."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives


def email_send(*, subject: str, body: str, to: list[str], html_body: str | None = None) -> int:
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
