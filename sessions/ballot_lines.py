"""A line of an online secret ballot as its page shows it, shared by the evaluation's ballot
(`evaluations.forms.BallotForm`) and the election's (`sessions.election_forms.
ElectionBallotForm`): both are plain classes that read the POST directly, not Django forms
(decisions 190 and 247)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class BallotLine:
    """One line of the ballot as the template shows it: its radios' name, the choice made
    (what was sent, "" for none), the choices offered, and why what was sent is refused."""

    html_name: str
    value: str
    choices: list
    errors: tuple = ()


def sent(data, name: str) -> str:
    """`data.get(name) or ""`, the value a ballot's line was sent with ("" for none): a POST's
    QueryDict read as the dict of lists it is (its last value, as `get` gives), without
    `get`'s two calls for each of the ballot's lines (decision 305; 90 lines an evaluation's,
    one a candidate an election's)."""
    if type(data) is QueryDict:
        values = dict.get(data, name)
        return (values[-1] if values else None) or ""
    return data.get(name) or ""


def kept(store: dict, key, make: Callable, most: int = 64):
    """`store[key]`, made by `make()` the first time a process needs it: what every voter of a
    ballot is shown alike (its unbound lines, its candidates in print order), kept under what
    it is made of, compared whole. At most `most` kept; more, and the store starts again."""
    found = store.get(key)
    if found is None:
        found = make()
        if len(store) >= most:
            store.clear()
        store[key] = found
    return found
