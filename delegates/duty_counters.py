"""Figures that higher apps add to a delegate's duties record (proposals filed, ...) without
this app importing them: each registers a label and a counting function in AppConfig.ready."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DutyCounter:
    key: str
    label: object  # a lazy translation
    count: Callable  # (delegate, year) -> int


_counters: dict[str, DutyCounter] = {}


def register_duty_counter(*, key: str, label, count: Callable) -> None:
    _counters[key] = DutyCounter(key, label, count)


def duty_counts(delegate, year: int) -> list[tuple[str, int]]:
    """(label, figure) for every registered counter; one query each."""
    return [(str(c.label), c.count(delegate, year)) for c in _counters.values()]
