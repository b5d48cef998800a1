"""An election's online ballot reads that every ballot request runs, as plain SQL (as
evaluations/ballot_reads.py does for an evaluation's, decision 189): the round with where the
user stands in it, and the voter's check when casting. Each answers what the ORM query of
election_rounds.py answered; the tests compare them (tests/sessions/test_election_reads.py)."""

import datetime
import json
from functools import cache, lru_cache
from typing import NamedTuple

from django.db import connection

from congress_office.kept_text import kept
from congress_office.plain_sql import columns, execute, fenced, instance, table, width
from delegates.models import Delegate, QualificationEvent

from .elections import print_order
from .models import (
    Attendance,
    Candidate,
    Election,
    ElectionReceipt,
    ElectionRound,
    Session,
    Sitting,
)

MODELS = (ElectionRound, Election, Session, Sitting)  # the round and what its pages show


class BallotCandidate(NamedTuple):
    """A candidate as the ballot shows and casts them: what the page, its review and casting
    read of a candidate (their id, name, and the office's order, which decides the print
    order). Not changed by anyone once made: kept per process and shared by requests."""

    pk: int
    name: str
    order: int | None


# The rounds' ballots in print order, made once per process from what the statement read
# (decision 312): {the election's formal list as read (JSON text): the round's candidates}.
# Kept under what they are made of, compared whole (ids, names, orders, who is on the round's
# ballot), so a renamed or reordered list is made again; nothing of any voter's.
_ballots: dict = {}
BALLOTS_KEPT = 64  # rounds a process keeps; more, and it starts again


@lru_cache(maxsize=16)  # the menu's statement is built again each day
def _standing_sql(candidates: bool = False, menu: str | None = None) -> str:
    """The round, its election, session and sitting, and the user's standing in it (checked
    in at its sitting, voted online, took paper), if the user is a delegate of the session's
    term; with `candidates` the election's formal list as JSON text; with `menu` (the
    signed-in menu's statement, `roles.menu_statement`) its columns after all of those (NULL
    when it finds nothing), as the evaluation's ballot reads it (decision 266). Built once
    per process (and day, as the menu's statement is)."""
    receipt = (
        f"SELECT 1 FROM {table(ElectionReceipt)} x"
        " WHERE x.round_id = r.id AND x.delegate_id = me.id"
    )
    checked_in = (
        f"SELECT 1 FROM {table(Attendance)} a"
        " WHERE a.sitting_id = r.sitting_id AND a.status = %s AND a.delegate_id = me.id"
    )
    selected = ", ".join(columns(model, alias) for model, alias in zip(MODELS, "rest", strict=True))
    sql = (
        fenced("me", _mine_sql())
        + f"SELECT {selected}, EXISTS({checked_in}), EXISTS({receipt} AND NOT x.on_paper),"
        f" EXISTS({receipt} AND x.on_paper)"
        + (f", ({_candidates_json_sql()})" if candidates else "")
        + f" FROM {table(ElectionRound)} r JOIN {table(Election)} e ON e.id = r.election_id"
        f" JOIN {table(Session)} s ON s.id = e.session_id"
        f" JOIN {table(Sitting)} t ON t.id = r.sitting_id"
        " JOIN me ON me.term_id = s.term_id WHERE r.id = %s"
    )
    if menu is not None:
        sql = f"SELECT q.*, m.* FROM ({sql}) q LEFT JOIN ({menu}) m ON TRUE"
    return sql


def _mine_sql() -> str:
    """The user's delegate records (one a term at most: a unique constraint), by account:
    fenced, so that they are found by the index on the account, and the term is checked on
    the one or few rows found (`congress_office.plain_sql.fenced`)."""
    return f"SELECT d.id, d.term_id FROM {table(Delegate)} d WHERE d.user_id = %s"


def _candidates_json_sql() -> str:
    """The round's (`r`) election's formal list as one JSON list of [id, name, order, on the
    round's ballot], in no particular order, as text (the key `_ballots` keeps the ballot
    under: decoded only when not kept): the print order is the whole list's (decided by
    whether the office set an order for every candidate on it)."""
    through = ElectionRound.candidates.through
    on_ballot = (
        f"EXISTS(SELECT 1 FROM {table(through)} m"
        " WHERE m.electionround_id = r.id AND m.candidate_id = c.id)"
    )
    listed = f'c.id, c.name, c."order", {on_ballot}'
    aggregate = (
        f"json_agg(json_build_array({listed}))::text"
        if connection.vendor == "postgresql"
        else f"json_group_array(json_array({listed}))"
    )
    return (
        f"SELECT {aggregate} FROM {table(Candidate)} c"
        " WHERE c.election_id = r.election_id AND c.formal"
    )


