"""Whether each registered duty has work for a user now: the one query the menu runs on every
page (congress_office.roles.duty_navigation_for).

Building that query through the ORM (an Exists per duty, each with its subqueries) cost more
than everything else a trivial page does (docs/performance.md, session day), so its SQL is
built once a day per process and database, for a stand-in user id, and each page runs it with
the user's id in the stand-in's places (decision 184). Safe only for duties whose query depends
on the user through their id alone and on the time through the day alone: the SQL is built
twice, for two stand-in ids, and used only when the two differ in the stand-in's places and
nowhere else; a duty reading the clock (`timezone.now()`) or anything else that changes
between the two builds makes it fall back to building the query on each page."""

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Exists
from django.utils import timezone

STAND_INS = (-730_001, -730_002)  # ids no account has
_built: dict = {}  # {(database, day, duties): (sql, params, the stand-in's places) or None}


def _query(duties, user):
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list(*(Exists(duty.to_do(user)) for duty in duties))
    )


def _statement(duties, using: str):
    """(sql, params, places) for the day, or None when the query cannot be reused."""
    key = (using, timezone.localdate(), tuple(map(id, duties)))
    if key not in _built:
        User = get_user_model()
        first, second = (
            _query(duties, User(pk=pk)).query.get_compiler(using).as_sql() for pk in STAND_INS
        )
        (sql, params), (other_sql, other_params) = first, second
        places = [n for n, (a, b) in enumerate(zip(params, other_params, strict=True)) if a != b]
        reusable = (
            sql == other_sql
            and places
            and all(params[n] == STAND_INS[0] and other_params[n] == STAND_INS[1] for n in places)
        )
        _built.clear()  # only today's is kept
        _built[key] = (sql, list(params), places) if reusable else None
    return _built[key]


def duty_flags(duties, user, using: str = "default") -> tuple | None:
    """One flag per duty (truthy: the duty has work for the user now), or None when the user
    has no row. One query."""
    statement = _statement(duties, using)
    if statement is None:
        return _query(duties, user).first()
    sql, params, places = statement
    params = list(params)
    for n in places:
        params[n] = user.pk
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
