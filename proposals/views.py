from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congress_office.access import role_required
from congress_office.forms import apply_service
from congress_office.pdf import html_to_pdf, render_html
from congress_office.roles import Role
from congress_office.uploads import file_ending
from delegates.selectors import delegate_current_for_user

from .access import (
    get_assignment_for_user,
    get_cosignature_for_user,
    get_proposal_for_user,
    get_reply_for_user,
    may_read_attachment,
)
from .forms import (
    AttachmentForm,
    CosignatureAnswerForm,
    CosignerForm,
    ExtensionForm,
    FeedbackForm,
    ProposalForm,
    ReplyForm,
    SendBackForm,
    StepForm,
    SubmitForm,
)
from .models import CoSignature, ProposalAttachment, ProposalRules
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
from .workflow import steps_open_to

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


def _assignment_page(request, assignment, **forms):
    """The unit's page of an assignment, with its forms (bound ones show their errors)."""
    proposal = assignment.proposal
    forms = {
        "reply_form": ReplyForm(),
        "back_form": SendBackForm(),
        "extension_form": ExtensionForm(),
        **forms,
    }
    return render(
        request,
        "proposals/assignment_detail.html",
        {
            "assignment": assignment,
            "proposal": proposal,
            "may": steps_open_to(request.user, proposal, assignment=assignment),
            **forms,
            **assignment_page(assignment),
        },
    )


@role_required(Role.UNIT_STAFF)
def assignment_detail(request, pk):
    return _assignment_page(request, get_assignment_for_user(request.user, pk))


def _unit_step(request, pk, steps, form_class, form_name, service, success, **service_kwargs):
    """A unit's step on an assignment: its form, then one service call; a refusal is shown
    next to the field on the assignment's page, with what was typed."""
    assignment = get_assignment_for_user(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        call = partial(service, assignment=assignment, **service_kwargs, **form.cleaned_data)
        if apply_service(form, call, request=request, success=success) is not None:
            return redirect("proposals:unit_home")
        may = steps_open_to(request.user, assignment.proposal, assignment=assignment)
        _say_if_hidden(request, form, shown=any(may.get(step) for step in steps))
    return _assignment_page(request, assignment, **{form_name: form})


def _say_if_hidden(request, form, *, shown: bool) -> None:
    """A refusal of a step the page no longer offers (the item moved on meanwhile) has no
    form to stand next to: it is said at the top of the page instead."""
    if not shown:
        for error in form.non_field_errors():
            messages.error(request, error)


def _unit_step_view(steps, form_class, form_name, service, success, actor_argument):
    @role_required(Role.UNIT_STAFF)
    @require_POST
    def view(request, pk):
        return _unit_step(
            request,
            pk,
            steps,
            form_class,
            form_name,
            service,
            success,
            **{actor_argument: request.user},
        )

    return view


assignment_reply = _unit_step_view(
    ("replied", "solved", "co_reply"),
    ReplyForm,
    "reply_form",
    reply_submit,
    gettext_lazy("Your reply has been sent."),
    "replied_by",
)
assignment_send_back_view = _unit_step_view(
    ("sent_back",),
    SendBackForm,
    "back_form",
    assignment_send_back,
    gettext_lazy("The item has been sent back to the office."),
    "sent_back_by",
)
extension = _unit_step_view(
    ("extension_asked",),
    ExtensionForm,
    "extension_form",
    extension_request,
    gettext_lazy("The office has been asked for more time."),
    "asked_by",
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
    proposal = get_proposal_for_user(request.user, pk, action="edit") if pk else None
    form = ProposalForm(request.POST or None, instance=proposal, author=author)
    if request.method == "POST" and form.is_valid():
        call = partial(proposal_draft_save, author=author, proposal=proposal, **form.cleaned_data)
        saved = apply_service(form, call, request=request, success=_("Your draft is saved."))
        if saved is not None:
            return redirect("proposals:proposal_detail", saved.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "proposal": proposal})


def _proposal_page(request, proposal, **forms):
    """The item's page for a delegate, with the forms of the steps open to them (bound forms,
    after a refusal, show their errors next to the fields)."""
    may = steps_open_to(request.user, proposal)
    query = request.GET.get("q", "")
    by_aspect = ProposalRules.current().rate_by_aspect
    cosignatures = list(proposal.cosignatures.select_related("delegate"))
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "may": may,
            "cosignatures": cosignatures,
            "needed": cosigners_needed(proposal),
            "confirmed": sum(c.status == CoSignature.Status.CONFIRMED for c in cosignatures),
            "cosign_query": query,
            "cosign_choices": cosign_choices(proposal, query) if may.get("invite") else [],
            "attachments": proposal.attachments.all(),
            "replies": replies_for_delegates(proposal),
            "timeline": proposal.events.all(),
            "attachment_form": AttachmentForm(),
            "cosigner_form": None,
            "submit_form": SubmitForm(),
            "withdraw_form": StepForm(),
            "feedback_form": FeedbackForm(by_aspect=by_aspect),
            **forms,
        },
    )


