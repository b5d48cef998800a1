"""Who enters an evaluation's paper counts: tellers hold the object permission
`tally_evaluation` on it, granted to users only, by `services.tellers_set`. Read straight
from the evaluation's permission table, as units' staff are: no group or global permission is
ever consulted."""

from django.utils.translation import gettext_lazy

from congress_office import object_permissions
from congress_office.roles import Duty
from congress_office.written_once import instances

from .models import Evaluation

TALLY_EVALUATION = "evaluations.tally_evaluation"


def evaluations_tallied_by(user):
    """The evaluations the user is a teller of."""
    return object_permissions.objects_of(TALLY_EVALUATION, user, Evaluation)


def evaluations_to_count_by(user):
    """The evaluations the user is a teller of that need counting now: the open ones (paper
    ballots are handed out and their rounds entered only while an evaluation is open)."""
    return evaluations_tallied_by(user).filter(status=Evaluation.Status.OPEN)


TELLERS_DUTY = Duty(
    label=gettext_lazy("Paper ballots to count"),
    url_name="evaluations:tally_home",
    to_do=evaluations_to_count_by,
)


def evaluation_tellers(evaluation: Evaluation):
    """The evaluation's tellers, by name, in one query."""
    return object_permissions.holders(TALLY_EVALUATION, evaluation)


def evaluation_tellers_read(evaluation: Evaluation) -> list:
    """`list(evaluation_tellers(evaluation))`: the same accounts in the same order, by a
    statement written once per process (`written_once.instances`). The ORM wrote the
    statement and its subquery anew on every opening of the evaluation's change page, which
    needs the tellers for its picker's initial value (decision 346)."""
    return instances("evaluation tellers", _tellers_of, evaluation.pk)


def _tellers_of(pk):
    return evaluation_tellers(Evaluation(pk=pk))
