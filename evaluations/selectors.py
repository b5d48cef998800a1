"""Reads shared by the evaluation pages, the admin and the printed documents. Each runs a
fixed number of queries whatever the number of subjects, delegates or ballots."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from delegates.models import Delegate
from delegates.people import people_by_name
from delegates.selectors import active_delegates_on

from .models import Entitlement, Evaluation, PaperRound, Receipt
from .results import percent


def voter_rows(model, user):
    """The rows of `model` (receipts, entitlements) of an outer query's evaluation that
    belong to the user's delegate record in its session's term, for `Exists`."""
    return model.objects.filter(
        evaluation=OuterRef("pk"), delegate__user=user, delegate__term=OuterRef("session__term")
    )


def open_evaluations_for_voter(user):
    """Open evaluations the user is entitled to vote in, each with `voted`. One query."""
    return (
        Evaluation.objects.filter(
            status=Evaluation.Status.OPEN,
            entitlements__delegate__user=user,
            entitlements__delegate__term=F("session__term"),
        )
        .select_related("session")
        .annotate(voted=Exists(voter_rows(Receipt, user)))
        .order_by("closes_at", "pk")
    )


def ballot_parts(evaluation: Evaluation) -> tuple[list, list]:
    """The subjects and criteria of the form, in order. Two queries."""
    return list(evaluation.subjects.all()), list(evaluation.criteria.all())


def evaluation_counts(evaluation: Evaluation) -> dict:
    """How many are entitled, have voted online and have received a paper ballot (never
    who). One query: the evaluation's change page prints these on every opening (decision 269),
    and the tellers' page."""

    def counted(queryset):
        rows = queryset.filter(evaluation=OuterRef("pk")).order_by().values("evaluation")
        return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)

    receipts = Receipt.objects.all()
    return (
        Evaluation.objects.filter(pk=evaluation.pk)
        .values(
            entitled=counted(Entitlement.objects.all()),
            voted=counted(receipts.filter(on_paper=False)),
            on_paper=counted(receipts.filter(on_paper=True)),
        )
        .get()
    )


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


def paper_hand_out_candidates(evaluation: Evaluation):
    """Who a teller may record as receiving a paper ballot: the entitled delegates active
    today who have not received one yet. Those who voted online stay in the list (the service
    refuses them one by one): leaving them out would show the tellers, at a glance, everyone
    who has voted online (docs/secrecy.md)."""
    return (
        active_delegates_on(evaluation.session.term_id, timezone.localdate())
        .filter(evaluation_entitlements__evaluation=evaluation)
        .exclude(
            Exists(
                Receipt.objects.filter(
                    evaluation=evaluation, delegate=OuterRef("pk"), on_paper=True
                )
            )
        )
        .order_by("name")
    )


def entitlement_candidates(evaluation: Evaluation):
    """Who the office may entitle to vote: the delegates of the session's term active on the
    day voting opens, by name."""
    return active_delegates_on(evaluation.session.term_id, evaluation.voting_day).order_by("name")


def teller_candidates(evaluation: Evaluation):
    """Who may be made a teller: active accounts, but none whose delegate record in the
    session's term is not active on the day voting opens (a terminated delegate's account
    counts no ballots). Staff without a delegate record may. Each with what `person_label`
    shows, in the order of their names (the office picks a person, not a login). One query."""
    term = evaluation.session.term_id
    inactive = Delegate.objects.filter(term=term).exclude(
        pk__in=active_delegates_on(term, evaluation.voting_day).values("pk")
    )
    return people_by_name(
        get_user_model().objects.filter(is_active=True).exclude(delegate_records__in=inactive),
        term=term,
    )
