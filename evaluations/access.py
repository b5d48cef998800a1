"""Who may open which evaluation pages. Every view goes through these helpers; anyone else
gets 404, so that evaluations of other terms and drafts cannot even be found."""

from django.http import Http404

from delegates.models import Delegate
from sessions.access import delegate_in_session_term

from .models import Evaluation
from .tellers import evaluations_tallied_by


def get_evaluation_for_voter(user, pk: int) -> tuple[Evaluation, Delegate]:
    """An evaluation past its draft, and the user's delegate record in its session's term."""
    evaluation = (
        Evaluation.objects.select_related("session")
        .filter(pk=pk)
        .exclude(status=Evaluation.Status.DRAFT)
        .first()
    )
    if evaluation is None:
        raise Http404
    delegate = delegate_in_session_term(user, evaluation.session)
    if delegate is None:
        raise Http404
    return evaluation, delegate


def get_evaluation_for_teller(user, pk: int) -> Evaluation:
    """An evaluation the user is a teller of (guardian object permission, nothing global)."""
    evaluation = evaluations_tallied_by(user).select_related("session").filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    return evaluation
