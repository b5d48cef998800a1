"""Who may open which evaluation pages. Every view goes through these helpers; anyone else
gets 404, so that evaluations of other terms and drafts cannot even be found."""

from django.db.models import Exists, OuterRef
from django.http import Http404

from delegates.models import Delegate

from .models import Entitlement, Evaluation, Receipt
from .selectors import voter_rows
from .tellers import evaluations_tallied_by


def get_evaluation_for_voter(user, pk: int) -> tuple[Evaluation, dict]:
    """An evaluation past its draft, if the user is a delegate of its session's term, with
    where the user stands in it: {"entitled", "voted" (online), "on_paper" (has received a
    paper ballot, so cannot vote online)}. One query (every ballot request runs this)."""
    mine = Delegate.objects.filter(user=user, term=OuterRef("session__term"))
    receipts = voter_rows(Receipt, user)
    evaluation = (
        Evaluation.objects.select_related("session")
        .filter(Exists(mine), pk=pk)
        .exclude(status=Evaluation.Status.DRAFT)
        .annotate(
            entitled=Exists(voter_rows(Entitlement, user)),
            voted=Exists(receipts.filter(on_paper=False)),
            on_paper=Exists(receipts.filter(on_paper=True)),
        )
        .first()
    )
    if evaluation is None:
        raise Http404
    status = {key: getattr(evaluation, key) for key in ("entitled", "voted", "on_paper")}
    return evaluation, status


def get_evaluation_for_teller(user, pk: int) -> Evaluation:
    """An evaluation the user is a teller of (guardian object permission, nothing global)."""
    evaluation = evaluations_tallied_by(user).select_related("session").filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    return evaluation
