"""The printed summary of a solicitation's answers, laid out as the other printed documents
(templates/sessions/pdf/base.html): the same bars as the summary page, the free-text
answers, up to `PRINTED_TEXTS` per question (the latest; the XLSX export holds them all):
5,000 answers would print some 400 pages, too long to make while the office waits."""

from django.utils import timezone

from congress_office.pdf import html_to_pdf, render_html

from .models import Solicitation
from .solicitation_summary import solicitation_summary

PRINTED_TEXTS = 100


def solicitation_summary_html(solicitation: Solicitation) -> str:
    context = {
        "solicitation": solicitation,
        "generated_at": timezone.now(),
        **solicitation_summary(solicitation, texts_shown=PRINTED_TEXTS),
    }
    return render_html("delegates/pdf/solicitation_summary.html", context)


def solicitation_summary_pdf(solicitation: Solicitation) -> bytes:
    return html_to_pdf(solicitation_summary_html(solicitation))
