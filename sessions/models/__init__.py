from .agenda import AgendaDocument, AgendaItem, AgendaOutcomeChange
from .attendance import Attendance
from .documents import SessionDocument
from .rules import VotingRule
from .sessions import Committee, Session, SessionStatusChange, Sitting
from .votes import Resolution, ResolutionVersion, Vote, VoteStateChange

__all__ = [
    "AgendaDocument",
    "AgendaItem",
    "AgendaOutcomeChange",
    "Attendance",
    "Committee",
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
