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

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections
from django.db.models import Exists
from django.utils import timezone

from .plain_sql import execute
from .stand_ins import stand_in_places, with_id

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
        places = stand_in_places(first, second, STAND_INS)
        _built.clear()  # only today's is kept
        _built[key] = None if places is None else (first[0], list(first[1]), places)
    return _built[key]


def duty_flags(duties, user, using: str = "default") -> tuple | None:
    """One flag per duty (truthy: the duty has work for the user now), or None when the user
    has no row. One query."""
    statement = _statement(duties, using)
    if statement is None:
        return _query(duties, user).first()
    sql, params, places = statement
    with connections[using].cursor() as cursor:
        cursor.execute(sql, with_id(params, places, user.pk))
        return cursor.fetchone()


def menu_flags(duties, user, role_names, using: str = "default") -> tuple | None:
    """(one flag per name of `role_names`: the user is in that group; how many of their
    notifications are unread; one flag per duty, as `duty_flags`) in one statement, what every
    signed-in page's menu shows: three statements built by the ORM before, whose building cost
    the server more than running them (decision 216). None when the duties' statement cannot
    be reused (the caller then asks each apart) or the user has no row."""
    statement = menu_statement(duties, user, role_names, using)
    if statement is None:
        return None
    menu_sql, values = statement
    with connections[using].cursor() as cursor:
        if using == "default" and "%%" not in menu_sql:  # PREPARE takes no escaped "%"
            execute(cursor, menu_sql, values)  # prepared once per connection on PostgreSQL
        else:
            cursor.execute(menu_sql, values)
        row = cursor.fetchone()
    return None if row is None else menu_row(row, duties, role_names)


def menu_statement(duties, user, role_names, using: str = "default") -> tuple[str, list] | None:
    """(`menu_flags`'s statement, its values): one row of the roles' flags, the unread count
    and the duties' flags, which a page may also read inside a statement of its own (decision
    266). None when the duties' statement cannot be reused."""
    statement = _statement(duties, using) if duties else ("SELECT 1", [], [])
    if statement is None:
        return None
    sql, params, places = statement
    params = with_id(params, places, user.pk)
    values = [v for name in role_names for v in (user.pk, name)] + [user.pk, *params]
    return _menu_sql(sql, len(role_names), using), values


def menu_width(duties, role_names) -> int:
    """How many columns `menu_statement`'s row has."""
    return len(role_names) + 1 + (len(duties) if duties else 1)


def menu_row(row, duties, role_names) -> tuple:
    """`menu_flags`'s answer from `menu_statement`'s row."""
    roles, rest = row[: len(role_names)], row[len(role_names) :]
    flags = tuple(rest[1:]) if duties else ()
    return tuple(bool(flag) for flag in roles), rest[0], flags


@cache
def _menu_sql(duties_sql: str, roles: int, using: str) -> str:
    from congress_office.models import Notification

    User = get_user_model()
    quote = connections[using].ops.quote_name
    through = User.groups.through
    group = (
        f"SELECT 1 FROM {quote(through._meta.db_table)} ug"
        f" JOIN {quote(Group._meta.db_table)} g ON g.id = ug.group_id"
        " WHERE ug.user_id = %s AND g.name = %s"
    )
    unread = (
        f"SELECT COUNT(*) FROM {quote(Notification._meta.db_table)} n"
        " WHERE n.user_id = %s AND n.read_at IS NULL"
    )
    held = "".join(f"EXISTS({group}), " for _ in range(roles))
    return f"SELECT {held}({unread}), duties.* FROM ({duties_sql}) duties"
