"""What the lead unit's reply rests on (issue 14, items 5 and 6): the consultation with the
delegate the rules may want first, and the co-handling units' views of the round, received or
not. Reads only: the services decide with them, the unit's page lists them."""

from functools import lru_cache

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import OuterRef, Prefetch
from django.utils.translation import gettext as _

from congress_office.plain_sql import execute, table
from congress_office.written_once import instances
from delegates.models import Delegate

from .models import (
    Assignment,
    Consultation,
    HandlingUnit,
    Proposal,
    ProposalEvent,
    ProposalRules,
    Reply,
)


def author_phone_for_consultation(proposal: Proposal, may: dict) -> str:
    """The author's phone, for the lead unit's staff while they may consult the author on the
    item (assigned or being solved), so that they can call; "" for anyone else and at any other
    time. No other role outside the office reads a delegate's phone here (decision 233)."""
    if not may.get("consulted") or proposal.author_id is None:
        return ""
    if Proposal.author.is_cached(proposal):  # read with the item (the unit's page): no query
        return proposal.author.phone or ""
    return (
        Delegate.objects.filter(pk=proposal.author_id).values_list("phone", flat=True).first() or ""
    )


def consultation_needed(proposal: Proposal, assignment: Assignment) -> bool:
    """Whether the rules want a consultation recorded before this assignment's reply and none
    is: the lead unit's first reply of a round, on an item of a kind the rules name."""
    if not ProposalRules.current().needs_consultation(proposal.kind):
        return False
    return not Consultation.objects.filter(assignment=assignment).exists()


def refuse_without_consultation(proposal: Proposal, assignment: Assignment) -> None:
    if consultation_needed(proposal, assignment):
        raise ValidationError(
            _(
                "Record your consultation with the delegate (date, way and what was agreed) "
                "before replying: the office's rules want one for this item."
            )
        )


def co_views_received(assignment: Assignment) -> list[Reply]:
    """The views the co-handling units of the lead's round have sent, oldest first, each
    with its unit. One query."""
    return list(
        Reply.objects.filter(
            assignment__proposal_id=assignment.proposal_id,
            assignment__round=assignment.round,
            assignment__role=Assignment.Role.CO,
            assignment__sent_back_at__isnull=True,
        )
        .select_related("assignment__unit")
        .order_by("replied_at", "pk")
    )


def co_views_among(assignment: Assignment, replies: list[Reply]) -> list[Reply]:
    """`co_views_received`, from the item's replies already read (oldest first, each with its
    assignment): the views of the round's co-handling units not sent back. No query."""
    return [
        reply
        for reply in replies
        if reply.assignment.round == assignment.round
        and reply.assignment.role == Assignment.Role.CO
        and reply.assignment.sent_back_at is None
    ]


def co_views_missing(assignment: Assignment, received: list[Reply]) -> list[Assignment]:
    """The co-handling assignments of the round that have sent no view (of `received`)."""
    answered = {view.assignment_id for view in received}
    return [
        co
        for co in Assignment.objects.filter(
            proposal_id=assignment.proposal_id,
            round=assignment.round,
            role=Assignment.Role.CO,
            sent_back_at__isnull=True,
        ).select_related("unit")
        if co.pk not in answered
    ]


def with_views_said(replies):
    """Replies with the co-handling views they took in and those not received, each with its
    unit (two queries, any number of replies): what a reply says of the co-handling units."""
    return replies.prefetch_related(*views_said())


def views_said() -> tuple[Prefetch, Prefetch]:
    """The prefetches of `with_views_said`, for a reply already read."""
    return (
        Prefetch("views_taken_in", queryset=Reply.objects.select_related("assignment__unit")),
        Prefetch("views_missing", queryset=Assignment.objects.select_related("unit")),
    )


def views_said_among(replies: list[Reply], assignments: dict) -> None:
    """What each of an item's replies says of the co-handling units (`Reply.units_taken_in`,
    `units_missing`), from the replies and the item's assignments already read (`assignments`
    by id, with their units): one query of both links, in their own order. The views a reply
    took in and the assignments it missed are of the same item (`reply_submit`)."""
    by_pk = {reply.pk: reply for reply in replies}
    for reply in replies:
        reply.views_said_read = ([], [])
    if not by_pk:
        return
    with connection.cursor() as cursor:
        execute(cursor, _views_said_sql(len(by_pk)), [*by_pk, *by_pk])
        links = cursor.fetchall()
    for reply_id, other_id, kind in links:
        reply = by_pk[reply_id]
        reply.views_said_read[kind].append(by_pk[other_id] if kind == 0 else assignments[other_id])
    for reply in replies:  # as the relations list them: Reply's and Assignment's orderings
        reply.views_said_read[0].sort(key=lambda view: (view.replied_at, view.pk))
        reply.views_said_read[1].sort(key=lambda a: (a.proposal_id, a.round, a.role, a.pk))


@lru_cache(maxsize=16)
def _views_said_sql(replies: int) -> str:
    """Both links of `replies` replies (their ids twice), written once per number of replies
    and run prepared (decision 327): the ORM wrote its union on every unit's item page."""
    taken, missing = Reply.views_taken_in.through, Reply.views_missing.through
    ids = ", ".join(["%s"] * replies)
    return (
        f"SELECT t.from_reply_id, t.to_reply_id, 0 FROM {table(taken)} t"
        f" WHERE t.from_reply_id IN ({ids})"
        f" UNION ALL SELECT m.reply_id, m.assignment_id, 1 FROM {table(missing)} m"
        f" WHERE m.reply_id IN ({ids})"
    )


