"""Statements over lists of keys (`field__in=keys`) written once per process: the statement is
written for one-key lists of stand-in keys, twice (`written_once`'s check: the two writings
differ in those keys' places alone, decision 184), and each `IN (%s)` is widened to as many
placeholders as its list has keys: the text the ORM writes for those keys (it drops repeated
keys, in their order). For the deletion page's collector (decision 344): its statements,
built and written anew on every request, a query a relation, cost more than the database's
answering them. Run as written, not prepared: the text changes with the number of keys. A
statement that cannot be written that way is written by the ORM on every call."""

from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from .page_instances import plain_instances
from .written_once import STAND_INS, _kept, _write

# List n's stand-in key in the two writings: STAND_INS[0] - n * APART and STAND_INS[1] - ...
APART = 10
_kept_statements: dict = {}  # {(key, time zone): (_Widened, what `write` returned else), or None}


class _Widened:
    """A statement's text around its lists' placeholders, and its values."""

    def __init__(self, pieces: list[str], places: list[tuple[int, int]], params: list):
        self.pieces = pieces  # the text before each list's placeholder, and after the last
        self.places = places  # [(the value's place, its list)], in the text's order
        self.params = params

    def written(self, lists: list[list]) -> tuple[str, list]:
        sql, params, done = [], [], 0
        for piece, (place, which) in zip(self.pieces[:-1], self.places, strict=True):
            keys = lists[which]
            sql += [piece, ", ".join(["%s"] * len(keys))]
            params += [*self.params[done:place], *keys]
            done = place + 1
        sql.append(self.pieces[-1])
        params += self.params[done:]
        return "".join(sql), params


def statement(key: str, write: Callable, lists: list[list]):
    """(sql, params, what else `write` returned) of `write(lists)` (which returns (sql, params,
    anything else), or None when there is no statement to run), each list of keys with its
    repeats dropped. `key` names the statement in this process (one key, one `write`)."""
    lists = [list(dict.fromkeys(keys)) for keys in lists]
    # The ORM writes an empty list as no statement at all; the stand-ins are whole numbers
    # (a key of another type, a UUID, would not take one).
    if all(lists) and all(type(key) is int for keys in lists for key in keys):
        kept_as = (key, timezone.get_current_timezone_name())  # as written_once keeps them
        kept = _kept_statements.get(kept_as, False)
        if kept is False:
            if len(_kept_statements) >= 256:  # a page's relations and kinds: never this many
                _kept_statements.clear()
            kept = _kept_statements[kept_as] = _widened(write, len(lists))
        if kept is not None:
            widened, other = kept
            return (*widened.written(lists), other)
    return write(lists)


def _widened(write: Callable, count: int):
    """(_Widened, what else `write` returned), or None when the statement cannot be kept."""
    first, second = (
        write([[stand_in - n * APART] for n in range(count)]) for stand_in in STAND_INS
    )
    if first is None or second is None:
        return None
    (sql, params, other), (other_sql, other_params, _) = first, second
    if sql != other_sql or len(params) != len(other_params) or "%%" in sql:
        return None
    places = []
    for place, (value, other_value) in enumerate(zip(params, other_params, strict=True)):
        if value == other_value:
            continue
        which, apart = divmod(STAND_INS[0] - value, APART) if type(value) is int else (-1, 1)
        if apart or not 0 <= which < count or other_value != STAND_INS[1] - which * APART:
            return None
        places.append((place, which))
    if {which for _place, which in places} != set(range(count)):
        return None
    # Each place's placeholder, the place-th "%s" of the text, must be a list's `IN (%s)`.
    at, found = -1, []
    for _ in params:
        at = sql.index("%s", at + 1)
        found.append(at)
    pieces, done = [], 0
    for place, _which in places:
        at = found[place]
        if sql[at - 4 : at] != "IN (" or sql[at + 2 : at + 3] != ")":
            return None
        pieces.append(sql[done:at])
        done = at + 2
    pieces.append(sql[done:])
    return _Widened(pieces, places, list(params)), other


def instances_in(key: str, build: Callable, keys: list, using: str) -> list:
    """The instances `build(keys)` reads (a queryset that depends on `keys` alone, through
    one or more `__in` lookups of that list), in its order."""
    if using != connection.alias:  # the kept writings are the default database's
        return list(build(keys))

    def write(lists):
        written = _write(build(lists[0]))
        if written is None:
            return None
        sql, params, compiler = written
        if (
            compiler.has_extra_select
            or compiler.annotation_col_map
            or compiler.klass_info is None
            or compiler.klass_info.get("related_klass_infos")
        ):
            return None  # rows made otherwise than `model.from_db` alone
        return sql, params, _kept(written, [])  # the columns' converters, fields' names

    written = statement(key, write, [keys])
    if written is None:
        return list(build(keys))
    sql, params, made = written
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if made.converters:
        rows = made.compiler.apply_converters(rows, made.converters)
    model = made.compiler.query.model
    values = [row[made.start : made.end] for row in rows]
    plain = plain_instances(model, made.init_list, values, using)
    if plain is not None:
        return plain
    return [model.from_db(using, made.init_list, row) for row in values]
