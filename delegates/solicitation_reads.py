"""Who a solicitation asks, what it asks a delegate, and who has answered. Each read runs a
fixed number of queries, whatever the number of delegates and answers."""

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from congress_office import plain_sql
from congress_office.desk import STATEMENTS_KEPT, count_each

from .audience import addressed_delegates, addressed_to
from .models import Delegate, QuestionAnswer, Solicitation, SolicitationResponse

_Delegations = Solicitation.delegations.through
_People = Solicitation.delegates.through


def solicitation_audience(solicitation: Solicitation):
    """The delegates asked: the term's active delegates in the chosen delegations and the
    chosen people or, neither chosen, all of them. One query when evaluated."""
    return addressed_delegates(
        solicitation.term_id,
        _Delegations.objects.filter(solicitation_id=solicitation.pk),
        _People.objects.filter(solicitation_id=solicitation.pk),
    )


def solicitations_for_delegate(delegate: Delegate | None) -> list[Solicitation]:
    """The published solicitations asking the delegate, each with `sent_at` and `drafted`
    (the delegate's answer, if any) and `is_open`: open ones first, the nearest deadline
    first, then the closed ones, the latest first. One query."""
    if delegate is None or delegate.status != Delegate.Status.ACTIVE:
        return []
    mine = SolicitationResponse.objects.filter(solicitation_id=OuterRef("pk"), delegate=delegate)
    solicitations = list(
        Solicitation.objects.filter(term_id=delegate.term_id, published_at__isnull=False)
        .filter(
            addressed_to(
                delegate,
                _Delegations.objects.filter(solicitation_id=OuterRef("pk")),
                _People.objects.filter(solicitation_id=OuterRef("pk")),
            )
        )
        .annotate(sent_at=Subquery(mine.values("sent_at")[:1]), drafted=Exists(mine))
        .order_by("deadline", "pk")
    )
    now = timezone.now()
    for solicitation in solicitations:
        solicitation.is_open = solicitation.deadline >= now
    open_ones = [s for s in solicitations if s.is_open]
    return open_ones + [s for s in reversed(solicitations) if not s.is_open]


def solicitation_for_delegate(user, pk: int) -> tuple[Solicitation, Delegate]:
    """A published solicitation and the user's delegate record it asks; 404 for a draft, a
    solicitation of another term, or one asking others, so that none can even be found."""
    solicitation = Solicitation.objects.filter(pk=pk, published_at__isnull=False).first()
    if solicitation is None or not user.is_authenticated:
        raise Http404
    delegate = solicitation_audience(solicitation).filter(user=user).first()
    if delegate is None:
        raise Http404
    return solicitation, delegate


def response_of(solicitation: Solicitation, delegate: Delegate):
    """The delegate's answer (None when there is none yet) and its values by question pk, as
    the answer form takes them. Two queries."""
    response = SolicitationResponse.objects.filter(
        solicitation=solicitation, delegate=delegate
    ).first()
    values = {}
    if response is not None:
        for row in QuestionAnswer.objects.filter(response=response).select_related("question"):
            question = row.question
            if question.kind == question.Kind.TEXT:
                values[question.pk] = row.text
            elif question.kind == question.Kind.RATING:
                values[question.pk] = str(row.rating)
            elif question.kind == question.Kind.ONE:
                values[question.pk] = str(row.choice)
            else:
                values.setdefault(question.pk, []).append(str(row.choice))
    return response, values


WAITING_NAMES_SHOWN = 300


def solicitation_asked_count(solicitation: Solicitation) -> int:
    """How many delegates the solicitation asks. One query, written once per solicitation in
    each process (`count_each`'s key: its statement depends on nothing else)."""
    counts = count_each(
        lambda: {"asked": solicitation_audience(solicitation)},
        key=("solicitation-asked", solicitation.pk, solicitation.term_id),
    )
    return counts["asked"]


