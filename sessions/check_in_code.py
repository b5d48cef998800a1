"""A delegate's check-in code on their session page: the QR code of the signed URL the desks
scan (`services.check_in_token`), an SVG image of its own that the page shows as an <img>, so
that the page does not wait for it to be drawn (decision 201).

Drawing it (segno choosing the most readable of eight masks) took about a quarter of the
session page's time, and delegates open that page again and again on a session day; the code
of the same delegate at the same session and address scans the same way whatever moment its
token was signed at (tokens do not expire), so the first one drawn is kept in the cache for a
day (decision 185). The key carries a digest of the address and the secret key: another
address, or a new secret key that would refuse the old tokens, gets a new code."""

import io

import segno
from django.core.cache import cache
from django.urls import reverse
from django.utils.crypto import salted_hmac

from .models import Session
from .services import check_in_token

KEPT_FOR = 24 * 3600  # seconds


def has_check_in_code(session, delegate) -> bool:
    """Whether a delegate has a check-in code for the session: one who attends it, while it is
    not closed (once closed there is nothing left to check in to). The session page and the
    code's image ask the same question."""
    return delegate is not None and session.status != Session.Status.CLOSED


def check_in_code_svg(request, session, delegate) -> bytes:
    """The delegate's QR code for the session, as an SVG document."""
    site = request.build_absolute_uri("/")
    digest = salted_hmac("sessions.check_in_code", site).hexdigest()[:20]
    key = f"check-in-code-svg:{session.pk}:{delegate.pk}:{digest}"
    svg = cache.get(key)
    if svg is None:
        token = check_in_token(session=session, delegate=delegate)
        url = request.build_absolute_uri(reverse("sessions:check_in_scan", args=[token]))
        drawn = io.BytesIO()
        segno.make(url, error="m").save(
            drawn, kind="svg", scale=5, border=2, light="#fff", omitsize=True, xmldecl=False
        )
        svg = drawn.getvalue()
        cache.set(key, svg, KEPT_FOR)
    return svg
