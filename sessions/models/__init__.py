from .agenda import AgendaDocument, AgendaItem, AgendaOutcomeChange
from .attendance import Attendance
from .bodies import Body, Membership
from .documents import SessionDocument
from .rules import VotingRule
from .sessions import Committee, Session, SessionStatusChange, Sitting
from .votes import Resolution, ResolutionVersion, Vote, VoteStateChange

__all__ = [
    "AgendaDocument",
    "AgendaItem",
    "AgendaOutcomeChange",
    "Attendance",
    "Body",
    "Committee",
    "Membership",
    "Resolution",
    "ResolutionVersion",
    "Session",
    "SessionDocument",
    "SessionStatusChange",
    "Sitting",
    "Vote",
    "VoteStateChange",
    "VotingRule",
]
