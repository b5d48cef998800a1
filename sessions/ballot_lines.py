"""A line of an online secret ballot as its page shows it, shared by the evaluation's ballot
(`evaluations.forms.BallotForm`) and the election's (`sessions.election_forms.
ElectionBallotForm`): both are plain classes that read the POST directly, not Django forms
(decisions 190 and 247)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class BallotLine:
    """One line of the ballot as the template shows it: its radios' name, the choice made
    (what was sent, "" for none), the choices offered, and why what was sent is refused."""

    html_name: str
    value: str
    choices: list
    errors: tuple = ()
