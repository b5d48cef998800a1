"""The pages of a delegate: their items, writing a draft, an item's page, and the author's
steps on it (submit, withdraw, invite co-signers, attach, rate the reply), each a form of its
own calling one service, and the answer to an invitation to co-sign. What the page offers is
what the workflow allows them (`steps_open_to`)."""

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congress_office.access import role_required
from congress_office.forms import apply_service, run_step
from congress_office.roles import Role
from delegates.selectors import delegate_current_for_user

from ..access import get_cosignature_for_user, get_proposal_for_user
from ..forms import (
    AttachmentForm,
    CosignatureAnswerForm,
    CosignerForm,
    FeedbackForm,
    ProposalForm,
    SubmitForm,
    WithdrawForm,
)
from ..models import Proposal, ProposalRules
from ..ratings import ratings_seen_by, reply_rate
from ..reply_reads import consultations_of, timeline_for_delegates
from ..selectors import (
    attachments_read,
    cosign_candidates,
    cosign_choices,
    cosignatures_seen_by,
    proposals_of_delegate,
    replies_for_delegates,
)
from ..services import (
    attachment_add,
    cosignature_answer,
    cosigners_invite,
    cosigners_needed,
    proposal_draft_save,
    proposal_submit,
    proposal_withdraw,
)
from ..workflow import steps_open_to


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
        if saved:
            return redirect("proposals:proposal_detail", saved.result.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "proposal": proposal})


def _proposal_page(request, proposal, **forms):
    """The item's page for a delegate, with the forms of the steps open to them (bound forms,
    after a refusal, show their errors next to the fields)."""
    query = request.GET.get("q", "")
    cosigning = cosignatures_seen_by(proposal, request.user)
    may = steps_open_to(
        request.user,
        proposal,
        cosignature=cosigning["invitation"],
        cosignatures=cosigning["cosignatures"],
    )
    ratings = ratings_seen_by(proposal, request.user, may)
    attachments_read(proposal)
    # No step leads back to a draft: a draft was never handled, so it has no replies or
    # consultations to read (two queries fewer on the page the author is busiest on).
    handled = proposal.status != Proposal.Status.DRAFT
    # Only a proposal or an inquiry counts its co-signers against a number (the page says
    # "n of m needed" for those alone), and a form is built only for a step on offer.
    counted = proposal.kind in (Proposal.Kind.PROPOSAL, Proposal.Kind.INQUIRY)
    blank_forms = {
        "attachment_form": may.get("attach") and AttachmentForm(),
        "submit_form": may.get("submitted") and SubmitForm(),
        "withdraw_form": may.get("withdrawn") and WithdrawForm(),
        "feedback_form": (may.get("rated") or ratings["signer_to_rate"])
        and FeedbackForm(by_aspect=ProposalRules.current().rate_by_aspect),
    }
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "proposal": proposal,
            "may": may,
            **cosigning,
            "needed": cosigners_needed(proposal) if counted else None,
            **ratings,
            "cosign_query": query,
            "cosign_caption": _cosign_caption(query.strip()),
            "cosign_choices": (
                cosign_choices(proposal, query, asked=cosigning["cosignatures"])
                if may.get("invite")
                else []
            ),
            "replies": replies_for_delegates(proposal) if handled else [],
            "timeline": timeline_for_delegates(proposal),
            "consultations": consultations_of(proposal) if handled else [],
            "cosigner_form": None,
            **blank_forms,
            **forms,
        },
    )


@role_required(Role.DELEGATE)
def proposal_detail(request, pk):
    return _proposal_page(request, get_proposal_for_user(request.user, pk))


class AuthorStep(NamedTuple):
    """One step the author takes on the item's page: the workflow's step, the page's form
    (`form(request, proposal)`, bound), the one service call (`call(user, proposal,
    cleaned_data)`) and what the author is told when it is done."""

    steps: tuple  # the workflow's steps it takes (any one offered will do)
    form_name: str
    form: Callable
    call: Callable
    success: str


AUTHOR_STEPS = {
    "submit": AuthorStep(
        ("submitted",),
        "submit_form",
        lambda request, proposal: SubmitForm(request.POST),
        lambda user, proposal, data: proposal_submit(proposal=proposal, submitted_by=user, **data),
        gettext_lazy("Submitted to the congress office."),
    ),
    "withdraw": AuthorStep(
        ("withdrawn",),
        "withdraw_form",
        lambda request, proposal: WithdrawForm(request.POST),
        lambda user, proposal, data: proposal_withdraw(proposal=proposal, withdrawn_by=user),
        gettext_lazy("Withdrawn."),
    ),
    "invite": AuthorStep(
        ("invite",),
        "cosigner_form",
        lambda request, proposal: CosignerForm(
            request.POST, candidates=cosign_candidates(proposal)
        ),
        lambda user, proposal, data: cosigners_invite(
            proposal=proposal, delegates=data["cosigners"], invited_by=user
        ),
        gettext_lazy("The delegates have been asked to co-sign."),
    ),
    "attach": AuthorStep(
        ("attach",),
        "attachment_form",
        lambda request, proposal: AttachmentForm(request.POST, request.FILES),
        lambda user, proposal, data: attachment_add(
            proposal=proposal, uploaded_file=data["file"], title=data["title"], added_by=user
        ),
        gettext_lazy("The attachment is added."),
    ),
    # The lead proposer's rating, or a co-signer's where co-signers rate (proposals/ratings.py).
    "rate": AuthorStep(
        ("rated", "signer_rated"),
        "feedback_form",
        lambda request, proposal: FeedbackForm(
            request.POST, by_aspect=ProposalRules.current().rate_by_aspect
        ),
        lambda user, proposal, data: reply_rate(proposal=proposal, rated_by=user, **data),
        gettext_lazy("Thank you for your rating."),
    ),
}


def _cosign_caption(query: str) -> str:
    """What the picker says above the delegates it shows (the page's words, in both)."""
    if query:
        return _("Delegates whose name holds “%(q)s”:") % {"q": query}
    return _("Your delegation:")


@role_required(Role.DELEGATE)
def cosigners_found(request, pk):
    """The co-signer picker's answer as the author types (static/js/cosigner-picker.js): the
    same delegates the page shows for the same words (`cosign_choices`, which the invitation
    form accepts), as JSON. Only the author, and only while asking is a step open to them."""
    proposal = get_proposal_for_user(request.user, pk, action="edit")
    if not steps_open_to(request.user, proposal).get("invite"):
        return JsonResponse({"caption": "", "results": []}, status=403)
    query = request.GET.get("q", "").strip()[:100]
    return JsonResponse(
        {
            "caption": _cosign_caption(query),
            "results": [
                {
                    "id": d.pk,
                    "name": d.name,
                    "delegation": d.delegation.name if d.delegation else "",
                }
                for d in cosign_choices(proposal, query)
            ],
        }
    )


@role_required(Role.DELEGATE)
@require_POST
def author_step(request, pk, step):
    """One of the author's steps (`AUTHOR_STEPS`, named by the URL): on success the item's page
    afresh with the news; a refusal next to the field on the item's page, with what was chosen
    or typed."""
    taken = AUTHOR_STEPS[step]
    proposal = get_proposal_for_user(request.user, pk, action="rate" if step == "rate" else "edit")
    form = taken.form(request, proposal)
    done = run_step(
        request,
        form,
        partial(taken.call, request.user, proposal),
        success=taken.success,
        still_offered=lambda: any(map(steps_open_to(request.user, proposal).get, taken.steps)),
    )
    if done:
        return redirect("proposals:proposal_detail", pk)
    return _proposal_page(request, proposal, **{taken.form_name: form})


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
