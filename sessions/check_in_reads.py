"""The desks' check-in page's reads, as plain SQL (as election_reads.py does for the ballot's,
decision 189): the sitting's figures and the rows listed, on every tap of every desk all day.
The ORM built these statements in about as long as PostgreSQL ran them; prepared once per
connection, neither is built nor planned again (decision 286). Each answers what the ORM
selectors answer (`selectors.expected_delegates`: active on the session's first day); the tests
compare them (tests/sessions/test_check_in_reads.py)."""

from functools import cache
from typing import NamedTuple

from django.db import connection

from congress_office.plain_sql import execute, table
from delegates.models import Delegate, Delegation, QualificationEvent

from .models import Attendance, Sitting

# Pages of the list stop here (a search of one character can find a thousand).
LISTED_AT_MOST = 200


class CheckInPerson(NamedTuple):
    """A row of the check-in page: what `check_in_rows` writes of an expected delegate."""

    pk: int
    name: str
    work_unit: str
    delegation_name: str | None
    attendance_status: str | None


def _status_on_day() -> str:
    """A delegate's (`d`) qualification on the day (the second of two `%s`, the first the
    status wanted): their latest change by then, as `delegates_with_status_on` reads it."""
    return (
        f"(SELECT q.status_after FROM {table(QualificationEvent)} q"
        " WHERE q.delegate_id = d.id AND q.effective_date <= %s"
        " ORDER BY q.effective_date DESC, q.id DESC LIMIT 1) = %s"
    )


def _attendance_joined() -> str:
    """The delegate's (`d`) attendance at the sitting (`%s`), `a`, a row at most (one a
    sitting and delegate, `attendance_once`): each status counted from it (decision 461)."""
    return f" LEFT JOIN {table(Attendance)} a ON a.sitting_id = %s AND a.delegate_id = d.id"


def _expected() -> str:
    """The condition on a delegate (`d`) expected at the session (its `%s`: `_expected_params`).
    Whether a change of the term's qualifications takes effect after the day is asked once
    (PostgreSQL runs an uncorrelated EXISTS once); when none does, a delegate's record says
    their status on the day for one who has entered the congress (who has an event:
    `active_delegates_counted_on`'s shortcut). The events hashed for that are those whose
    delegate's key lies between the term's first and last (decision 461): the same answer as
    every event of the office, which grew with every term's roster, not the session's; a
    term's delegates are entered together, their events then the term's own."""
    events, delegates = table(QualificationEvent), table(Delegate)
    later = (
        f"SELECT 1 FROM {events} q JOIN {delegates} x ON x.id = q.delegate_id"
        " WHERE x.term_id = %s AND q.effective_date > %s"
    )
    first, last = (
        f"(SELECT {end}(x.id) FROM {delegates} x WHERE x.term_id = %s)" for end in ("MIN", "MAX")
    )
    entered = f"SELECT q.delegate_id FROM {events} q WHERE q.delegate_id BETWEEN {first} AND {last}"
    return (
        f"d.term_id = %s AND CASE WHEN EXISTS({later}) THEN {_status_on_day()}"
        f" ELSE d.status = %s AND d.id IN ({entered}) END"
    )


def _expected_params(session) -> list:
    """The values of `_expected`'s placeholders for the session."""
    term, day, active = session.term_id, session.start_date, Delegate.Status.ACTIVE
    return [term, term, day, day, active, active, term, term]


@cache
def _figures_sql() -> str:
    """Expected and present at the sitting: the sitting's attendance joined once to the
    expected delegates (decision 461; a table of its present hashed before, decision 287)."""
    return (
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE a.status = %s)"
        f" FROM {table(Delegate)} d{_attendance_joined()} WHERE {_expected()}"
    )


