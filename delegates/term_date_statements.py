"""Statements about a term on a date written once per process (decision 382).

The term's structure page counts the term's delegates on a date in one statement built by the
ORM (decisions 251, 309) and asks first whether a change takes effect after the date: the
ORM's writing of the two (annotations, a subquery, grouping sets around them; a join and an
EXISTS) cost more of the page's CPU than PostgreSQL spent planning and running them. Their
text depends on what is asked (the active delegates or the seat holders; from the record or
from the history), never on the term or the date, which are only values: a statement is
written twice, for two stand-in terms on two dates, and kept when the two writings differ only
where a value of the term or the date stands (`slots`: the term's id, the date, the days the
age bands start from), each place holding that value in both; the caller runs it with the
request's values in those places (the count prepared, `plain_sql.execute`; whether a change
comes after the date as it is: see `selectors.changes_after`). Anything else (a value
matching no slot, two slots alike, a text that differs) and the statement is written by the
ORM each time, as before."""

import datetime
from collections.abc import Callable

from congress_office.written_once import STAND_INS

# Two dates no request asks about, apart in year, month, day and weekday: a value of a date
# that is not a slot (its day, say) differs between the two writings, and refuses the keeping.
STAND_IN_DATES = (datetime.date(1901, 1, 15), datetime.date(1902, 6, 20))

_kept: dict = {}  # {key: (sql, params written, {place: slot name}) or None}


def statement(
    key, write: Callable, slots: Callable, term_id: int, on_date: datetime.date
) -> tuple[str, list]:
    """(sql, params) of `write(term_id, on_date)` (its own (sql, params)): written once for
    `key` (everything but the term and the date the text depends on), with the values of
    `slots(term_id, on_date)` ({name: value}) in their places."""
    if key not in _kept:
        _kept[key] = _written(write, slots)
    kept = _kept[key]
    if kept is None:
        return write(term_id, on_date)
    sql, params, places = kept
    values = slots(term_id, on_date)
    params = list(params)
    for place, name in places.items():
        params[place] = values[name]
    return sql, params


def _written(write: Callable, slots: Callable):
    stand_ins = list(zip(STAND_INS, STAND_IN_DATES, strict=True))
    (sql, params), (other_sql, other_params) = (write(*pair) for pair in stand_ins)
    first, second = (slots(*pair) for pair in stand_ins)
    if sql != other_sql or len(params) != len(other_params) or "%%" in sql:
        return None
    names = list(first)
    if len({first[name] for name in names}) < len(names) or set(first.values()) & set(
        second.values()
    ):
        return None  # two slots alike: a place could not tell which it holds
    places = {}
    for place, (one, other) in enumerate(zip(params, other_params, strict=True)):
        named = [name for name in names if first[name] == one]
        if one == other and not named:
            continue  # a fixed value
        if len(named) != 1 or second[named[0]] != other:
            return None
        places[place] = named[0]
    return sql, list(params), places
