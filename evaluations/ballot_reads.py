"""The ballot's reads that every ballot request runs (the page, the review, casting), as plain
SQL: through the ORM, building these statements cost the server several times what the
database spends running them (docs/performance.md, "Ballots, CPU per ballot"; decision 189).
Each answers what an ORM query of access.py or selectors.py answered, and the tests compare
them on the same data (tests/evaluations/test_ballot_reads.py)."""

import datetime
import json
from functools import cache, lru_cache
from typing import NamedTuple

from django.db import connection

from congress_office.kept_text import kept, kept_store
from congress_office.plain_sql import columns, execute, fenced, instance, table, width
from delegates.models import Delegate, QualificationEvent
from sessions.models import Session

from .models import Criterion, Entitlement, Evaluation, Receipt, Subject


class BallotSubject(NamedTuple):
    """A subject as the ballot shows and casts it: what the page, its review and casting read
    of a subject. Not changed by anyone once made: kept per process and shared by requests
    (decision 338), as the election's candidates are (decision 312)."""

    pk: int
    name: str
    post: str
    is_team: bool
    order: int


class BallotCriterion(NamedTuple):
    """A criterion as the ballot shows and casts it (see `BallotSubject`)."""

    pk: int
    name: str
    order: int


# The evaluations' ballot parts in their order, made once per process from what the statement
# read (decision 338): {the subjects and criteria as read (JSON text): (subjects, criteria)}.
# Kept under what they are made of, compared whole (ids, names, posts, orders), so a renamed or
# reordered part is made again; nothing of any voter's.
_parts: dict = kept_store()
PARTS_KEPT = 64  # evaluations a process keeps; more, and it starts again


@lru_cache(maxsize=16)  # the menu's statement is built again each day
def _standing_sql(parts: bool = False, menu: str | None = None) -> str:
    """The evaluation (past its draft) with its session and the user's standing in it, if the
    user is a delegate of the session's term, and with `parts` its subjects and criteria as a
    JSON list, and with `menu` (the signed-in menu's statement, `roles.menu_statement`) its
    columns after all of those (NULL when it finds nothing): built once per process (and
    day, as the menu's statement is)."""
    evaluation_cols, session_cols = columns(Evaluation, "e"), columns(Session, "s")
    receipt = (
        f"SELECT 1 FROM {table(Receipt)} r WHERE r.evaluation_id = e.id AND r.delegate_id = me.id"
    )
    entitled = (
        f"SELECT 1 FROM {table(Entitlement)} n"
        " WHERE n.evaluation_id = e.id AND n.delegate_id = me.id"
    )
    sql = (
        fenced("me", _mine_sql()) + f"SELECT {evaluation_cols}, {session_cols}, EXISTS({entitled}),"
        f" EXISTS({receipt} AND NOT r.on_paper), EXISTS({receipt} AND r.on_paper)"
        + (f", ({_parts_json_sql()})" if parts else "")
        + f" FROM {table(Evaluation)} e JOIN {table(Session)} s ON s.id = e.session_id"
        " JOIN me ON me.term_id = s.term_id WHERE e.id = %s AND e.status <> %s"
    )
    if menu is not None:
        sql = f"SELECT q.*, m.* FROM ({sql}) q LEFT JOIN ({menu}) m ON TRUE"
    return sql


def _mine_sql(key: str = "user") -> str:
    """The user's delegate records (one a term at most: a unique constraint), by account
    (`key` "user"), or the delegate's by id ("pk"): fenced, so that they are found by that
    key's index, and the term is checked on the one or few rows found."""
    found = {"user": "d.user_id = %s", "pk": "d.id = %s"}[key]
    return f"SELECT d.id, d.term_id FROM {table(Delegate)} d WHERE {found}"


def _parts_json_sql() -> str:
    """The evaluation's (`e`) subjects and criteria as one JSON list of [kind (0 a subject,
    1 a criterion), id, name, post, is a team, order], in no particular order, as text (the
    key `_parts` keeps the parts under: decoded only when not kept)."""
    order = connection.ops.quote_name("order")
    rows = (
        f"SELECT 0 AS kind, id, name, post, is_team, {order} AS ord FROM {table(Subject)}"
        f" WHERE evaluation_id = e.id UNION ALL SELECT 1, id, name, '', FALSE, {order}"
        f" FROM {table(Criterion)} WHERE evaluation_id = e.id"
    )
    listed = "p.kind, p.id, p.name, p.post, p.is_team, p.ord"
    if connection.vendor == "postgresql":
        return f"SELECT json_agg(json_build_array({listed}))::text FROM ({rows}) p"
    return f"SELECT json_group_array(json_array({listed})) FROM ({rows}) p"


