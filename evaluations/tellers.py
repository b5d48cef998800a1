"""Who enters an evaluation's paper counts: tellers hold the object permission
`tally_evaluation` on it, granted to users only, by `services.tellers_set`. Read straight
from the evaluation's permission table, as units' staff are: no group or global permission is
ever consulted."""

from django.urls import reverse
from django.utils.translation import gettext

from congress_office import object_permissions

from .models import Evaluation

TALLY_EVALUATION = "evaluations.tally_evaluation"


def evaluations_tallied_by(user):
    """The evaluations the user is a teller of."""
    return object_permissions.objects_of(TALLY_EVALUATION, user, Evaluation)


def evaluations_to_count_by(user):
    """The evaluations the user is a teller of that need counting now: the open ones (paper
    ballots are handed out and their rounds entered only while an evaluation is open)."""
    return evaluations_tallied_by(user).filter(status=Evaluation.Status.OPEN)


def tellers_navigation(user) -> list[tuple[str, str]]:
    """The menu entry to the tellers' pages, for a teller of an evaluation to count. One
    query."""
    if not evaluations_to_count_by(user).exists():
        return []
    return [(gettext("Paper ballots to count"), reverse("evaluations:tally_home"))]


def evaluation_tellers(evaluation: Evaluation):
    """The evaluation's tellers, by name, in one query."""
    return object_permissions.holders(TALLY_EVALUATION, evaluation)
