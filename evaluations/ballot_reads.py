"""The ballot's reads that every ballot request runs (the page, the review, casting), as plain
SQL: through the ORM, building these statements cost the server several times what the
database spends running them (docs/performance.md, "Ballots, CPU per ballot"; decision 189).
Each answers what an ORM query of access.py or selectors.py answered, and the tests compare
them on the same data (tests/evaluations/test_ballot_reads.py)."""

import datetime
from functools import cache

from django.db import connection

from congress_office.plain_sql import columns, execute, instance, table, width
from delegates.models import Delegate, QualificationEvent
from sessions.models import Session

from .models import Criterion, Entitlement, Evaluation, Receipt, Subject


@cache
def _standing_sql() -> str:
    """The evaluation (past its draft) with its session and the user's standing in it, if the
    user is a delegate of the session's term: built once per process."""
    evaluation_cols, session_cols = columns(Evaluation, "e"), columns(Session, "s")
    mine = f"SELECT 1 FROM {table(Delegate)} d WHERE d.user_id = %s AND d.term_id = s.term_id"
    receipt = (
        f"SELECT 1 FROM {table(Receipt)} r JOIN {table(Delegate)} d ON d.id = r.delegate_id"
        " WHERE r.evaluation_id = e.id AND d.user_id = %s AND d.term_id = s.term_id"
    )
    entitled = (
        f"SELECT 1 FROM {table(Entitlement)} n JOIN {table(Delegate)} d"
        " ON d.id = n.delegate_id"
        " WHERE n.evaluation_id = e.id AND d.user_id = %s AND d.term_id = s.term_id"
    )
    sql = (
        f"SELECT {evaluation_cols}, {session_cols}, EXISTS({entitled}),"
        f" EXISTS({receipt} AND NOT r.on_paper), EXISTS({receipt} AND r.on_paper)"
        f" FROM {table(Evaluation)} e JOIN {table(Session)} s ON s.id = e.session_id"
        f" WHERE e.id = %s AND e.status <> %s AND EXISTS({mine})"
    )
    return sql


def evaluation_with_standing(user_id: int, pk: int) -> tuple[Evaluation, dict] | None:
    """(the evaluation with its session, {"entitled", "voted" (online), "on_paper"}) for an
    evaluation past its draft whose session's term the user is a delegate of; None otherwise.
    One statement."""
    with connection.cursor() as cursor:
        params = [user_id] * 3 + [pk, Evaluation.Status.DRAFT, user_id]
        execute(cursor, _standing_sql(), params)
        row = cursor.fetchone()
    if row is None:
        return None
    evaluation = instance(Evaluation, row)
    evaluation.session = instance(Session, row, width(Evaluation))
    entitled, voted, on_paper = (bool(flag) for flag in row[-3:])
    return evaluation, {"entitled": entitled, "voted": voted, "on_paper": on_paper}


@cache
def _parts_sql() -> str:
    return (
        f"SELECT 0, id, name, post, is_team, {connection.ops.quote_name('order')}"
        f" FROM {table(Subject)} WHERE evaluation_id = %s"
        f" UNION ALL SELECT 1, id, name, '', FALSE,"
        f" {connection.ops.quote_name('order')} FROM {table(Criterion)} WHERE evaluation_id = %s"
        " ORDER BY 1, 6, 2"
    )


def ballot_parts_read(evaluation: Evaluation) -> tuple[list[Subject], list[Criterion]]:
    """The evaluation's subjects and criteria in their order, as `selectors.ballot_parts`
    gives them. One statement."""
    with connection.cursor() as cursor:
        execute(cursor, _parts_sql(), [evaluation.pk, evaluation.pk])
        rows = cursor.fetchall()
    alias, subjects, criteria = connection.alias, [], []
    for kind, pk, name, post, is_team, order in rows:
        if kind == 0:
            names = ["id", "evaluation_id", "name", "post", "is_team", "order"]
            values = [pk, evaluation.pk, name, post, bool(is_team), order]
            subjects.append(Subject.from_db(alias, names, values))
        else:
            names, values = (
                ["id", "evaluation_id", "name", "order"],
                [pk, evaluation.pk, name, order],
            )
            criteria.append(Criterion.from_db(alias, names, values))
    return subjects, criteria


@cache
def _voter_sql() -> dict[str, str]:
    """The term's delegate (given by account or by id) with `admitted` (entitled and active on
    the day), entitled, and the status: `secret_ballot_enter`'s voter statement, its first
    two columns named as that asks."""
    latest = (
        f"SELECT q.status_after FROM {table(QualificationEvent)} q"
        " WHERE q.delegate_id = d.id AND q.effective_date <= %s"
        " ORDER BY q.effective_date DESC, q.id DESC LIMIT 1"
    )
    entitled = (
        f"SELECT 1 FROM {table(Entitlement)} n WHERE n.evaluation_id = %s AND n.delegate_id = d.id"
    )
    select = (
        f"SELECT d.id AS delegate_id, EXISTS({entitled}) AS entitled, ({latest}) AS status"
        f" FROM {table(Delegate)} d WHERE d.term_id = %s"
    )
    outer = "SELECT v.delegate_id, v.entitled AND v.status = %s AS admitted, v.entitled, v.status"
    return {
        "user": f"{outer} FROM ({select} AND d.user_id = %s ORDER BY d.id LIMIT 1) v",
        "pk": f"{outer} FROM ({select} AND d.id = %s LIMIT 1) v",
    }


def voter_statement(
    evaluation_id: int, term_id: int, day: datetime.date, **delegate
) -> tuple[str, list]:
    """(statement, values) reading the term's delegate given as `user=` (an account) or `pk=`:
    one row (delegate id, admitted, entitled to vote in the evaluation, qualification status
    on `day`), or none when the term has no such delegate."""
    ((key, value),) = delegate.items()
    params = [Delegate.Status.ACTIVE, evaluation_id, day.isoformat(), term_id]
    return _voter_sql()[key], [*params, getattr(value, "pk", value)]


def voter_standing(
    evaluation_id: int, term_id: int, day: datetime.date, **delegate
) -> tuple[int, bool, str | None] | None:
    """(delegate id, entitled to vote in the evaluation, qualification status on `day`) of
    the term's delegate given as `user=` (an account) or `pk=`; None when the term has no
    such delegate. One statement: `voter_statement`'s, which casting runs inside its own."""
    with connection.cursor() as cursor:
        execute(cursor, *voter_statement(evaluation_id, term_id, day, **delegate))
        row = cursor.fetchone()
    return None if row is None else voter_row(row)


def voter_row(row) -> tuple[int, bool, str | None]:
    """(delegate id, entitled, status) of `voter_statement`'s row."""
    return row[0], bool(row[2]), row[3]
