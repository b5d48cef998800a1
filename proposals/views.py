from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_office.access import role_required
from congress_office.pdf import html_to_pdf, render_html
from congress_office.roles import Role
from congress_office.uploads import file_ending
from delegates.selectors import delegate_current_for_user

from .access import (
    get_assignment_for_user,
    get_proposal_for_delegate,
    get_reply_for_user,
    may_read_attachment,
)
from .forms import (
    AttachmentForm,
    CosignerForm,
    ExtensionForm,
    FeedbackForm,
    ProposalForm,
    ReplyForm,
    SendBackForm,
)
from .models import Assignment, CoSignature, Proposal, ProposalAttachment, ProposalRules
from .selectors import (
    assignment_page,
    cosign_candidates,
    cosign_choices,
    handling_units_for_staff,
    proposals_of_delegate,
    published_items,
    replies_for_delegates,
    reply_to_rate,
    unit_inbox,
    with_lead_replies,
)
from .services import (
    assignment_send_back,
    attachment_add,
    cosignature_answer,
    cosigners_invite,
    cosigners_needed,
    extension_request,
    feedback_submit,
    proposal_draft_save,
    proposal_submit,
    proposal_withdraw,
    reply_submit,
)


def _apply(request, form, call, success: str):
    """Run a service call; on success say so and return its result. A refusal is shown next
    to the form's fields (or at the top of the page) and None is returned."""
    try:
        result = call()
    except ValidationError as error:
        if hasattr(error, "error_dict") and form is not None:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.error(request, " ".join(error.messages))
        return None
    messages.success(request, success)
    return result


# --- Handling units -------------------------------------------------------------------


# A page a phone can scroll through; the rest are a tap away, soonest deadlines first.
INBOX_PAGE_SIZE = 25


@role_required(Role.UNIT_STAFF)
def unit_home(request):
    units = handling_units_for_staff(request.user)
    page = Paginator(unit_inbox(units), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for assignment in page.object_list:  # each item shows its days left, or "overdue"
        assignment.days_left = (assignment.deadline - today).days
        assignment.is_overdue = assignment.days_left < 0
    return render(request, "proposals/unit_home.html", {"units": units, "inbox": page})


@role_required(Role.UNIT_STAFF)
def assignment_detail(request, pk):
    assignment = get_assignment_for_user(request.user, pk)
    reply_form = ReplyForm(request.POST if "reply" in request.POST else None)
    back_form = SendBackForm(request.POST if "send_back" in request.POST else None)
    if "reply" in request.POST and reply_form.is_valid():
        call = partial(
            reply_submit,
            assignment=assignment,
            replied_by=request.user,
            **reply_form.cleaned_data,
        )
        if _apply(request, reply_form, call, _("Your reply has been sent.")) is not None:
            return redirect("proposals:unit_home")
    if "send_back" in request.POST and back_form.is_valid():
        call = partial(
            assignment_send_back,
            assignment=assignment,
            reason=back_form.cleaned_data["reason"],
            sent_back_by=request.user,
        )
        if (
            _apply(request, back_form, call, _("The item has been sent back to the office."))
            is not None
        ):
            return redirect("proposals:unit_home")
    return render(
        request,
        "proposals/assignment_detail.html",
        {
            "assignment": assignment,
            "proposal": assignment.proposal,
            "reply_form": reply_form,
            "back_form": back_form,
            "extension_form": ExtensionForm(),
            "can_send_back": assignment.role == Assignment.Role.LEAD
            and assignment.proposal.status == Proposal.Status.ASSIGNED
            and timezone.localdate() <= assignment.send_back_until,
            **assignment_page(assignment),
        },
    )


# --- Delegates ------------------------------------------------------------------------


@role_required(Role.DELEGATE)
def my_proposals(request):
    return render(request, "proposals/my_proposals.html", proposals_of_delegate(request.user))


@role_required(Role.DELEGATE)
def proposal_edit(request, pk=None):
    """Write a new draft, or change one."""
    author = delegate_current_for_user(request.user)
    if author is None:
        messages.error(request, _("Your account is not linked to a delegate record yet."))
        return redirect("proposals:my_proposals")
    proposal = get_proposal_for_delegate(request.user, pk) if pk else None
    if proposal is not None and proposal.author_id != author.pk:
        return redirect("proposals:proposal_detail", pk)
    form = ProposalForm(request.POST or None, instance=proposal, author=author)
    if request.method == "POST" and form.is_valid():
        call = partial(proposal_draft_save, author=author, proposal=proposal, **form.cleaned_data)
        saved = _apply(request, form, call, _("Your draft is saved."))
        if saved is not None:
            return redirect("proposals:proposal_detail", saved.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "proposal": proposal})


