from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import ModelChoiceField
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congress_office.access import role_required
from congress_office.enqueue import tasks_run_in_process
from congress_office.forms import apply_service
from congress_office.pdf import html_to_pdf, render_html
from congress_office.roles import Role
from congress_office.uploads import PDF, file_ending, stored_file_response
from delegates.models import Delegate, Delegation

from .access import get_document_for_user, get_resolution_for_user, get_session_for_user
from .check_in_code import KEPT_FOR as CODE_KEPT_FOR
from .check_in_code import check_in_code_svg, has_check_in_code
from .check_in_reads import check_in_figures, check_in_people
from .check_in_rows import check_in_rows
from .election_results import announced_elections
from .election_rounds import open_rounds_for_voter, open_rounds_of_session
from .forms import CheckInForm, CheckInSearchForm
from .models import Attendance, Session, SessionDocument, Sitting
from .printing import resolution_context, session_document_progress
from .selectors import (
    attendance_summary,
    current_sitting,
    delegate_attendance,
    sessions_for_user,
)
from .services import (
    attendance_record,
    attendance_record_delegation,
    check_in_check,
    check_in_token_read,
    quorum_reading,
    session_document_in_hand,
    session_document_request,
)
from .session_page_reads import agenda_with_documents, resolutions_read

# The newest sessions on a page a phone scrolls through; older ones a tap away (a delegate of
# every term of a large office had all 250 on one page: decision 274).
SESSIONS_PAGE_SIZE = 20


@role_required(Role.DELEGATE)
def my_sessions(request):
    page = Paginator(sessions_for_user(request.user), SESSIONS_PAGE_SIZE)
    return render(
        request,
        "sessions/my_sessions.html",
        {
            "sessions": page.get_page(request.GET.get("page")),
            "open_rounds": open_rounds_for_voter(request.user),
        },
    )


@login_required
def session_detail(request, pk):
    """The agenda and documents; for a delegate also their attendance and check-in code."""
    session, delegate = get_session_for_user(request.user, pk)
    context = {
        "session": session,
        "items": agenda_with_documents(session),
        "resolutions": resolutions_read(session),
        "delegate": delegate,
    }
    if delegate is not None:
        context["attendance"] = attendance = delegate_attendance(session, delegate)
        context["open_rounds"] = open_rounds_of_session(session, delegate, attendance)
        context["announced_elections"] = announced_elections(session)
    # The page names the code's image (`check_in_code`), drawn while the page is shown.
    context["shows_check_in_code"] = has_check_in_code(session, delegate)
    return render(request, "sessions/session_detail.html", context)


@login_required
def check_in_code(request, pk, delegate_pk):
    """A delegate's own check-in code for the session, as an image. Its address names the
    delegate, so that a browser keeping it (a day, for this account only) never shows one
    person's code to the next who signs in on it."""
    session, delegate = get_session_for_user(request.user, pk)
    if not has_check_in_code(session, delegate) or delegate.pk != delegate_pk:
        raise Http404
    response = HttpResponse(check_in_code_svg(request, session, delegate), "image/svg+xml")
    response["Cache-Control"] = f"private, max-age={CODE_KEPT_FOR}"
    return response


@login_required
def document_download(request, pk):
    """A document, always as a download with the type judged on upload."""
    document = get_document_for_user(request.user, pk)
    return stored_file_response(
        document.file,
        filename=f"{document.title}{file_ending(document.content_type)}",
        content_type=document.content_type,
    )


def check_in_refusal(session: Session) -> str:
    """Why delegates cannot be checked in at the session now ("" when they can): the pages
    say it instead of offering the buttons (the service refuses them anyway)."""
    try:
        check_in_check(session)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@role_required(Role.SECRETARIAT)
def check_in(request, pk):
    """Staff check delegates in: by name, or delegation by delegation."""
    sitting = get_object_or_404(Sitting.objects.select_related("session__term"), pk=pk)
    if request.method == "POST" and "whole_delegation" in request.POST:
        return _whole_delegation_present(request, sitting)
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if not form.is_valid():
            return redirect(request.get_full_path())
        delegate = get_object_or_404(Delegate, pk=form.cleaned_data["delegate"])
        status = form.cleaned_data["status"]
        apply_service(
            None,
            lambda: attendance_record(
                sitting=sitting,
                delegate=delegate,
                status=status,
                method=form.cleaned_data["method"],
                recorded_by=request.user,
            ),
            request=request,
            success=_("%(name)s: %(status)s")
            % {"name": delegate.name, "status": dict(form.fields["status"].choices)[status]},
        )
        # Back to the person's row, not the top of a long delegation list.
        return redirect(f"{request.get_full_path()}#delegate-{delegate.pk}")
    search = CheckInSearchForm(request.GET or None)
    query = search.cleaned_data if search.is_valid() else {"q": "", "delegation": None}
    people = None
    if query["q"] or query["delegation"]:
        people = check_in_people(sitting, search=query["q"], delegation_id=query["delegation"])
    # How the rows' "present" was found, recorded with it.
    method = Attendance.Method.SEARCH if request.GET.get("q") else Attendance.Method.LIST
    refusal = check_in_refusal(sitting.session)
    delegations = list(Delegation.objects.filter(term=sitting.session.term_id))
    return render(
        request,
        "sessions/check_in.html",
        {
            "sitting": sitting,
            "session": sitting.session,
            "search": search,
            "people": people,
            "rows": people
            and check_in_rows(request, people, method=method, offer_buttons=not refusal),
            "delegations": delegations,
            "delegation": next((d for d in delegations if d.pk == query["delegation"]), None),
            "figures": check_in_figures(sitting),
            "refusal": refusal,
        },
    )


