from .agenda import AgendaDocument, AgendaItem, AgendaOutcomeChange
from .attendance import Attendance
from .bodies import Body, Membership
from .documents import SessionDocument
from .election_rounds import (
    BallotEntry,
    ElectionReceipt,
    ElectionRound,
    ElectionTallyShard,
    Mark,
    PaperTotal,
    RoundStatusChange,
)
from .elections import (
    Candidate,
    Election,
    ElectionGroupObjectPermission,
    ElectionRule,
    ElectionStatusChange,
    ElectionUserObjectPermission,
    Fills,
    Scrutineer,
)
from .rules import VotingRule
from .sessions import Committee, Session, SessionStatusChange, Sitting
from .votes import Resolution, ResolutionVersion, Vote, VoteStateChange

__all__ = [
    "BallotEntry",
    "AgendaDocument",
    "AgendaItem",
    "AgendaOutcomeChange",
    "Attendance",
    "Body",
    "Candidate",
    "Committee",
    "Election",
    "ElectionGroupObjectPermission",
    "ElectionUserObjectPermission",
    "ElectionReceipt",
    "ElectionRound",
    "ElectionRule",
    "ElectionStatusChange",
    "ElectionTallyShard",
    "Fills",
    "Mark",
    "Membership",
    "PaperTotal",
    "Resolution",
    "ResolutionVersion",
    "RoundStatusChange",
    "Scrutineer",
    "Session",
    "SessionDocument",
    "SessionStatusChange",
    "Sitting",
    "Vote",
    "VoteStateChange",
    "VotingRule",
]
