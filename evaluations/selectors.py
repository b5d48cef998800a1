"""Reads shared by the evaluation pages, the admin and the printed documents. Each runs a
fixed number of queries whatever the number of subjects, delegates or ballots."""

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Exists, F, OuterRef
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


@cache
def _counts_sql() -> str:
    """`evaluation_counts`' statement, written once per process."""
    receipts = f"SELECT COUNT(*) FROM {table(Receipt)} r WHERE r.evaluation_id = e.id"
    return (
        f"SELECT (SELECT COUNT(*) FROM {table(Entitlement)} n WHERE n.evaluation_id = e.id),"
        f" ({receipts} AND r.on_paper = %s), ({receipts} AND r.on_paper = %s)"
        f" FROM {table(Evaluation)} e WHERE e.id = %s"
    )


def evaluation_counts(evaluation: Evaluation) -> dict:
    """How many are entitled, have voted online and have received a paper ballot (never
    who). One statement of plain SQL, prepared: the evaluation's change page prints these on
    every opening (decision 269), and the tellers' page; the ORM took longer to write the
    statement than the database to answer it (decision 297)."""
    with connection.cursor() as cursor:
        execute(cursor, _counts_sql(), [False, True, evaluation.pk])
        row = cursor.fetchone()
    if row is None:
        raise Evaluation.DoesNotExist("Evaluation matching query does not exist.")
    return dict(zip(("entitled", "voted", "on_paper"), row, strict=True))


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
    return _built(_entitlement_candidates, evaluation.session.term_id, evaluation.voting_day)


def teller_candidates(evaluation: Evaluation):
    """Who may be made a teller: active accounts, but none whose delegate record in the
    session's term is not active on the day voting opens (a terminated delegate's account
    counts no ballots). Staff without a delegate record may. Each with what `person_label`
    shows, in the order of their names (the office picks a person, not a login). One query."""
    return _built(_teller_candidates, evaluation.session.term_id, evaluation.voting_day)


# Querysets built, kept by what they are built of: a few terms and voting days at a time.
BUILT_KEPT = 64
_built_querysets = {}


def _built(build, term: int, day) -> object:
    """A copy of `build(term, day)`, the queryset built once per process for those: the ORM
    took longer to build the candidates' queryset (its excluded records, its annotations) than
    to copy it, on every opening of an evaluation's page (decision 297). Only the statement is
    kept, never rows: each caller gets its own copy (`.all()`), read when the caller reads it."""
    key = (build, term, day)
    queryset = _built_querysets.get(key)
    if queryset is None:
        if len(_built_querysets) >= BUILT_KEPT:
            _built_querysets.clear()
        queryset = _built_querysets[key] = build(term, day)
    return queryset.all()


def _entitlement_candidates(term: int, day):
    return active_delegates_on(term, day).order_by("name")


def _teller_candidates(term: int, day):
    inactive = Delegate.objects.filter(term=term).exclude(
        pk__in=active_delegates_on(term, day).values("pk")
    )
    return people_by_name(
        get_user_model().objects.filter(is_active=True).exclude(delegate_records__in=inactive),
        term=term,
    )
