"""A line of an online secret ballot as its page shows it, shared by the evaluation's ballot
(`evaluations.forms.BallotForm`) and the election's (`sessions.election_forms.
ElectionBallotForm`): both are plain classes that read the POST directly, not Django forms
(decisions 190 and 247)."""

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