@role_required(Role.DELEGATE)
def proposal_detail(request, pk):
    proposal = get_proposal_for_delegate(request.user, pk)
    is_author = proposal.author.user_id == request.user.pk
    action = request.POST.get("action")
    if request.method == "POST" and is_author:
        if action == "submit":
            call = partial(
                proposal_submit,
                proposal=proposal,
                submitted_by=request.user,
                as_suggestion=bool(request.POST.get("as_suggestion")),
            )
            _apply(request, None, call, _("Submitted to the congress office."))
        elif action == "withdraw":
            call = partial(proposal_withdraw, proposal=proposal, withdrawn_by=request.user)
            _apply(request, None, call, _("Withdrawn."))
        elif action == "invite":
            form = CosignerForm(request.POST, candidates=cosign_candidates(proposal))
            if _valid(request, form):
                call = partial(
                    cosigners_invite,
                    proposal=proposal,
                    delegates=form.cleaned_data["cosigners"],
                    invited_by=request.user,
                )
                _apply(request, None, call, _("The delegates have been asked to co-sign."))
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if _valid(request, form):
                call = partial(
                    attachment_add,
                    proposal=proposal,
                    uploaded_file=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
                _apply(request, None, call, _("The attachment is added."))
        elif action == "rate":
            form = FeedbackForm(request.POST, by_aspect=ProposalRules.current().rate_by_aspect)
            reply = reply_to_rate(proposal)
            if reply is None:
                messages.error(request, _("There is no reply to rate."))
            elif _valid(request, form):
                call = partial(
                    feedback_submit, reply=reply, rated_by=request.user, **form.cleaned_data
                )
                _apply(request, None, call, _("Thank you for your rating."))
        return redirect("proposals:proposal_detail", pk)
    proposal.refresh_from_db()
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "is_author": is_author,
            "cosignatures": proposal.cosignatures.select_related("delegate"),
            "needed": cosigners_needed(proposal),
            "confirmed": proposal.cosignatures.filter(status="confirmed").count(),
            "cosign_query": request.GET.get("q", ""),
            "cosign_choices": cosign_choices(proposal, request.GET.get("q", ""))
            if is_author and proposal.status == Proposal.Status.DRAFT
            else [],
            "attachment_form": AttachmentForm(),
            "attachments": proposal.attachments.all(),
            "feedback_form": FeedbackForm(by_aspect=ProposalRules.current().rate_by_aspect),
            "replies": replies_for_delegates(proposal),
            "timeline": proposal.events.all(),
        },
    )


def _valid(request, form) -> bool:
    """Whether a small form on the item's page is valid; if not, its errors are shown at the
    top of the page the user returns to (these forms redirect, so the service's refusals are
    shown the same way: `_apply` is given no form for them)."""
    if form.is_valid():
        return True
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return False


@role_required(Role.DELEGATE)
def cosign(request, pk):
    """Confirm or decline a co-signature asked of the user."""
    invitation = get_object_or_404(
        CoSignature.objects.select_related("proposal"), pk=pk, delegate__user=request.user
    )
    if request.method == "POST":
        confirm = request.POST.get("answer") == "confirm"
        call = partial(cosignature_answer, cosignature=invitation, confirm=confirm)
        _apply(request, None, call, _("Thank you for your answer."))
        return redirect("proposals:my_proposals")
    return redirect("proposals:proposal_detail", invitation.proposal_id)


@login_required
def reply_letter(request, pk):
    """The reply letter as a PDF, with the result category printed on it."""
    reply = get_reply_for_user(request.user, pk)
    proposal = reply.assignment.proposal
    html = render_html(
        "proposals/pdf/reply_letter.html",
        {
            "reply": reply,
            "proposal": proposal,
            "cosigners": proposal.cosignatures.filter(status="confirmed").select_related(
                "delegate"
            ),
        },
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="reply-{proposal.number or proposal.pk}.pdf"'
    )
    return response


@role_required(Role.UNIT_STAFF)
def extension(request, pk):
    assignment = get_assignment_for_user(request.user, pk)
    form = ExtensionForm(request.POST)
    if _valid(request, form):
        call = partial(
            extension_request, assignment=assignment, asked_by=request.user, **form.cleaned_data
        )
        _apply(request, form, call, _("The office has been asked for more time."))
    return redirect("proposals:assignment_detail", pk)


@login_required
def attachment_download(request, pk):
    """An attachment, as a download, for whoever may read the item."""
    attachment = get_object_or_404(ProposalAttachment.objects.select_related("proposal"), pk=pk)
    if not may_read_attachment(request.user, attachment):
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        content_type=attachment.content_type,
        filename=f"{attachment.title}{file_ending(attachment.content_type)}",
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