def evaluation_with_standing(user_id: int, pk: int) -> tuple[Evaluation, dict] | None:
    """(the evaluation with its session, {"entitled", "voted" (online), "on_paper"}) for an
    evaluation past its draft whose session's term the user is a delegate of; None otherwise.
    One statement."""
    found = _standing_read(user_id, pk, parts=False)
    return None if found is None else found[:2]


def ballot_with_standing(user_id: int, pk: int, menu=None):
    """`evaluation_with_standing`'s answer with, third, the evaluation's (subjects, criteria)
    in their order (the order field, then the id), as the tuples of `BallotSubject` and
    `BallotCriterion` kept per process (decision 338); None as it. One statement, not two:
    the ballot page and its POST need both (decision 215). `menu`: (statement, values, width)
    of the signed-in menu (`roles.menu_statement`), read in the same statement for a page that
    shows it (decision 266); its columns come fourth."""
    return _standing_read(user_id, pk, parts=True, menu=menu)


def _standing_read(user_id: int, pk: int, *, parts: bool, menu=None):
    params = [user_id, pk, Evaluation.Status.DRAFT]
    menu_sql, menu_row = None, ()
    if menu is not None:
        menu_sql, menu_values, menu_width = menu
        params += menu_values
    with connection.cursor() as cursor:
        execute(cursor, _standing_sql(parts, menu_sql), params)
        row = cursor.fetchone()
    if row is None:
        return None
    if menu is not None:
        row, menu_row = row[:-menu_width], row[-menu_width:]
    evaluation = instance(Evaluation, row)
    evaluation.session = instance(Session, row, width(Evaluation))
    flags = row[-4:-1] if parts else row[-3:]
    entitled, voted, on_paper = (bool(flag) for flag in flags)
    status = {"entitled": entitled, "voted": voted, "on_paper": on_paper}
    if not parts:
        return evaluation, status, None
    made = kept(_parts, row[-1], lambda: _parts_made(row[-1]), PARTS_KEPT)
    return (evaluation, status, made, menu_row) if menu is not None else (evaluation, status, made)


def _parts_made(listed: str | None) -> tuple[tuple[BallotSubject, ...], tuple]:
    """(subjects, criteria) in their order (the order field, then the id) from the JSON text
    of rows (kind, id, name, post, is a team, order)."""
    rows = sorted(json.loads(listed) if listed else [], key=lambda p: (p[0], p[5], p[1]))
    subjects = tuple(
        BallotSubject(pk, name, post, bool(is_team), order)
        for kind, pk, name, post, is_team, order in rows
        if kind == 0
    )
    criteria = tuple(
        BallotCriterion(pk, name, order) for kind, pk, name, _p, _t, order in rows if kind == 1
    )
    return subjects, criteria


@cache
def _voter_sql() -> dict[str, str]:
    """The term's delegate (given by account or by id) with `admitted` (entitled and active on
    the day), entitled, and the status: `secret_ballot_enter`'s voter statement, its first
    two columns named as that asks. The delegate is read first, by account or id
    (`_mine_sql`)."""
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
        " FROM me d WHERE d.term_id = %s ORDER BY d.id LIMIT 1"
    )
    outer = "SELECT v.delegate_id, v.entitled AND v.status = %s AS admitted, v.entitled, v.status"
    return {
        key: fenced("me", _mine_sql(key)) + f"{outer} FROM ({select}) v" for key in ("user", "pk")
    }


def voter_statement(
    evaluation_id: int, term_id: int, day: datetime.date, **delegate
) -> tuple[str, list]:
    """(statement, values) reading the term's delegate given as `user=` (an account) or `pk=`:
    one row (delegate id, admitted, entitled to vote in the evaluation, qualification status
    on `day`), or none when the term has no such delegate."""
    ((key, value),) = delegate.items()
    params = [Delegate.Status.ACTIVE, evaluation_id, day.isoformat(), term_id]
    return _voter_sql()[key], [getattr(value, "pk", value), *params]


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
