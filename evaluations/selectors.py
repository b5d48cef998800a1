"""Reads shared by the evaluation pages, the admin and the printed documents. Each runs a
fixed number of queries whatever the number of subjects, delegates or ballots."""

from django.db.models import Count, Exists, F, OuterRef, Sum

from .models import Entitlement, Evaluation, PaperRound, Receipt
from .results import percent


def open_evaluations_for_voter(user):
    """Open evaluations the user is entitled to vote in, each with `voted`. One query."""
    return (
        Evaluation.objects.filter(
            status=Evaluation.Status.OPEN,
            entitlements__delegate__user=user,
            entitlements__delegate__term=F("session__term"),
        )
        .select_related("session")
        .annotate(
            voted=Exists(
                Receipt.objects.filter(
                    evaluation=OuterRef("pk"),
                    delegate__user=user,
                    delegate__term=OuterRef("session__term"),
                )
            )
        )
        .order_by("closes_at", "pk")
    )


def voter_status(evaluation: Evaluation, delegate) -> dict:
    """Whether the delegate is entitled and has voted. One query."""
    row = (
        Evaluation.objects.filter(pk=evaluation.pk)
        .annotate(
            entitled=Exists(
                Entitlement.objects.filter(evaluation=OuterRef("pk"), delegate=delegate)
            ),
            voted=Exists(Receipt.objects.filter(evaluation=OuterRef("pk"), delegate=delegate)),
        )
        .values("entitled", "voted")
        .get()
    )
    return row


def ballot_parts(evaluation: Evaluation) -> tuple[list, list]:
    """The subjects and criteria of the form, in order. Two queries."""
    return list(evaluation.subjects.all()), list(evaluation.criteria.all())


def evaluation_counts(evaluation: Evaluation) -> dict:
    """How many are entitled and how many have voted online (never who). Two queries."""
    return {
        "entitled": evaluation.entitlements.count(),
        "voted": evaluation.receipts.count(),
    }


def _by_evaluation(queryset, evaluations, total) -> dict[int, int]:
    return dict(
        queryset.filter(evaluation__in=evaluations)
        .order_by()
        .values_list("evaluation")
        .annotate(n=total)
    )


def open_evaluations_turnout() -> list[Evaluation]:
    """The open evaluations, soonest closing first, each with how many are entitled and how
    many ballots are in (online, and paper rounds not void; `ballots`, `turnout` as the
    results count them): how many, never who. One query, and three more when any is open."""
    evaluations = list(
        Evaluation.objects.filter(status=Evaluation.Status.OPEN)
        .select_related("session")
        .order_by("closes_at", "pk")
    )
    if not evaluations:
        return []
    entitled = _by_evaluation(Entitlement.objects, evaluations, Count("pk"))
    online = _by_evaluation(Receipt.objects, evaluations, Count("pk"))
    paper = _by_evaluation(
        PaperRound.objects.filter(returned__lte=F("issued")), evaluations, Sum("returned")
    )
    for evaluation in evaluations:
        evaluation.entitled = entitled.get(evaluation.pk, 0)
        evaluation.ballots = online.get(evaluation.pk, 0) + paper.get(evaluation.pk, 0)
        evaluation.turnout = percent(evaluation.ballots, evaluation.entitled)
    return evaluations