@role_required(Role.DELEGATE)
def proposal_detail(request, pk):
    return _proposal_page(request, get_proposal_for_user(request.user, pk))


def _author_step(request, pk, step, form_name, *, form, call, success, action="edit"):
    """One step the author takes on the item's page: `form(proposal)` is the bound form,
    `call(proposal, cleaned_data)` the one service call. On success the item's page is shown
    afresh with the news; a refusal is shown next to the field on the item's page, with what
    was chosen or typed."""
    proposal = get_proposal_for_user(request.user, pk, action=action)
    bound = form(proposal)
    if bound.is_valid():
        done = apply_service(
            bound, partial(call, proposal, bound.cleaned_data), request=request, success=success
        )
        if done is not None:
            return redirect("proposals:proposal_detail", pk)
        _say_if_hidden(request, bound, shown=steps_open_to(request.user, proposal).get(step))
    return _proposal_page(request, proposal, **{form_name: bound})


@role_required(Role.DELEGATE)
@require_POST
def proposal_submit_view(request, pk):
    return _author_step(
        request,
        pk,
        "submitted",
        "submit_form",
        form=lambda proposal: SubmitForm(request.POST),
        call=lambda proposal, data: proposal_submit(
            proposal=proposal, submitted_by=request.user, **data
        ),
        success=_("Submitted to the congress office."),
    )


@role_required(Role.DELEGATE)
@require_POST
def proposal_withdraw_view(request, pk):
    return _author_step(
        request,
        pk,
        "withdrawn",
        "withdraw_form",
        form=lambda proposal: StepForm(request.POST),
        call=lambda proposal, data: proposal_withdraw(proposal=proposal, withdrawn_by=request.user),
        success=_("Withdrawn."),
    )


@role_required(Role.DELEGATE)
@require_POST
def cosigners_invite_view(request, pk):
    return _author_step(
        request,
        pk,
        "invite",
        "cosigner_form",
        form=lambda proposal: CosignerForm(request.POST, candidates=cosign_candidates(proposal)),
        call=lambda proposal, data: cosigners_invite(
            proposal=proposal, delegates=data["cosigners"], invited_by=request.user
        ),
        success=_("The delegates have been asked to co-sign."),
    )


@role_required(Role.DELEGATE)
@require_POST
def attachment_add_view(request, pk):
    return _author_step(
        request,
        pk,
        "attach",
        "attachment_form",
        form=lambda proposal: AttachmentForm(request.POST, request.FILES),
        call=lambda proposal, data: attachment_add(
            proposal=proposal,
            uploaded_file=data["file"],
            title=data["title"],
            added_by=request.user,
        ),
        success=_("The attachment is added."),
    )


def _rate(user, proposal, data):
    reply = reply_to_rate(proposal)
    if reply is None:
        raise ValidationError(_("There is no reply to rate."))
    return feedback_submit(reply=reply, rated_by=user, **data)


@role_required(Role.DELEGATE)
@require_POST
def feedback_submit_view(request, pk):
    by_aspect = ProposalRules.current().rate_by_aspect
    return _author_step(
        request,
        pk,
        "rated",
        "feedback_form",
        form=lambda proposal: FeedbackForm(request.POST, by_aspect=by_aspect),
        call=partial(_rate, request.user),
        success=_("Thank you for your rating."),
        action="rate",
    )


@role_required(Role.DELEGATE)
def cosign(request, pk):
    """Confirm or decline a co-signature asked of the user (a GET goes to the draft)."""
    invitation = get_cosignature_for_user(request.user, pk)
    if request.method != "POST":
        return redirect("proposals:proposal_detail", invitation.proposal_id)
    form = CosignatureAnswerForm(request.POST)
    if form.is_valid():
        call = partial(
            cosignature_answer,
            cosignature=invitation,
            confirm=form.cleaned_data["answer"] == CosignatureAnswerForm.CONFIRM,
            answered_by=request.user,
        )
        apply_service(None, call, request=request, success=_("Thank you for your answer."))
    else:
        messages.error(request, _("Choose to confirm or decline."))
    return redirect("proposals:my_proposals")


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
            "cosigners": proposal.cosignatures.filter(
                status=CoSignature.Status.CONFIRMED
            ).select_related("delegate"),
        },
    )
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
