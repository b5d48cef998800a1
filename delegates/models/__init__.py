from .activities import Activity, ActivityParticipation, ReceptionRule
from .attendees import NonVotingAttendee
from .briefings import Briefing, BriefingRead
from .contacts import CommitteeMember, Contact, ContactAssignment
from .imports import RosterImport
from .permissions import DelegationGroupObjectPermission, DelegationUserObjectPermission
from .personal_data import PersonalDataRules, PersonalDetailsRemoval
from .qualification import QualificationEvent
from .recognition import Assessment, Award
from .roster import Delegate, Delegation, ElectoralUnit, Term
from .solicitations import (
    QuestionAnswer,
    Solicitation,
    SolicitationQuestion,
    SolicitationReminder,
    SolicitationResponse,
)

__all__ = [
    "Activity",
    "ActivityParticipation",
    "Assessment",
    "Award",
    "Briefing",
    "BriefingRead",
    "CommitteeMember",
    "Contact",
    "ContactAssignment",
    "Delegate",
    "Delegation",
    "DelegationGroupObjectPermission",
    "DelegationUserObjectPermission",
    "ElectoralUnit",
    "NonVotingAttendee",
    "PersonalDataRules",
    "PersonalDetailsRemoval",
    "QualificationEvent",
    "QuestionAnswer",
    "ReceptionRule",
    "RosterImport",
    "Solicitation",
    "SolicitationQuestion",
    "SolicitationReminder",
    "SolicitationResponse",
    "Term",
]