def _whole_delegation_present(request, sitting):
    """The whole delegation is present: its delegates not yet recorded are checked in."""
    try:  # a delegation of the session's term, whatever was posted
        delegations = Delegation.objects.filter(term=sitting.session.term_id)
        delegation = ModelChoiceField(delegations).clean(request.POST["whole_delegation"])
    except ValidationError as error:
        raise Http404 from error
    applied = apply_service(
        None,
        lambda: attendance_record_delegation(
            sitting=sitting, delegation=delegation, recorded_by=request.user
        ),
        request=request,
    )
    if applied:
        count = applied.result
        messages.success(
            request,
            ngettext(
                "%(delegation)s: %(n)s more delegate checked in as present.",
                "%(delegation)s: %(n)s more delegates checked in as present.",
                count,
            )
            % {"delegation": delegation.name, "n": count},
        )
    # To the top, where the message is (a fragment of a row marked before would be kept).
    return redirect(f"{request.get_full_path()}#main")


@role_required(Role.SECRETARIAT)
def check_in_scan(request, token):
    """Where a delegate's QR code leads: staff confirm the check-in with one tap."""
    try:
        session_id, delegate_id = check_in_token_read(token)
    except ValidationError as error:
        raise Http404 from error
    session = get_object_or_404(Session, pk=session_id)
    delegate = get_object_or_404(Delegate.objects.select_related("delegation"), pk=delegate_id)
    sittings = list(session.sittings.all())
    if request.method == "POST":
        try:  # a sitting of this session, whatever was posted
            sitting = ModelChoiceField(session.sittings.all()).clean(request.POST.get("sitting"))
        except ValidationError as error:
            raise Http404 from error
        apply_service(
            None,
            lambda: attendance_record(
                sitting=sitting,
                delegate=delegate,
                status=Attendance.Status.PRESENT,
                method=Attendance.Method.QR,
                recorded_by=request.user,
            ),
            request=request,
            success=_("%(name)s is checked in.") % {"name": delegate.name},
        )
        return redirect("sessions:check_in", sitting.pk)
    return render(
        request,
        "sessions/check_in_scan.html",
        {
            "session": session,
            "delegate": delegate,
            "sittings": sittings,
            "current": current_sitting(session, timezone.localdate()),
            "refusal": check_in_refusal(session),
        },
    )


def _live_figures(sitting: Sitting) -> dict:
    summary = attendance_summary(sitting)
    total = summary["total"]
    quorum = quorum_reading(sitting.session, expected=total["expected"], present=total["present"])
    return {"summary": summary, "quorum": quorum}


@role_required(Role.SECRETARIAT)
def live_attendance(request, pk):
    """The sitting's figures for the chair; a small script refreshes them from
    `live_attendance_figures` every 10 seconds, with a pause button (without it: a link)."""
    sitting = get_object_or_404(Sitting.objects.select_related("session__term"), pk=pk)
    return render(
        request,
        "sessions/live_attendance.html",
        {
            "sitting": sitting,
            "session": sitting.session,
            # A closed session's figures are final: nothing to refresh, nobody to check in.
            "closed": sitting.session.status == Session.Status.CLOSED,
            **_live_figures(sitting),
        },
    )


@role_required(Role.SECRETARIAT)
def live_attendance_figures(request, pk):
    sitting = get_object_or_404(Sitting.objects.select_related("session__term"), pk=pk)
    return JsonResponse(_live_figures(sitting))


@role_required(Role.SECRETARIAT)
def printed_document(request, pk, kind):
    """Generate (POST) or follow and download (GET) one of a session's PDFs."""
    session = get_object_or_404(Session, pk=pk)
    if kind not in SessionDocument.Kind.values:
        raise Http404
    document = SessionDocument.objects.filter(session=session, kind=kind).first()
    if request.method == "POST":
        if document is not None and session_document_in_hand(document):
            # A second click, or a second member of staff: one task prints it.
            messages.info(request, _("This document is already being generated."))
        else:
            session_document_request(session=session, kind=kind)
        return redirect("sessions:printed_document", pk, kind)
    if request.GET.get("download") and document and document.status == SessionDocument.Status.DONE:
        return stored_file_response(
            document.file,
            filename=f"{session.name}-{document.get_kind_display()}.pdf",
            content_type=PDF,
        )
    return render(
        request,
        "sessions/printed_document.html",
        {
            "session": session,
            "kind": kind,
            "kind_label": SessionDocument.Kind(kind).label,
            "document": document,
            "progress": session_document_progress(document) if document else None,
            "in_hand": document is not None and session_document_in_hand(document),
            "in_process": tasks_run_in_process(),
        },
    )


@role_required(Role.SECRETARIAT)
def printed_document_progress(request, pk, kind):
    document = get_object_or_404(SessionDocument, session_id=pk, kind=kind)
    return JsonResponse(session_document_progress(document))


@login_required
def resolution_print(request, pk):
    """A resolution as a one-page PDF: its final text and, once voted, the result."""
    resolution = get_resolution_for_user(request.user, pk)
    html = render_html("sessions/pdf/resolution.html", resolution_context(resolution))
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="resolution-{resolution.pk}.pdf"'
    return response
