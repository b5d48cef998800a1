"""Reads shared by the evaluation pages, the admin and the printed documents. Each runs a
fixed number of queries whatever the number of subjects, delegates or ballots."""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from congress_office.plain_sql import columns, execute, instance, table, width
from delegates.models import Delegate
from delegates.people import people_by_name
from delegates.selectors import active_delegates_on
from sessions.models import Session

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


@cache
def _open_turnout_sql() -> str:
    """The open evaluations with their sessions, each with how many are entitled, its
    receipts and its paper rounds' ballots returned (rounds not void), soonest closing first.
    Written once per process."""
    counted = (
        f"(SELECT COUNT(*) FROM {table(Entitlement)} n WHERE n.evaluation_id = e.id),"
        f" (SELECT COUNT(*) FROM {table(Receipt)} r WHERE r.evaluation_id = e.id),"
        f" (SELECT COALESCE(SUM(p.returned), 0) FROM {table(PaperRound)} p"
        "  WHERE p.evaluation_id = e.id AND p.returned <= p.issued)"
    )
    return (
        f"SELECT {columns(Evaluation, 'e')}, {columns(Session, 's')}, {counted}"
        f" FROM {table(Evaluation)} e JOIN {table(Session)} s ON s.id = e.session_id"
        " WHERE e.status = %s ORDER BY e.closes_at, e.id"
    )


def open_evaluations_turnout() -> list[Evaluation]:
    """The open evaluations, soonest closing first, each with its session and how many are
    entitled and how many ballots are in (online, and paper rounds not void; `ballots`,
    `turnout` as the results count them): how many, never who. One statement of plain SQL,
    prepared: the desk's four ORM queries cost the server more than the database spent
    answering them (decision 292)."""
    with connection.cursor() as cursor:
        execute(cursor, _open_turnout_sql(), [Evaluation.Status.OPEN.value])
        rows = cursor.fetchall()
    evaluations = []
    for row in rows:
        evaluation = instance(Evaluation, row)
        evaluation.session = instance(Session, row, width(Evaluation))
        entitled, online, paper = row[-3:]
        evaluation.entitled = entitled
        evaluation.ballots = online + paper
        evaluation.turnout = percent(evaluation.ballots, evaluation.entitled)
        evaluations.append(evaluation)
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
