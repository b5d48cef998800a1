"""The handling facts that queues read, worked out from an item's status, its round and its
assignments: which assignments need their units' work (`Assignment.is_open`), the lead unit's
deadline while the item is being handled (`Proposal.lead_deadline`, and the day it reads "due
soon", `lead_amber_on`) and the first round's lead unit (`Proposal.lead_unit`). A pure
function over plain values, so that the services (one item, from its rows) and the large
office (thousands of items, in memory, devdata/) decide them the same way."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .models import Assignment, Proposal
from .workflow import HANDLED

LEAD = Assignment.Role.LEAD


class AssignmentRow(NamedTuple):
    """What the facts need of one assignment."""

    role: str
    round: int
    sent_back: bool
    deadline: datetime.date
    unit_id: int
    amber_on: datetime.date | None = None  # the day it reads "due soon" (proposals.deadlines)


@dataclass(frozen=True)
class HandlingFacts:
    # For each assignment, in the order given: does it need its unit's work?
    is_open: tuple[bool, ...]
    lead_deadline: datetime.date | None
    lead_amber_on: datetime.date | None
    lead_unit_id: int | None


def handling_facts(
    *, status: str, round: int, assignments: Sequence[AssignmentRow]
) -> HandlingFacts:
    """The current round's assignments not sent back are open while the item is handled or
    tracked; its lead's deadline is the item's while it is with the units (assigned). The lead
    unit is the first round's lead not sent back: the unit the statistics count the item for,
    whatever later rounds do."""
    handled = status in HANDLED
    current = [a.round == round and not a.sent_back for a in assignments]
    lead = next(
        (a for a, now in zip(assignments, current, strict=True) if now and a.role == LEAD), None
    )
    first_lead = next(
        (a for a in assignments if a.round == 1 and not a.sent_back and a.role == LEAD), None
    )
    with_the_units = lead and status == Proposal.Status.ASSIGNED
    return HandlingFacts(
        is_open=tuple(handled and now for now in current),
        lead_deadline=lead.deadline if with_the_units else None,
        lead_amber_on=lead.amber_on if with_the_units else None,
        lead_unit_id=first_lead.unit_id if first_lead else None,
    )
