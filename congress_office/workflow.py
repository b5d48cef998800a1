"""Statuses and the steps between them, as data (after django-oscar's order pipeline).

Each app states its object's workflow once, as a `Workflow` of `Step`s: from which statuses a
step may be taken and which statuses it may lead to. The services check every step against
it before writing anything, and the pages and the admin ask the same table what to offer, so
"may this be done now?" has one answer in one place."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class Step:
    """One thing that can be done to an object: `name` is an enum member (a timeline action,
    or an edit that records none), `sources` the statuses it may be taken from, `targets` the
    statuses it may leave the object in (none: the status stays), `by` who may take it (the
    app checks the person). `refusal`, when given, replaces the workflow's message for this
    step; it is formatted with %(status)s."""

    name: str
    sources: frozenset
    targets: frozenset
    verb: str | Promise = ""
    refusal: str | Promise = ""
    by: str = ""  # who takes the step: the app's own word for a kind of person


def step(name, sources: Iterable, targets: Iterable = (), *, verb="", refusal="", by="") -> Step:
    return Step(name, frozenset(sources), frozenset(targets), verb, refusal, by)


class Workflow:
    """The steps of one kind of object. `refusal` is the message a step taken in the wrong
    status gets, formatted with %(status)s (the status's label) and %(action)s (the verb)."""

    def __init__(self, statuses: type[models.TextChoices], steps: Iterable[Step], refusal):
        self.statuses = statuses
        self.steps = {s.name: s for s in steps}
        self.refusal = refusal
        for s in self.steps.values():
            unknown = (s.sources | s.targets) - set(statuses.values)
            if unknown:
                raise ValueError(f"{s.name}: unknown statuses {sorted(unknown)}")

    def allows(self, status: str, name: str) -> bool:
        return status in self.steps[name].sources

    def available(self, status: str) -> list[str]:
        """The steps that may be taken from `status`, in the table's order."""
        return [name for name, s in self.steps.items() if status in s.sources]

    def require(self, status: str, name: str) -> None:
        """Refuse, in the user's language, a step the status does not allow."""
        s = self.steps[name]
        if status in s.sources:
            return
        label = self.statuses(status).label
        if s.refusal:
            raise ValidationError(s.refusal % {"status": label})
        raise ValidationError(self.refusal % {"status": label, "action": s.verb})

    def check_target(self, name: str, status_before: str, status_after: str) -> None:
        """A service moving an object where its step does not lead is a programming error."""
        s = self.steps[name]
        expected = s.targets or {status_before}
        if status_after not in expected:
            raise ValueError(f"{name} leads to {sorted(expected)}, not {status_after!r}")

    def moves(self) -> list[tuple[str, str, str]]:
        """Every (from, step, to) the table allows, for tests and documentation."""
        return [
            (source, name, target)
            for name, s in self.steps.items()
            for source in sorted(s.sources)
            for target in sorted(s.targets or {source})
        ]
