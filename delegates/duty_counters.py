"""Figures that higher apps add to a delegate's duties record (proposals filed, ...) without
this app importing them: each registers a label and the rows it counts in AppConfig.ready.

The figures are counted in one statement (`count_each`'s: one scalar subquery each), its SQL
written once a year per process and database for a stand-in delegate id and run with the
delegate's id in the stand-in's places (`congress_office.stand_ins`, decision 284): the ORM
took longer to write the five counts than the database to answer them."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.utils import timezone

from congress_office.desk import counts_statement
from congress_office.stand_ins import stand_in_places, with_id


@dataclass(frozen=True)
class DutyCounter:
    key: str
    # The figure's words for a number, in the language active when read (an `ngettext`):
    # "1 briefing read", "2 briefings read".
    label: Callable[[int], str]
    # (delegate, year) -> the queryset of the rows counted, depending on the delegate through
    # their id alone (the statement is reused for every delegate).
    rows: Callable


_counters: dict[str, DutyCounter] = {}

STAND_INS = (-730_101, -730_102)  # ids no delegate has
_built: dict = {}  # {(database, year, time zone, counters): (sql, params, places) or None}


def register_duty_counter(*, key: str, label, rows: Callable) -> None:
    _counters[key] = DutyCounter(key, label, rows)


def duty_counts(delegate, year: int, using: str = "default") -> list[tuple[str, int]]:
    """(label, figure) for every registered counter; one query for all of them."""
    counters = list(_counters.values())
    if not counters:
        return []
    statement = _statement(counters, year, using)
    if statement is None:  # written for this delegate
        sql, params, _names = _counts_for(counters, delegate.pk, year)
    else:
        sql, params, places = statement
        params = with_id(params, places, delegate.pk)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        figures = cursor.fetchone()
    return [(c.label(figure), figure) for c, figure in zip(counters, figures, strict=True)]


def _counts_for(counters, delegate_id: int, year: int) -> tuple[str, list, list[str]]:
    from .models import Delegate

    delegate = Delegate(pk=delegate_id)
    return counts_statement({c.key: c.rows(delegate, year) for c in counters})


def _statement(counters, year: int, using: str):
    """(sql, params, the stand-in's places) for the year, or None when it cannot be reused."""
    key = (using, year, timezone.get_current_timezone_name(), tuple(c.key for c in counters))
    if key not in _built:
        first, second = (_counts_for(counters, pk, year)[:2] for pk in STAND_INS)
        places = stand_in_places(first, second, STAND_INS)
        if len(_built) >= 16:  # a few years and zones at most
            _built.clear()
        _built[key] = None if places is None else (first[0], list(first[1]), places)
    return _built[key]