def check_in_figures(sitting: Sitting) -> dict:
    """{"expected", "present"}: the sitting's delegates expected and checked in as present
    (the totals of `selectors.attendance_summary`). One statement."""
    session = sitting.session
    with connection.cursor() as cursor:
        execute(
            cursor,
            _figures_sql(),
            [Attendance.Status.PRESENT, sitting.pk, *_expected_params(session)],
        )
        expected, present = cursor.fetchone()
    return {"expected": expected, "present": present}


@cache
def _by_delegation_sql() -> str:
    """Expected, present, on leave and absent at the sitting, by delegation: the expected as
    `_figures_sql` finds them, the sitting's attendance joined once and each status counted
    from it (decision 461; three tables of the attendance hashed before, decision 287), the
    delegation's name looked up for each of the few groups after counting (joined before,
    PostgreSQL paired every delegate with every delegation)."""
    statuses = ", ".join("COUNT(*) FILTER (WHERE a.status = %s)" for _ in range(3))
    counted = (
        f"SELECT d.delegation_id AS delegation_id, COUNT(*) AS expected, {statuses}"
        f" FROM {table(Delegate)} d{_attendance_joined()} WHERE {_expected()}"
        " GROUP BY d.delegation_id"
    )
    return (
        f"SELECT (SELECT g.name FROM {table(Delegation)} g WHERE g.id = c.delegation_id), c.*"
        f" FROM ({counted}) c"
    )


def attendance_by_delegation(sitting: Sitting) -> list[tuple]:
    """[(delegation's name or None, expected, present, on leave, absent)], a row for each
    delegation with expected delegates (None: of no delegation), in no order: what
    `selectors.attendance_summary` lays out. One statement."""
    session = sitting.session
    status = Attendance.Status
    params = [status.PRESENT, status.ON_LEAVE, status.ABSENT, sitting.pk]
    params += _expected_params(session)
    with connection.cursor() as cursor:
        execute(cursor, _by_delegation_sql(), params)
        return [(name, *counts) for name, _pk, *counts in cursor.fetchall()]


@cache
def _people_sql(search: bool, delegation: bool) -> str:
    """The expected delegates whose name or work unit has the text searched (as `icontains`),
    of the delegation, or both, with their attendance at the sitting (one row at most), by
    delegation and name."""
    like = connection.operators["icontains"] % "%s"  # as the ORM writes `icontains`
    cast = connection.ops.lookup_cast("icontains", "CharField")
    has = [cast % column for column in ("d.name", "d.work_unit")]
    where = [f"({has[0]} {like} OR {has[1]} {like})"] if search else []
    where += ["d.delegation_id = %s"] if delegation else []
    return (
        "SELECT d.id, d.name, d.work_unit, g.name,"
        f" (SELECT a.status FROM {table(Attendance)} a"
        "  WHERE a.sitting_id = %s AND a.delegate_id = d.id LIMIT 1)"
        f" FROM {table(Delegate)} d LEFT JOIN {table(Delegation)} g ON g.id = d.delegation_id"
        f" WHERE d.term_id = %s AND {' AND '.join(where)} AND {_status_on_day()}"
        f" ORDER BY g.name, d.name LIMIT {LISTED_AT_MOST}"
    )


def check_in_people(sitting: Sitting, *, search: str = "", delegation_id=None) -> list:
    """`selectors.check_in_list`'s rows (its first `LISTED_AT_MOST`), as `CheckInPerson`s:
    the expected delegates whose name or work unit has `search`, of the delegation, or both
    (one of them given). One statement."""
    session = sitting.session
    like = [connection.ops.prep_for_like_query(search)] * 2 if search else []
    params = [sitting.pk, session.term_id, *(f"%{text}%" for text in like)]
    params += [delegation_id] if delegation_id else []
    params += [session.start_date, Delegate.Status.ACTIVE]
    with connection.cursor() as cursor:
        execute(cursor, _people_sql(bool(search), bool(delegation_id)), params)
        return [CheckInPerson(*row) for row in cursor.fetchall()]
