"""The pages of a handling unit's staff: their inbox, an item routed to their unit, and the
unit's steps on it (reply, send back, ask for more time, record a consultation), each a form
of its own calling one service; what the page offers is what the workflow allows them
(`steps_open_to`)."""

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from congress_office.access import role_required
from congress_office.forms import run_step
from congress_office.roles import Role

from ..access import get_assignment_for_user
from ..forms import ConsultationForm, ExtensionForm, ReplyForm, SendBackForm
from ..inbox_reads import UnitInbox, unit_handled_rows
from ..inbox_rows import handled_rows_html, inbox_rows_html
from ..models import Assignment
from ..reply_reads import author_phone_for_consultation, co_views_received
from ..reply_steps import consultation_record
from ..selectors import assignment_page, handling_units_for_staff
from ..services import assignment_send_back, extension_request, reply_submit
from ..unit_forms_written import fields_written, unbound_fields_written
from ..workflow import By, steps_open_to

# A page a phone can scroll through; the rest are a tap away, soonest deadlines first.
INBOX_PAGE_SIZE = 25
# Who takes the steps these pages offer (`UNIT_STEPS`): the others are not asked about.
UNITS = (By.LEAD_UNIT, By.CO_UNIT)


@role_required(Role.UNIT_STAFF)
def unit_home(request):
    units = handling_units_for_staff(request.user)
    unit_ids = [unit.pk for unit in units]
    page = Paginator(UnitInbox(unit_ids), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    handled = unit_handled_rows(unit_ids)
    _with_page_urls([*page, *handled])
    return render(
        request,
        "proposals/unit_home.html",
        {
            "units": units,
            "inbox": page,
            "inbox_rows": inbox_rows_html(page),
            "handled": handled,
            "handled_rows": handled_rows_html(handled),
        },
    )


# A key no assignment has, to find where the key stands in the address of an assignment's page.
_ANY_KEY = 987654321


def _with_page_urls(assignments) -> None:
    """Each assignment's `page_url`, the address of its page as `{% url %}` writes it, the
    route reversed once for the list rather than once a row (45 a page, a tenth of the
    inbox's time: decision 289)."""
    before, after = reverse("proposals:assignment_detail", args=[_ANY_KEY]).split(str(_ANY_KEY))
    for assignment in assignments:
        assignment.page_url = f"{before}{assignment.pk}{after}"


def _views_received(assignment) -> list:
    """The co-handling views the lead unit may tick as taken in (none for a co-handling
    unit)."""
    return co_views_received(assignment) if assignment.role == Assignment.Role.LEAD else []


def _steps_open(user, assignment) -> dict:
    """The unit's steps open to the user on an assignment of one of their units (read with
    `get_assignment_for_user`, which asked that of the database: not asked again)."""
    return steps_open_to(
        user,
        assignment.proposal,
        taken_by=UNITS,
        assignment=assignment,
        known_unit_ids={assignment.unit_id},
    )


def _assignment_page(request, assignment, **forms):
    """The unit's page of an assignment, with its forms (bound ones show their errors)."""
    proposal = assignment.proposal
    may = _steps_open(request.user, assignment)
    page = assignment_page(assignment)
    views_received = page.pop("views_received")
    passed = forms  # a refused step's form, bound
    forms = {
        "reply_form": ReplyForm(views_received=views_received),
        "back_form": SendBackForm(),
        "extension_form": ExtensionForm(),
        "consultation_form": ConsultationForm(),
        **passed,
    }
    # Each form's fields written: an unbound one is the same every time, written once
    # (decision 436), but a reply listing co-handling views to tick; those written when the
    # page shows them (the template calls the function).
    written = {
        f"{name}_fields": (
            partial(fields_written, form)
            if name in passed or (name == "reply_form" and views_received)
            else unbound_fields_written(type(form))
        )
        for name, form in forms.items()
    }
    return render(
        request,
        "proposals/assignment_detail.html",
        {
            "assignment": assignment,
            "proposal": proposal,
            "may": may,
            "author_phone": author_phone_for_consultation(proposal, may),
            **forms,
            **written,
            **page,
        },
    )


@role_required(Role.UNIT_STAFF)
def assignment_detail(request, pk):
    return _assignment_page(request, get_assignment_for_user(request.user, pk))


class UnitStep(NamedTuple):
    """One step a unit's staff take on an assignment: the workflow's steps it may be (a reply
    is the lead's, its follow-up or a co-handling unit's view), the page's form (`form(data,
    assignment)`), the service and its argument naming who acts, and what they are told when
    it is done."""

    steps: tuple
    form_name: str
    form: Callable
    service: Callable
    actor_argument: str
    success: str


def _plain(form_class) -> Callable:
    return lambda data, assignment: form_class(data)


UNIT_STEPS = {
    "reply": UnitStep(
        ("replied", "solved", "co_reply"),
        "reply_form",
        lambda data, assignment: ReplyForm(data, views_received=_views_received(assignment)),
        reply_submit,
        "replied_by",
        gettext_lazy("Your reply has been sent."),
    ),
    "send_back": UnitStep(
        ("sent_back",),
        "back_form",
        _plain(SendBackForm),
        assignment_send_back,
        "sent_back_by",
        gettext_lazy("The item has been sent back to the office."),
    ),
    "extension": UnitStep(
        ("extension_asked",),
        "extension_form",
        _plain(ExtensionForm),
        extension_request,
        "asked_by",
        gettext_lazy("The office has been asked for more time."),
    ),
    "consultation": UnitStep(
        ("consulted",),
        "consultation_form",
        _plain(ConsultationForm),
        consultation_record,
        "recorded_by",
        gettext_lazy("The consultation is recorded."),
    ),
}


@role_required(Role.UNIT_STAFF)
@require_POST
def unit_step(request, pk, step):
    """One of the unit's steps (`UNIT_STEPS`, named by the URL): on success back to the inbox;
    a refusal next to the field on the assignment's page, with what was typed."""
    taken = UNIT_STEPS[step]
    assignment = get_assignment_for_user(request.user, pk)
    form = taken.form(request.POST, assignment)

    def call(arguments):
        return taken.service(
            assignment=assignment, **{taken.actor_argument: request.user}, **arguments
        )

    def still_offered():
        may = _steps_open(request.user, assignment)
        return any(may.get(name) for name in taken.steps)

    if run_step(request, form, call, success=taken.success, still_offered=still_offered):
        if step == "consultation":  # the unit goes on to reply, on the same page
            return redirect("proposals:assignment_detail", pk)
        return redirect("proposals:unit_home")
    return _assignment_page(request, assignment, **{taken.form_name: form})