def views_named(replies: list[Reply]) -> None:
    """What each reply says of the co-handling units (`Reply.units_taken_in`, `units_missing`)
    as the units' names, in the relations' own order (Reply's and Assignment's orderings):
    one query of both links with the names, none without replies. The two prefetches of
    `with_views_said` built two statements and a model instance per row for a name each
    (decision 285)."""
    by_pk = {reply.pk: reply for reply in replies}
    for reply in replies:
        reply.units_said = ([], [])
    if not by_pk:
        return
    with connection.cursor() as cursor:
        execute(cursor, _views_named_sql(len(by_pk)), [*by_pk, *by_pk])
        rows = cursor.fetchall()
    # each reply's views by (replied_at, pk), its missing assignments by (round, role, pk)
    rows.sort(key=lambda row: (row[0], row[1], (row[3], row[6]) if row[1] == 0 else (row[4:7])))
    for reply_id, kind, name, *_order in rows:
        by_pk[reply_id].units_said[kind].append(name)


@lru_cache(maxsize=16)
def _views_named_sql(replies: int) -> str:
    """`views_named`'s rows of `replies` replies (their ids twice): (reply, 0, the unit's name,
    the view's reply time, 0, "", the view) for a view taken in, (reply, 1, the unit's name,
    NULL, round, role, the assignment) for one missing. Written once per number of replies and
    run prepared (decision 327): the ORM wrote its union of joins on every item page."""
    taken, missing = Reply.views_taken_in.through, Reply.views_missing.through
    ids = ", ".join(["%s"] * replies)
    return (
        f"SELECT t.from_reply_id, 0, u.name, r.replied_at, 0, '', t.to_reply_id"
        f" FROM {table(taken)} t JOIN {table(Reply)} r ON r.id = t.to_reply_id"
        f" JOIN {table(Assignment)} a ON a.id = r.assignment_id"
        f" JOIN {table(HandlingUnit)} u ON u.id = a.unit_id"
        f" WHERE t.from_reply_id IN ({ids})"
        f" UNION ALL SELECT m.reply_id, 1, u.name, NULL, a.round, a.role, m.assignment_id"
        f" FROM {table(missing)} m JOIN {table(Assignment)} a ON a.id = m.assignment_id"
        f" JOIN {table(HandlingUnit)} u ON u.id = a.unit_id"
        f" WHERE m.reply_id IN ({ids})"
    )


def consultations_of(proposal: Proposal) -> list[Consultation]:
    """The lead units' consultations with the delegate on the item, every round. One query,
    written once per process (decision 303)."""
    return instances("consultations_of", _consultations_read, proposal.pk)


def _consultations_read(proposal_id: int):
    return Consultation.objects.filter(assignment__proposal_id=proposal_id).select_related(
        "assignment__unit"
    )


# Entries between the office and the unit that the delegate does not read: the office's review
# of a reply before it is released (the reply itself, and its release, they do read).
OFFICE_AND_UNIT_ONLY = [
    ProposalEvent.Action.REPLY_RETURNED,
    ProposalEvent.Action.RECLASSIFIED,
]


def timeline_for_delegates(proposal: Proposal) -> list[ProposalEvent]:
    """The item's entries the delegates read, in the entries' order: one query, written once
    per process (decision 303)."""
    events = instances("timeline_for_delegates", _timeline_read, proposal.pk)
    for event in events:  # as `proposal.events` sets it
        event.proposal = proposal
    return events


def _timeline_read(proposal_id: int):
    return ProposalEvent.objects.filter(proposal_id=proposal_id).exclude(
        action__in=OFFICE_AND_UNIT_ONLY
    )


def item_replies(proposal_id: int) -> list[Reply]:
    """The item's replies (Reply's order: replied_at, then id) for the office's page of the
    item, each with its assignment and that one's unit, and what it says of the co-handling
    units by name (`Reply.units_said`, as `views_named` gives it). One statement written once
    per process (decision 303); on PostgreSQL the units' names are read by the same statement
    (two arrays, decision 596), elsewhere by `views_named`'s query if there are replies: the
    ORM's building of the joined read and two prefetches was a twentieth of the item's change
    page (decisions 299, 324)."""
    if connection.vendor != "postgresql":
        replies = instances("item replies with units", _replies_with_units, proposal_id)
        views_named(replies)
        return replies
    replies = instances("item replies with units named", _replies_named, proposal_id)
    for reply in replies:
        said = reply.__dict__
        reply.units_said = (said.pop("units_taken_in_named"), said.pop("units_missing_named"))
    return replies


def replies_of_item(proposal_id: int):
    """The item's replies (those of all its assignments), as the office's and the unit's
    pages of the item read them."""
    return Reply.objects.filter(assignment__proposal_id=proposal_id)


def _replies_with_units(proposal_id: int):
    return replies_of_item(proposal_id).select_related("assignment__unit")


def _replies_named(proposal_id: int):
    """`_replies_with_units` with the names `views_named` reads, in the relations' own order:
    the views taken in by Reply's (replied_at, id), the assignments missed by Assignment's
    (the item, round, role, id)."""
    taken = (
        Reply.views_taken_in.through.objects.filter(from_reply_id=OuterRef("pk"))
        .order_by("to_reply__replied_at", "to_reply_id")
        .values("to_reply__assignment__unit__name")
    )
    missing = (
        Reply.views_missing.through.objects.filter(reply_id=OuterRef("pk"))
        .order_by(
            "assignment__proposal_id", "assignment__round", "assignment__role", "assignment_id"
        )
        .values("assignment__unit__name")
    )
    return _replies_with_units(proposal_id).annotate(
        units_taken_in_named=ArraySubquery(taken), units_missing_named=ArraySubquery(missing)
    )
