from .handling import SEEN_BY_DELEGATES, Assignment, Consultation, Feedback, ReminderDelivery, Reply
from .items import CoSignature, Proposal, ProposalAttachment, ProposalEvent
from .rules import ConsultationRule, ProposalCategory, ProposalRules
from .tally import TALLY_COUNTS, HandlingTally
from .units import (
    HandlingUnit,
    HandlingUnitGroupObjectPermission,
    HandlingUnitUserObjectPermission,
)

__all__ = [
    "Assignment",
    "Consultation",
    "ConsultationRule",
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
    "SEEN_BY_DELEGATES",
    "TALLY_COUNTS",
]
