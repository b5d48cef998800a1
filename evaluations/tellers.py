"""Who enters an evaluation's paper counts: tellers hold the object permission
`tally_evaluation` on it, granted to users only, by `services.tellers_set`. Read straight
from the evaluation's permission table, as units' staff are: no group or global permission is
ever consulted."""

from congress_office import object_permissions

from .models import Evaluation

TALLY_EVALUATION = "evaluations.tally_evaluation"


def evaluations_tallied_by(user):
    """The evaluations the user is a teller of."""
    return object_permissions.objects_of(TALLY_EVALUATION, user, Evaluation)


def evaluation_tellers(evaluation: Evaluation):
    """The evaluation's tellers, by name, in one query."""
    return object_permissions.holders(TALLY_EVALUATION, evaluation)