def solicitation_answer_count(solicitation: Solicitation) -> dict:
    """How many were asked and how many have sent an answer. One query (both counts), written
    once per solicitation in each process: the ORM took longer to write the two counts than
    the database to answer them (decision 310)."""

    def lists():
        sent = SolicitationResponse.objects.filter(solicitation=solicitation, sent_at__isnull=False)
        return {"asked": solicitation_audience(solicitation), "answered": sent}

    counts = count_each(
        lists, key=("solicitation-answer-count", solicitation.pk, solicitation.term_id)
    )
    asked, answered = counts["asked"], counts["answered"]
    return {"asked": asked, "answered": answered, "waiting": max(0, asked - answered)}


# The statements of `solicitation_respondents` by (solicitation, term, how many names are
# shown), written by the ORM once in each process and run prepared: writing them took longer
# than running them (decision 310). They depend on nothing else: the audience is read by
# subqueries.
_respondents_statements: dict[tuple, tuple] = {}


def _respondents_statements_of(solicitation: Solicitation) -> tuple:
    key = (solicitation.pk, solicitation.term_id, WAITING_NAMES_SHOWN)
    statements = _respondents_statements.get(key)
    if statements is None:
        counts, waiting = _respondents_querysets(solicitation)
        statements = (counts.query.sql_with_params(), waiting.query.sql_with_params())
        if len(_respondents_statements) >= STATEMENTS_KEPT:
            _respondents_statements.clear()
        _respondents_statements[key] = statements
    return statements


def _respondents_querysets(solicitation: Solicitation):
    """(each delegation's asked and answered, the first names waiting): rows of plain values."""
    sent = SolicitationResponse.objects.filter(
        solicitation_id=solicitation.pk, delegate_id=OuterRef("pk"), sent_at__isnull=False
    )
    audience = solicitation_audience(solicitation).annotate(has_sent=Exists(sent))
    counts = (
        audience.order_by()
        .values("delegation_id", "delegation__name")
        .annotate(asked=Count("id"), answered=Count("id", filter=Q(has_sent=True)))
        .order_by("delegation__name", "delegation_id")
        .values_list("delegation_id", "delegation__name", "asked", "answered")
    )
    waiting = (
        audience.filter(has_sent=False)
        .order_by("delegation__name", "delegation_id", "name", "pk")
        .values_list("delegation_id", "name")[:WAITING_NAMES_SHOWN]
    )
    return counts, waiting


def solicitation_respondents(solicitation: Solicitation) -> dict:
    """How many of those asked have sent an answer, by delegation, and the names of those
    who have not (whom the office chases; a draft is not an answer), at most
    `WAITING_NAMES_SHOWN` of them. Two grouped queries, whatever the number asked, written
    once per solicitation in each process and run prepared (decision 310).

    Returns {"answered": n, "waiting": n, "by_delegation": [(name, asked, answered,
    [names waiting])], "names_left_out": n}."""
    (counts_sql, counts_params), (waiting_sql, waiting_params) = _respondents_statements_of(
        solicitation
    )
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, counts_sql, counts_params)
        counts = cursor.fetchall()
        plain_sql.execute(cursor, waiting_sql, waiting_params)
        waiting = cursor.fetchall()
    names = {}
    for delegation_id, name in waiting:
        names.setdefault(delegation_id, []).append(name)
    by_delegation = [
        (delegation_name, asked, answered, names.get(delegation_id, []))
        for delegation_id, delegation_name, asked, answered in counts
    ]
    answered = sum(row[2] for row in by_delegation)
    asked = sum(row[1] for row in by_delegation)
    return {
        "answered": answered,
        "waiting": asked - answered,
        "by_delegation": by_delegation,
        "names_left_out": asked - answered - len(waiting),
    }


def solicitations_answered(delegate: Delegate, year: int):
    """Solicitations the delegate answered (sent) in the year: a figure of the duties
    record."""
    return SolicitationResponse.objects.filter(
        delegate=delegate, sent_at__year=year, sent_at__isnull=False
    )
