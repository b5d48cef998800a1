"""Reads shared by the sessions pages, the admin and the printed documents. Each runs a fixed
number of queries whatever the number of delegates."""

from congress_office.wording import written_moment
from delegates.models import Delegate
from delegates.selectors import active_delegates_on

from .check_in_reads import attendance_by_delegation
from .models import Attendance, Session, Sitting
from .session_page_reads import sittings_attended


def session_sitting_on(term, day) -> Session | None:
    """The term's session whose days include the date, if any: what is filed that day is filed
    during the session. One query."""
    return (
        Session.objects.filter(term=term, start_date__lte=day, end_date__gte=day)
        .order_by("start_date", "pk")
        .first()
    )


def expected_delegates(session: Session):
    """The delegates expected at the session: those active on its first day."""
    return active_delegates_on(session.term, session.start_date)


def attendance_summary(sitting: Sitting) -> dict:
    """Expected, present, on leave, absent and not yet recorded, overall and by delegation
    (by name; of no delegation last). One statement of plain SQL, prepared
    (`check_in_reads.attendance_by_delegation`): the expected delegates as
    `expected_delegates` finds them, the sitting's attendance joined to them once (decision
    461); the ORM's writing of the three statements this
    took cost the chair's live page more than PostgreSQL's answering them (decision 340)."""
    expected_by, counts = {}, {}
    for name, expected, present, on_leave, absent in attendance_by_delegation(sitting):
        expected_by[name] = expected
        counts[name] = (present, on_leave, absent)
    rows = []
    for name in sorted(expected_by, key=lambda n: (n is None, n or "")):
        present, on_leave, absent = counts.get(name, (0, 0, 0))
        rows.append(
            {
                "delegation": name,
                "expected": expected_by[name],
                "present": present,
                "on_leave": on_leave,
                "absent": absent,
                "not_recorded": expected_by[name] - present - on_leave - absent,
            }
        )
    total = {
        key: sum(row[key] for row in rows)
        for key in ("expected", "present", "on_leave", "absent", "not_recorded")
    }
    return {"total": total, "by_delegation": rows}


def present_count(sitting: Sitting) -> int:
    return Attendance.objects.filter(
        sitting=sitting,
        status=Attendance.Status.PRESENT,
        delegate__in=expected_delegates(sitting.session).values("pk"),
    ).count()


def sessions_for_user(user):
    """Sessions of the terms the user is a delegate of, newest first."""
    return Session.objects.filter(term__delegates__user=user).distinct().order_by("-start_date")


def delegate_attendance(session: Session, delegate: Delegate) -> list[tuple]:
    """(sitting, attendance or None) for each sitting of the session. One statement, prepared
    (`session_page_reads.sittings_attended`, decision 462): the delegate's row of each sitting
    joined to it (at most one a sitting)."""
    return sittings_attended(session, delegate)


def current_sitting(session: Session, today) -> Sitting | None:
    """Today's first sitting, else the session's first one."""
    sittings = list(session.sittings.all())
    todays = [s for s in sittings if s.date == today]
    return (todays or sittings or [None])[0]


def attendance_rows(sessions) -> tuple[list[str], list[list]]:
    """Attendance of the sessions as a table, one row per delegate and sitting."""
    from django.utils.translation import gettext as _

    header = [
        _("Session"),
        _("Sitting"),
        _("Delegate"),
        _("Delegation"),
        _("Attendance"),
        _("Recorded by way of"),
        _("Time"),
    ]
    rows = [
        [
            a.sitting.session.name,
            str(a.sitting),
            a.delegate.name,
            a.delegate.delegation.name if a.delegate.delegation else "",
            a.get_status_display(),
            a.get_method_display(),
            written_moment(a.checked_in_at),
        ]
        for a in Attendance.objects.filter(sitting__session__in=sessions)
        .select_related("sitting__session", "delegate__delegation")
        .order_by("sitting__session", "sitting", "delegate__name")
    ]
    return header, rows
