"""What any reader of an item may open: its reply letters (PDF), its attachments, and the
public list of closed items when the office publishes it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from congress_office.pdf import html_to_pdf, render_html
from congress_office.uploads import file_ending, stored_file_response

from ..access import get_reply_for_user, may_read_attachment
from ..models import ProposalAttachment, ProposalRules
from ..printing import reply_letter_context
from ..selectors import published_items, with_lead_replies


@login_required
def reply_letter(request, pk):
    """The reply letter as a PDF, with the result category printed on it."""
    reply = get_reply_for_user(request.user, pk)
    proposal = reply.assignment.proposal
    html = render_html("proposals/pdf/reply_letter.html", reply_letter_context(reply))
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="reply-{proposal.number or proposal.pk}.pdf"'
    )
    return response


@login_required
def attachment_download(request, pk):
    """An attachment, as a download, for whoever may read the item."""
    attachment = get_object_or_404(ProposalAttachment.objects.select_related("proposal"), pk=pk)
    if not may_read_attachment(request.user, attachment):
        raise Http404
    return stored_file_response(
        attachment.file,
        filename=f"{attachment.title}{file_ending(attachment.content_type)}",
        content_type=attachment.content_type,
    )


PUBLIC_PAGE_SIZE = 20


def public_items(request):
    """The public list of closed items and their replies, when the office publishes it."""
    if not ProposalRules.current().publish_closed_items:
        raise Http404
    page = Paginator(published_items(), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/public_items.html",
        {"page": page, "items": with_lead_replies(page.object_list)},
    )
