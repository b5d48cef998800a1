"""What each printed document of a session contains, and its generation (the task's body)."""

from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.utils import timezone, translation

from congress_office.pdf import html_to_pdf, letterhead_context, render_html
from congress_office.progress import progress_get, progress_set

from .election_results import election_results
from .models import (
    AgendaItem,
    Attendance,
    ElectionRound,
    Resolution,
    Session,
    SessionDocument,
    Vote,
    VotingRule,
)
from .report_sections import report_sections
from .selectors import attendance_summary, expected_delegates


def printed_votes():
    """The votes a printed document shows: the valid ones only (a superseded or voided record
    stays in the admin's history), round by round."""
    return Vote.objects.filter(state=Vote.State.VALID).order_by("round", "recorded_at", "pk")


def agenda_context(session: Session) -> dict:
    items = session.agenda_items.prefetch_related("documents")
    return {"session": session, "items": items}


def attendance_context(session: Session) -> dict:
    """Per sitting: the figures, and the names grouped by delegation and attendance."""
    sittings = []
    expected = list(expected_delegates(session).select_related("delegation").order_by("name"))
    for sitting in session.sittings.all():
        status_of = dict(
            Attendance.objects.filter(sitting=sitting).values_list("delegate_id", "status")
        )
        groups = {}
        for delegate in expected:
            status = status_of.get(delegate.pk, "not_recorded")
            key = delegate.delegation.name if delegate.delegation else ""
            groups.setdefault(key, {}).setdefault(status, []).append(delegate.name)
        sittings.append(
            {
                "sitting": sitting,
                "summary": attendance_summary(sitting),
                "groups": sorted(groups.items()),
            }
        )
    return {
        "session": session,
        "sittings": sittings,
        "attendees": session.invited_attendees.order_by("category", "name"),
    }


def held_elections(session: Session) -> list:
    """The session's elections that have closed a round: each one's results round by round
    and the elected of them all (`election_results`), for the report's elections section."""
    held = (
        session.elections.filter(rounds__status=ElectionRound.Status.CLOSED)
        .select_related("session__term")
        .distinct()
    )
    return [election_results(election) for election in held]


def report_context(session: Session) -> dict:
    resolutions = session.resolutions.prefetch_related(
        "versions", Prefetch("votes", queryset=printed_votes())
    )
    return {
        **attendance_context(session),
        **letterhead_context(),
        "items": session.agenda_items.all(),
        "resolutions": resolutions,
        "elections": printed_votes()
        .filter(session=session, matter=VotingRule.Matter.ELECTION)
        .select_related("agenda_item"),
        "held_elections": held_elections(session),
        "presidium": session.presidium.order_by("name"),
        "committees": session.committees.prefetch_related("members").select_related("chair"),
        "outcomes": AgendaItem.Outcome,
        "resolution_status": Resolution.Status,
        "extra_sections": report_sections(session),
        "generated_at": timezone.now(),
    }


def resolution_context(resolution: Resolution) -> dict:
    # dated by their sitting: a correction is recorded later than the vote was taken
    votes = list(printed_votes().filter(resolution=resolution).select_related("sitting"))
    adopted = resolution.status == Resolution.Status.ADOPTED
    return {
        **letterhead_context(),
        "session": resolution.session,
        "resolution": resolution,
        "version": resolution.versions.order_by("-number").first(),
        "votes": votes,
        # The adoption line names the day of the sitting that adopted it, not of the typing.
        "adopted_on": next((v.sitting.date for v in reversed(votes) if v.passed), None)
        if adopted
        else None,
    }


DOCUMENTS = {
    SessionDocument.Kind.REPORT: ("sessions/pdf/report.html", report_context),
    SessionDocument.Kind.AGENDA: ("sessions/pdf/agenda.html", agenda_context),
    SessionDocument.Kind.ATTENDANCE: ("sessions/pdf/attendance.html", attendance_context),
}


def progress_key(document_id: int) -> str:
    return f"session-document-progress:{document_id}"


def session_document_render_html(document: SessionDocument) -> str:
    template, build_context = DOCUMENTS[document.kind]
    return render_html(template, build_context(document.session))


def session_document_generate(*, document_id: int, language: str) -> None:
    """Generate the PDF and replace the previous file. Claimed by a conditional update, so a
    duplicate or redelivered task does nothing once the document is done."""
    claimed = SessionDocument.objects.filter(
        pk=document_id,
        status__in=[SessionDocument.Status.QUEUED, SessionDocument.Status.RUNNING],
    ).update(status=SessionDocument.Status.RUNNING)
    if not claimed:
        return
    document = SessionDocument.objects.select_related("session__term").get(pk=document_id)

    def report(percent):
        progress_set(progress_key(document_id), percent, 3600)

    report(5)
    try:
        with translation.override(language):
            html = session_document_render_html(document)
            report(35)
            pdf = html_to_pdf(html)
    except Exception as error:
        SessionDocument.objects.filter(pk=document_id).update(
            status=SessionDocument.Status.FAILED, error=repr(error)[:2000]
        )
        raise
    report(90)
    previous = document.file.name
    document.file.save(
        f"{document.session.term_id}-{document.session.ordinal}-{document.kind}.pdf",
        ContentFile(pdf),
        save=False,
    )
    document.status = SessionDocument.Status.DONE
    document.generated_at = timezone.now()
    document.error = ""
    document.save(update_fields=["file", "status", "generated_at", "error"])
    if previous and previous != document.file.name:
        document.file.storage.delete(previous)
    report(100)


def session_document_progress(document: SessionDocument) -> dict:
    percent = (
        100
        if document.status == SessionDocument.Status.DONE
        else progress_get(progress_key(document.pk), 0)
    )
    return {"status": document.status, "percent": percent, "done": percent, "total": 100}
