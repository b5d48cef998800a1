"""A list filter's choices (each row's key and label) kept per process, keyed by the rows read
(decision 448): the same choices, never another table's state.

The filters by a related row (terms, categories, the first sessions and handling units, the
delegations) read their rows by a statement written once, then made an instance of each row
and its label on every request: on the items' list most of the sidebar's reading (decision 411).
Here the rows are still read on every request, as the database gives them, and are the key of
the choices kept, as `kept_select_rows` keys a select's markup: a row added, renamed or removed
is another key, shown at once. The language and time zone are in the key too (a label may be
translated or show a date). Nothing is kept when a label read the database while it was made
(a label that is a related row's: that row is not in the key)."""

from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from congress_office.kept_select_rows import QueriesSeen
from congress_office.kept_text import keep, kept_store

KEEP = True  # Off: every label made from its instance on every request (the tests compare)
AT_MOST = 256  # kept choices: a few filters' rows by language, rows and limit

_choices = kept_store()


class Choice:
    """A row as a filter's choices read it: its key and its label (`str`)."""

    __slots__ = ("label", "pk")

    def __init__(self, pk, label: str):
        self.pk = pk
        self.label = label

    def __str__(self) -> str:
        return self.label


def choices_of(shape, rows, make) -> list[Choice]:
    """The choices of the instances `make()` makes of `rows` (the rows as read, each a tuple
    or list of its columns), kept by `shape` (what the statement read: model, order, limit)
    and the rows themselves."""
    key = None
    if KEEP:
        try:
            key = (
                shape,
                get_language(),
                timezone.get_current_timezone_name(),
                tuple(map(tuple, rows)),
            )
            found = _choices.get(key)
        except TypeError:  # a column's value that cannot be a key
            key = found = None
        if found is not None:
            return found
    seen = QueriesSeen()
    with connection.execute_wrapper(seen):
        made = [Choice(row.pk, str(row)) for row in make()]
    if key is not None and not seen.any:
        keep(_choices, key, made, AT_MOST)
    return made
