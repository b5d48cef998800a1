"""The delegate's side of opinion solicitations: the list, and the answer page (save a
draft, send; read-only after the deadline)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_office.access import role_required
from congress_office.roles import Role, user_has_role

from .models import Solicitation
from .selectors import delegate_current_for_user
from .solicitation_forms import SolicitationAnswerForm
from .solicitation_reads import response_of, solicitation_for_delegate, solicitations_for_delegate
from .solicitations import response_save
from .views import attachment_response


@role_required(Role.DELEGATE)
def my_solicitations(request):
    """The solicitations asking the delegate: open ones first, by deadline."""
    delegate = delegate_current_for_user(request.user)
    solicitations = solicitations_for_delegate(delegate)
    return render(
        request,
        "delegates/solicitations.html",
        {
            "delegate": delegate,
            "solicitations": solicitations,
            "waiting": sum(s.is_open and s.sent_at is None for s in solicitations),
        },
    )


@role_required(Role.DELEGATE)
def solicitation_answer(request, pk):
    """Answer a solicitation: "Save draft" keeps the answers, "Send" sends them; after the
    deadline the page shows what was sent, read-only."""
    solicitation, delegate = solicitation_for_delegate(request.user, pk)
    questions = list(solicitation.questions.all())
    is_open = timezone.now() <= solicitation.deadline
    response, values = response_of(solicitation, delegate)
    if not is_open and (response is None or response.sent_at is None):
        values = {}  # closed: only what was sent is shown, never a draft left unsent
    initial = {f"q{pk}": value for pk, value in values.items()}
    form = SolicitationAnswerForm(questions=questions, initial=initial, disabled=not is_open)
    if request.method == "POST":
        form = SolicitationAnswerForm(request.POST, questions=questions, disabled=not is_open)
        send = "send" in request.POST
        if form.is_valid():
            try:
                response_save(
                    solicitation=solicitation, delegate=delegate, values=form.values(), send=send
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("Your answer is sent.") if send else _("Your draft is saved.")
                )
                return redirect("delegates:solicitation_answer", pk=solicitation.pk)
    return render(
        request,
        "delegates/solicitation.html",
        {
            "solicitation": solicitation,
            "form": form,
            "response": response,
            "is_open": is_open,
        },
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


@login_required
def solicitation_attachment(request, pk):
    """The solicitation's document, for those it asks (and the office, which wrote it)."""
    if user_has_role(request.user, Role.SECRETARIAT):
        solicitation = get_object_or_404(Solicitation, pk=pk)
    else:
        solicitation, _delegate = solicitation_for_delegate(request.user, pk)
    return attachment_response(solicitation)
