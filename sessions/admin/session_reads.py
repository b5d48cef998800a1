"""The rows the session's change page shows in its inlines (sittings, agenda items,
committees with their members), each read by a statement of plain SQL written once per process
and prepared (`congress_office/inline_rows.py`, decision 298): the same rows in the inlines'
order (their models' ordering within one session), a committee's members as its prefetch
read them. `tests/sessions/test_session_admin_reads.py` compares each with the inline's
queryset."""

from functools import cache

from django.db import connection

from congress_office.plain_sql import columns, execute, instance, table
from delegates.models import Delegate, Term

from ..models import AgendaItem, Committee, Sitting


@cache
def _sql(model, order: str) -> str:
    return (
        f"SELECT {columns(model, 'r')} FROM {table(model)} r"
        f" WHERE r.session_id = %s ORDER BY {order}"
    )


def _rows(session, model, order: str) -> list:
    with connection.cursor() as cursor:
        execute(cursor, _sql(model, order), [session.pk])
        return [instance(model, row) for row in cursor.fetchall()]


def sittings(session) -> list:
    # The ORM's order (day, start); two sittings starting together, by id.
    return _rows(session, Sitting, "r.date, r.starts_at, r.id")


def agenda_items(session) -> list:
    return _rows(session, AgendaItem, 'r."order"')  # unique within a session


@cache
def _members_sql() -> str:
    """The members of a session's committees, each with its committee, in the order of the
    delegates' model (the term's start, latest first, then name and id)."""
    through = Committee.members.through
    return (
        f"SELECT m.committee_id, {columns(Delegate, 'd')}"
        f" FROM {table(through)} m JOIN {table(Committee)} c ON c.id = m.committee_id"
        f" JOIN {table(Delegate)} d ON d.id = m.delegate_id"
        f" JOIN {table(Term)} t ON t.id = d.term_id"
        " WHERE c.session_id = %s ORDER BY t.start_date DESC, d.name, d.id"
    )


def committees(session) -> list:
    """The committees, each with its members read as `prefetch_related("members")` reads
    them (what the rows' forms show)."""
    # The ORM's order (kind); two committees of the kind "other", by id.
    read = _rows(session, Committee, "r.kind, r.id")
    members = {committee.pk: [] for committee in read}
    with connection.cursor() as cursor:
        execute(cursor, _members_sql(), [session.pk])
        for row in cursor.fetchall():
            members[row[0]].append(instance(Delegate, row, 1))
    for committee in read:
        prefetched = Delegate.objects.all()
        prefetched._result_cache, prefetched._prefetch_done = members[committee.pk], True
        committee._prefetched_objects_cache = {"members": prefetched}
    return read
