"""The pages of a handling unit's staff: their inbox, an item routed to their unit, and the
unit's steps on it (reply, send back, ask for more time), each a form of its own calling one
service; what the page offers is what the workflow allows them (`steps_open_to`)."""

from functools import partial

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congress_office.access import role_required
from congress_office.forms import apply_service, say_refusal_if_hidden
from congress_office.roles import Role

from ..access import get_assignment_for_user
from ..forms import ExtensionForm, ReplyForm, SendBackForm
from ..selectors import assignment_page, handling_units_for_staff, unit_inbox
from ..services import assignment_send_back, extension_request, reply_submit
from ..workflow import steps_open_to

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
        say_refusal_if_hidden(request, form, shown=any(may.get(step) for step in steps))
    return _assignment_page(request, assignment, **{form_name: form})


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