def round_with_standing(user_id: int, pk: int) -> tuple[ElectionRound, dict] | None:
    """(the round with its election, session and sitting, {"checked_in", "voted" (online),
    "on_paper"}) if the user is a delegate of the round's term; None otherwise. One
    statement."""
    found = _standing_read(user_id, pk, candidates=False)
    return None if found is None else found[:2]


def ballot_with_standing(user_id: int, pk: int, menu=None):
    """`round_with_standing`'s answer with, third, the round's candidates in print order (as
    `election_rounds.round_ballot_candidates`, their id, name and order: `BallotCandidate`s);
    None as it. One statement, not two: the ballot page and its POST need both (decision
    249). `menu`: (statement, values, width) of the signed-in menu (`roles.menu_statement`),
    read in the same statement for a page that shows it (decision 312, as decision 266 for
    the evaluation's); its columns come fourth."""
    return _standing_read(user_id, pk, candidates=True, menu=menu)


def _standing_read(user_id: int, pk: int, *, candidates: bool, menu=None):
    params = [user_id, Attendance.Status.PRESENT, pk]
    menu_sql, menu_row = None, ()
    if menu is not None:
        menu_sql, menu_values, menu_width = menu
        params += menu_values
    with connection.cursor() as cursor:
        execute(cursor, _standing_sql(candidates, menu_sql), params)
        row = cursor.fetchone()
    if row is None:
        return None
    if menu is not None:
        row, menu_row = row[:-menu_width], row[-menu_width:]
    listed = row[-1] if candidates else None
    row = row[:-1] if candidates else row
    start, read = 0, []
    for model in MODELS:
        read.append(instance(model, row, start))
        start += width(model)
    election_round, election, session, sitting = read
    election.session, election_round.election, election_round.sitting = session, election, sitting
    checked_in, voted, on_paper = (bool(flag) for flag in row[-3:])
    status = {"checked_in": checked_in, "voted": voted, "on_paper": on_paper}
    if not candidates:
        return election_round, status, None
    found = (election_round, status, _candidates_made(listed))
    return (*found, menu_row) if menu is not None else found


def _candidates_made(listed: str | None) -> tuple[BallotCandidate, ...]:
    """The round's candidates in print order, from the election's whole formal list as read
    (JSON text of rows [id, name, order, on the ballot]): made once per process for each list
    as read, then kept (`_ballots`). The same for every voter of the round."""
    return kept(_ballots, listed, lambda: _candidates_in_order(listed), BALLOTS_KEPT)


def _candidates_in_order(listed: str | None) -> tuple[BallotCandidate, ...]:
    formal, on_ballot = [], set()
    # By id, as candidates_in_print_order reads them.
    for pk, name, order, on in sorted(json.loads(listed) if listed else []):
        formal.append(BallotCandidate(pk, name, order))
        if on:
            on_ballot.add(pk)
    return tuple(c for c in print_order(formal) if c.pk in on_ballot)


@cache
def _voter_sql() -> str:
    """The user's delegate in the term if active on the day and checked in at the sitting,
    with `admitted` (always true: a delegate who may not vote is no row), as
    `secret_ballot_enter` reads a voter."""
    latest = (
        f"SELECT q.status_after FROM {table(QualificationEvent)} q"
        " WHERE q.delegate_id = d.id AND q.effective_date <= %s"
        " ORDER BY q.effective_date DESC, q.id DESC LIMIT 1"
    )
    checked_in = (
        f"SELECT 1 FROM {table(Attendance)} a"
        " WHERE a.sitting_id = %s AND a.delegate_id = d.id AND a.status = %s"
    )
    return (
        fenced("me", _mine_sql())
        + "SELECT d.id AS delegate_id, TRUE AS admitted FROM me d WHERE d.term_id = %s"
        f" AND ({latest}) = %s AND EXISTS({checked_in}) ORDER BY d.id LIMIT 1"
    )


def voter_statement(sitting_id: int, term_id: int, user_id: int, day: datetime.date):
    """(statement, values) giving one row (the id of the user's delegate record in the term,
    true) if it is active on `day` and checked in at the sitting; none otherwise."""
    params = [user_id, term_id, day.isoformat(), Delegate.Status.ACTIVE]
    return _voter_sql(), [*params, sitting_id, Attendance.Status.PRESENT]


def checked_in_voter(sitting_id: int, term_id: int, user_id: int, day: datetime.date):
    """The id of the user's delegate record in the term if it is active on `day` and checked
    in at the sitting; None otherwise. One statement: `voter_statement`'s, which casting runs
    inside its own."""
    with connection.cursor() as cursor:
        execute(cursor, *voter_statement(sitting_id, term_id, user_id, day))
        row = cursor.fetchone()
    return None if row is None else row[0]
