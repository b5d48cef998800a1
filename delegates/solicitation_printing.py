"""The printed summary of a solicitation's answers, laid out as the other printed documents
(templates/sessions/pdf/base.html): the same bars as the summary page, every free-text
answer."""

from django.utils import timezone

from congress_office.pdf import html_to_pdf, render_html

from .models import Solicitation
from .solicitation_summary import solicitation_summary


def solicitation_summary_html(solicitation: Solicitation) -> str:
    context = {
        "solicitation": solicitation,
        "generated_at": timezone.now(),
        **solicitation_summary(solicitation, texts_shown=None),
    }
    return render_html("delegates/pdf/solicitation_summary.html", context)


def solicitation_summary_pdf(solicitation: Solicitation) -> bytes:
    return html_to_pdf(solicitation_summary_html(solicitation))
