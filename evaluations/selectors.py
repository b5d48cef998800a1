"""Reads shared by the evaluation pages, the admin and the printed documents. Each runs a
fixed number of queries whatever the number of subjects, delegates or ballots."""

from django.db.models import Exists, F, OuterRef

from .models import Entitlement, Evaluation, Receipt


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
