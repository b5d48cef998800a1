"""Printing: Django templates rendered to HTML, then to PDF by WeasyPrint. Chinese prints
with the Noto CJK fonts installed by the setup scripts and the Docker image."""

from django.conf import settings
from django.template.loader import render_to_string


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def letterhead_context() -> dict:
    """What a document in official form prints around its text, in the active language: the
    issuing body for the red header (the product's name when the office has not set one)
    and the office's letterhead settings."""
    from django.utils.translation import get_language, gettext

    from .models import Letterhead

    letterhead = Letterhead.current()
    issuer = letterhead.body_name(get_language() or "") or gettext("Congress Office")
    return {"letterhead": letterhead, "issuer": issuer}


def html_to_document(html: str):
    """The laid-out pages (WeasyPrint's document), before they are written: what the PDF
    will hold, box by box, which the layout tests read."""
    from weasyprint import HTML  # imported here: loading Pango costs time at start-up

    return HTML(string=html, base_url=str(settings.BASE_DIR), encoding="utf-8").render()


def html_to_pdf(html: str) -> bytes:
    return html_to_document(html).write_pdf()
