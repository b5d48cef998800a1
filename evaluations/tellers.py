"""Who enters an evaluation's paper counts: tellers hold the guardian object permission
`tally_evaluation` on it (direct foreign-key table), granted only by
`services.tellers_set`. No global permission is ever consulted."""

from django.contrib.auth import get_user_model
from guardian.shortcuts import get_objects_for_user

from .models import Evaluation, EvaluationUserObjectPermission

TALLY_EVALUATION = "evaluations.tally_evaluation"


def evaluations_tallied_by(user):
    """The evaluations the user is a teller of (direct permissions only)."""
    if not user.is_authenticated:
        return Evaluation.objects.none()
    return get_objects_for_user(
        user, TALLY_EVALUATION, klass=Evaluation, accept_global_perms=False, with_superuser=False
    )


def evaluation_tellers(evaluation: Evaluation):
    """The evaluation's tellers, in one query."""
    user_ids = EvaluationUserObjectPermission.objects.filter(
        content_object=evaluation, permission__codename="tally_evaluation"
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .order_by("last_name", "first_name", "username")
    )
