"""The session page's reads as plain SQL (as check_in_reads.py does for the desks' page,
decision 290): its agenda with each item's documents, the announced elections, the
resolutions and the rounds open to the delegate. Delegates open this page again and again on a
session day; each statement ran in well under a millisecond, the ORM built each in longer than
that, four of them while the template rendered. Prepared once per connection, none is built
or planned again. Each answers what the ORM queries answered (the agenda's items and
documents in their `Meta.ordering`); the tests compare them
(tests/sessions/test_session_page_reads.py)."""

from functools import cache

from django.db import connection

from congress_office.plain_sql import columns, execute, instance, table, width

from .models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Election,
    ElectionReceipt,
    ElectionRound,
    Resolution,
    RoundStatusChange,
    Session,
    Sitting,
)

ROUND_MODELS = (ElectionRound, Election, Sitting)  # a round and what its line shows


@cache
def _agenda_sql() -> str:
    """The session's items by their order, each with its documents by id (no document: one
    row, the document's columns null)."""
    return (
        f"SELECT {columns(AgendaItem, 'i')}, {columns(AgendaDocument, 'd')}"
        f" FROM {table(AgendaItem)} i LEFT JOIN {table(AgendaDocument)} d ON d.item_id = i.id"
        ' WHERE i.session_id = %s ORDER BY i."order", i.id, d.id'
    )


def agenda_with_documents(session: Session) -> list[AgendaItem]:
    """The session's agenda items in order, each with `listed_documents`: its documents in
    order (`item.documents.all()` as a prefetch reads them). One statement."""
    with connection.cursor() as cursor:
        execute(cursor, _agenda_sql(), [session.pk])
        rows = cursor.fetchall()
    items, start = {}, width(AgendaItem)
    for row in rows:
        item = items.get(row[0])
        if item is None:
            item = items[row[0]] = instance(AgendaItem, row)
            item.session = session
            item.listed_documents = []
        if row[start] is not None:
            document = instance(AgendaDocument, row, start)
            document.item = item
            item.listed_documents.append(document)
    return list(items.values())


@cache
def _announced_sql() -> str:
    """The session's elections with a round whose result was announced, in their
    `Meta.ordering` (the agenda item's order, then id)."""
    announced = (
        f"SELECT 1 FROM {table(ElectionRound)} r JOIN {table(RoundStatusChange)} c"
        " ON c.round_id = r.id WHERE r.election_id = e.id AND c.step = %s"
    )
    return (
        f"SELECT {columns(Election, 'e')} FROM {table(Election)} e"
        f" JOIN {table(AgendaItem)} i ON i.id = e.agenda_item_id"
        f' WHERE e.session_id = %s AND EXISTS({announced}) ORDER BY i."order", e.id'
    )


def announced_elections_read(session: Session) -> list[Election]:
    """`election_results.announced_elections(session)` as a list. One statement."""
    with connection.cursor() as cursor:
        execute(cursor, _announced_sql(), [session.pk, RoundStatusChange.Step.ANNOUNCED])
        return [instance(Election, row) for row in cursor.fetchall()]


@cache
def _resolutions_sql() -> str:
    return (
        f"SELECT {columns(Resolution, 'r')} FROM {table(Resolution)} r"
        " WHERE r.session_id = %s ORDER BY r.id"
    )


def resolutions_read(session: Session) -> list[Resolution]:
    """`session.resolutions.all()` as a list. One statement."""
    with connection.cursor() as cursor:
        execute(cursor, _resolutions_sql(), [session.pk])
        return [instance(Resolution, row) for row in cursor.fetchall()]


@cache
def _open_rounds_sql() -> str:
    """The session's open rounds held at a sitting of the session where the delegate is
    recorded present, with whether they voted online or took a paper ballot, by the
    election's agenda item's order and the election's id (then the round's number)."""
    receipt = (
        f"SELECT 1 FROM {table(ElectionReceipt)} x WHERE x.round_id = r.id AND x.delegate_id = %s"
    )
    selected = ", ".join(
        columns(model, alias) for model, alias in zip(ROUND_MODELS, "ret", strict=True)
    )
    return (
        f"SELECT {selected}, EXISTS({receipt} AND NOT x.on_paper), EXISTS({receipt} AND x.on_paper)"
        f" FROM {table(ElectionRound)} r JOIN {table(Election)} e ON e.id = r.election_id"
        f" JOIN {table(AgendaItem)} i ON i.id = e.agenda_item_id"
        f" JOIN {table(Sitting)} t ON t.id = r.sitting_id"
        " WHERE r.status = %s AND e.session_id = %s AND t.session_id = %s"
        f" AND t.id IN (SELECT a.sitting_id FROM {table(Attendance)} a"
        "  WHERE a.delegate_id = %s AND a.status = %s)"
        ' ORDER BY i."order", e.id, r.number'
    )


def open_rounds_read(session: Session, delegate, present_status: str) -> list[ElectionRound]:
    """The open rounds of the session at its sittings where the delegate is recorded
    `present_status`, each with its election (its session, `session`) and sitting, `voted`
    (online) and `on_paper`. One statement."""
    params = [delegate.pk, delegate.pk, ElectionRound.Status.OPEN, session.pk, session.pk]
    with connection.cursor() as cursor:
        execute(cursor, _open_rounds_sql(), [*params, delegate.pk, present_status])
        rows = cursor.fetchall()
    rounds = []
    for row in rows:
        start, read = 0, []
        for model in ROUND_MODELS:
            read.append(instance(model, row, start))
            start += width(model)
        election_round, election, sitting = read
        election.session, election_round.election, election_round.sitting = (
            session,
            election,
            sitting,
        )
        election_round.voted, election_round.on_paper = (bool(flag) for flag in row[-2:])
        rounds.append(election_round)
    return rounds


@cache
def _sittings_attended_sql() -> str:
    """The session's sittings in their `Meta.ordering` (by day and time; then by id, for a
    fixed order), each with the delegate's attendance (one row a sitting and delegate at
    most, `attendance_once`; none: the attendance's columns null)."""
    return (
        f"SELECT {columns(Sitting, 't')}, a.id, a.status, a.method FROM {table(Sitting)} t"
        f" LEFT JOIN {table(Attendance)} a ON a.sitting_id = t.id AND a.delegate_id = %s"
        " WHERE t.session_id = %s ORDER BY t.date, t.starts_at, t.id"
    )


def sittings_attended(session: Session, delegate) -> list[tuple]:
    """(sitting, the delegate's attendance or None) for each sitting of the session, as
    `selectors.delegate_attendance` answers. One statement (decision 462: the ORM wrote its
    query with a filtered relation anew on every opening of the session page)."""
    with connection.cursor() as cursor:
        execute(cursor, _sittings_attended_sql(), [delegate.pk, session.pk])
        rows = cursor.fetchall()
    read, start = [], width(Sitting)
    for row in rows:
        sitting = instance(Sitting, row)
        sitting.session = session
        pk, status, method = row[start:]
        attendance = None
        if pk is not None:
            attendance = Attendance(
                pk=pk, sitting=sitting, delegate=delegate, status=status, method=method
            )
        read.append((sitting, attendance))
    return read
