from .ballots import OnlineTallyShard, Receipt
from .evaluations import (
    Criterion,
    Entitlement,
    Evaluation,
    EvaluationGroupObjectPermission,
    EvaluationStatusChange,
    EvaluationUserObjectPermission,
    Subject,
)
from .paper import PaperCount, PaperRound
from .rules import EvaluationRules
from .scales import SCALE_RATINGS, Rating, Scale

__all__ = [
    "SCALE_RATINGS",
    "Criterion",
    "Entitlement",
    "Evaluation",
    "EvaluationGroupObjectPermission",
    "EvaluationRules",
    "EvaluationStatusChange",
    "EvaluationUserObjectPermission",
    "OnlineTallyShard",
    "PaperCount",
    "PaperRound",
    "Rating",
    "Receipt",
    "Scale",
    "Subject",
]
