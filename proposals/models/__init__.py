from .handling import Assignment, Feedback, ReminderDelivery, Reply
from .items import CoSignature, Proposal, ProposalAttachment, ProposalEvent
from .rules import ProposalCategory, ProposalRules
from .tally import TALLY_COUNTS, HandlingTally
from .units import (
    HandlingUnit,
    HandlingUnitGroupObjectPermission,
    HandlingUnitUserObjectPermission,
)

__all__ = [
    "Assignment",
    "CoSignature",
    "Feedback",
    "HandlingTally",
    "HandlingUnit",
    "HandlingUnitGroupObjectPermission",
    "HandlingUnitUserObjectPermission",
    "Proposal",
    "ProposalAttachment",
    "ProposalCategory",
    "ProposalEvent",
    "ProposalRules",
    "ReminderDelivery",
    "Reply",
    "TALLY_COUNTS",
]
