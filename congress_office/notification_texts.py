"""What a notification says, written when it is read (issue 12, 1.9): a notification stores
its kind and the facts it reports (`params`), and each kind's texts are a function of them,
registered by the app that sends it and run in the reader's language: on their
notifications page in the language they read, in the email in the language they chose.
Typed text (a reason, a reply) is a fact like any other, passed on as typed."""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation

Texts = Callable[[dict], tuple[str, str]]  # params -> (title, body)

_texts: dict[str, Texts] = {}


def register_notification_texts(texts: dict[str, Texts]) -> None:
    """Called by each sending app in its AppConfig.ready."""
    _texts.update(texts)


def notice_text(kind: str, params: dict, language: str | None = None) -> tuple[str, str]:
    """The title and body of a notification of `kind`, in `language` (by default the one
    active)."""
    if language is None:
        return _texts[kind](params)
    with translation.override(language):
        return _texts[kind](params)


def notification_text(notification, language: str | None = None) -> tuple[str, str]:
    """What the notification says: written from its facts when its kind is registered, else
    (rows from before, when texts were stored as written) its stored title and body."""
    if notification.kind not in _texts or not notification.params:
        return notification.title, notification.body
    return notice_text(notification.kind, notification.params, language)


def stored_text(kind: str, params: dict) -> tuple[str, str]:
    """The text kept on the row (the admin lists it, searches find it): in the site's
    language, whoever acted."""
    return notice_text(kind, params, settings.LANGUAGE_CODE)
