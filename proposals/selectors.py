import datetime
from collections.abc import Callable
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from congress_office.desk import count_each
from congress_office.written_once import instances

from .deadlines import DUE_SOON_DAYS
from .models import (
    SEEN_BY_DELEGATES,
    Assignment,
    Consultation,
    CoSignature,
    HandlingUnit,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalRules,
    Reply,
)
from .reply_reads import co_views_among, replies_of_item, views_named, views_said_among
from .units import unit_staff_by_unit, units_of


def handling_units_for_staff(user) -> list[HandlingUnit]:
    """The units a staff user works for, each with `colleagues`, in three queries."""
    units = list(units_of(user))
    staff = unit_staff_by_unit(units)
    for unit in units:
        unit.colleagues = staff.get(unit.pk, [])
    return units


class OfficeQueue(NamedTuple):
    label: str
    status: str  # every item of the queue is in it: the workflow says what may be done
    condition: Callable[[datetime.date], Q]  # given today
    order: list[str]


# The office's work queues: what each holds, in the order it is worked through. Overdue items
# read most overdue first, straight from the (status, lead_deadline) index.
OFFICE_QUEUES = {
    "review": OfficeQueue(
        _("Awaiting review"),
        Proposal.Status.SUBMITTED,
        lambda today: Q(status=Proposal.Status.SUBMITTED),
        ["submitted_at", "id"],
    ),
    "unassigned": OfficeQueue(
        _("Accepted, not yet routed"),
        Proposal.Status.ACCEPTED,
        lambda today: Q(status=Proposal.Status.ACCEPTED),
        ["submitted_at", "id"],
    ),
    "overdue": OfficeQueue(
        _("Overdue"),
        Proposal.Status.ASSIGNED,
        lambda today: Q(status=Proposal.Status.ASSIGNED, lead_deadline__lt=today),
        ["lead_deadline", "id"],
    ),
    # Replies the office reviews before the delegate sees them (ProposalRules.review_replies).
    "to_release": OfficeQueue(
        _("Replies to release"),
        Proposal.Status.REVIEWING,
        lambda today: Q(status=Proposal.Status.REVIEWING),
        ["submitted_at", "id"],
    ),
    "tracking": OfficeQueue(
        _("Tracked until solved"),
        Proposal.Status.TRACKING,
        lambda today: Q(status=Proposal.Status.TRACKING),
        ["submitted_at", "id"],  # a tracked item's lead deadline has passed: it was replied
    ),
}


def office_queue_filter(queue: str, today: datetime.date) -> Q:
    return OFFICE_QUEUES[queue].condition(today)


def office_queue_ids(queue: str, today: datetime.date):
    """The ids of a queue's items in working order, without the rows' joins: what counting
    the queue needs (the order lets PostgreSQL read the queue's index and stop at the cap)."""
    return (
        Proposal.objects.filter(office_queue_filter(queue, today))
        .order_by(*OFFICE_QUEUES[queue].order)
        .values("pk")
    )


def office_queue(queue: str, today: datetime.date):
    """The items of one of the office's queues, in working order, as rows of only what its
    page shows (a queryset of dicts, shown a page at a time: a page of fifty items built as
    model instances cost a fifth of the page)."""
    return (
        Proposal.objects.filter(office_queue_filter(queue, today))
        .select_related("author", "category", "lead_unit")
        .order_by(*OFFICE_QUEUES[queue].order)
        .values(
            "pk",
            "number",
            "title",
            "kind",
            "submitted_at",
            "lead_deadline",
            "lead_amber_on",
            "author__name",
            "category__name",
            "lead_unit__name",
        )
    )


class OfficeList(NamedTuple):
    label: str
    condition: Callable[[datetime.date], Q]  # given today


def _awaiting_cosigners(today: datetime.date) -> Q:
    invited = CoSignature.objects.filter(proposal=OuterRef("pk"), status=CoSignature.Status.INVITED)
    return Q(status=Proposal.Status.DRAFT) & Q(Exists(invited))


# What the office's desk counts beside the queues, each a list of the proposals' change list
# (its "work list" filter), so that a count and the list it links to are one condition.
OFFICE_LISTS = {
    "replied": OfficeList(
        _("Replies awaiting the delegate's rating"),
        lambda today: Q(status=Proposal.Status.REPLIED),
    ),
    "due_this_week": OfficeList(
        _("Due within seven days"),
        lambda today: Q(
            status=Proposal.Status.ASSIGNED,
            lead_deadline__gte=today,
            lead_deadline__lt=today + datetime.timedelta(days=DUE_SOON_DAYS),
        ),
    ),
    "cosigning": OfficeList(_("Drafts awaiting co-signatures"), _awaiting_cosigners),
}

# Assignments whose unit asked for more time and the office has not decided yet. A request
# lapses when its assignment ends (proposals/workflow.py), so it is pending only on an item
# assigned, reviewed or replied: saying so lets the count read the items' status index instead
# of every assignment ever made.
EXTENSION_PENDING_STATUSES = [
    Proposal.Status.ASSIGNED,
    Proposal.Status.REVIEWING,
    Proposal.Status.REPLIED,
]
EXTENSION_ASKED = Q(
    extension_until__isnull=False,
    proposal__status__in=EXTENSION_PENDING_STATUSES,
)


def _items_awaiting_an_extension_decision():
    """The items whose lead unit awaits the office's decision on more time: those assigned,
    reviewed or replied with an assignment that asks (`extension_until` set). Only the current
    lead unit asks, and its request lapses when its assignment ends, so an item has one pending
    request at most: these are as many as the assignments `EXTENSION_ASKED` lists. Read from
    the asking assignments (the partial index `assignment_extension_asked`: a few rows) to
    their items by key (decision 483): probing every item being handled for a request (a
    subquery per item, 1,125 at 100,000 items, 8 ms) grew with the office."""
    asking = Assignment.objects.filter(extension_until__isnull=False).values("proposal_id")
    return Proposal.objects.filter(status__in=EXTENSION_PENDING_STATUSES, pk__in=asking).order_by()


def office_queue_counts(today: datetime.date, *, cap: int) -> dict[str, int]:
    """How many items each of the office's queues holds, each count stopping at cap + 1.
    One query."""
    return count_each(
        lambda: {name: office_queue_ids(name, today) for name in OFFICE_QUEUES},
        cap=cap,
        key=("office queues", today),
    )


def office_desk_counts(today: datetime.date, *, cap: int) -> dict[str, int]:
    """The desk's counts of the delegates' items: the queues, the further lists and the
    extension requests awaiting a decision, each stopping at cap + 1. One query."""

    def lists():
        counted = {name: office_queue_ids(name, today) for name in OFFICE_QUEUES}
        for name, office_list in OFFICE_LISTS.items():
            counted[name] = Proposal.objects.filter(office_list.condition(today)).order_by()
        counted["extensions"] = _items_awaiting_an_extension_decision()
        return counted

    return count_each(lists, cap=cap, key=("office desk", today))


def unit_inbox(units):
    """The current assignments of these units that still need work, soonest deadline first,
    with only the fields the list shows (a queryset: the page shows it a page at a time).
    `view_given`: a co-handling unit has sent the lead unit its view (its clock has stopped,
    though it may add to the view until the lead unit replies)."""
    view_given = Exists(Reply.objects.filter(assignment=OuterRef("pk")))
    return (
        Assignment.objects.filter(unit__in=units, is_open=True)
        .annotate(view_given=view_given)
        .select_related("proposal__author", "proposal__category", "unit")
        .only(
            "role",
            "deadline",
            "amber_on",
            "unit__name",
            "proposal__number",
            "proposal__title",
            "proposal__status",
            "proposal__author__name",
            "proposal__category__name",
        )
        .order_by("deadline", "pk")
    )


# The unit's page lists its latest handled items; older ones are in its items' history.
HANDLED_SHOWN = 20


def unit_handled(units) -> list[Assignment]:
    """The latest assignments of these units that no longer need work and that the unit
    answered: what it has handled, newest first, so its staff keep sight of their work.
    "Answered" is an EXISTS, not a join with DISTINCT: the join had PostgreSQL walk every
    reply of the office backwards to find the unit's latest (85 ms at 20,000 items,
    decision 200)."""
    answered = Exists(Reply.objects.filter(assignment=OuterRef("pk")))
    return list(
        Assignment.objects.filter(answered, unit__in=units, is_open=False)
        .select_related("proposal", "unit")
        .only(
            "role",
            "unit__name",
            "proposal__number",
            "proposal__title",
            "proposal__status",
        )
        .order_by("-pk")[:HANDLED_SHOWN]
    )


def assignment_page(assignment: Assignment) -> dict:
    """What a unit's staff see of an item: the other units' assignments and views of this
    round, its replies so far (what the co-handling views became, where the office's review
    stands), the consultations with the delegate, the co-handling views the lead unit may say
    it took in, and the timeline. The item's assignments, its replies, what they say of the
    co-handling units and its consultations are four queries, each reply and consultation
    joined to its assignment here rather than in the database (decision 250). These reads
    and the timeline's are written once per process and run prepared (decision 303); so is
    the item's attachments', which its text asks for twice (decision 399)."""
    proposal = assignment.proposal
    attachments_read(proposal)
    assignments = {a.pk: a for a in instances("unit page assignments", _assignments, proposal.pk)}
    for row in assignments.values():  # as `proposal.assignments` sets it
        row.proposal = proposal
    # Each joined below to its assignment, all of which the page has read.
    replies = instances("unit page replies", replies_of_item, proposal.pk)
    consultations = instances("unit page consultations", _item_consultations, proposal.pk)
    for row in replies + consultations:
        row.assignment = assignments[row.assignment_id]
    views_said_among(replies, assignments)
    replied = {reply.assignment_id for reply in replies}
    round_assignments = [a for a in assignments.values() if a.round == proposal.round]
    for a in round_assignments:  # whether each has replied: a deadline's chip until then
        a.replied = a.pk in replied
    lead = assignment.role == Assignment.Role.LEAD
    return {
        "round_assignments": round_assignments,
        "replies": replies,
        "consultations": consultations,
        "consultation_needed": lead
        and ProposalRules.current().needs_consultation(proposal.kind)
        and not any(c.assignment_id == assignment.pk for c in consultations),
        "views_received": co_views_among(assignment, replies) if lead else [],
        "timeline": _timeline(proposal),
    }


def _assignments(proposal_id: int):
    return Assignment.objects.filter(proposal_id=proposal_id).select_related("unit")


def _item_consultations(proposal_id: int):
    return Consultation.objects.filter(assignment__proposal_id=proposal_id)


def _timeline(proposal: Proposal) -> list[ProposalEvent]:
    events = instances(
        "unit page timeline",
        lambda proposal_id: ProposalEvent.objects.filter(proposal_id=proposal_id).select_related(
            "actor"
        ),
        proposal.pk,
    )
    for event in events:  # as `proposal.events` sets it
        event.proposal = proposal
    return events


def proposals_of_delegate(user) -> dict:
    """The user's own items and the co-signatures asked of them. Two queries."""
    return {
        "mine": list(
            Proposal.objects.filter(author__user=user)
            .select_related("category")
            .order_by("-created_at")
        ),
        "to_cosign": list(
            CoSignature.objects.filter(delegate__user=user, status=CoSignature.Status.INVITED)
            .select_related("proposal__author")
            .order_by("-pk")
        ),
    }


def cosignatures_seen_by(proposal: Proposal, user) -> dict:
    """The item's co-signatures, how many are confirmed, and the reader's own invitation to
    co-sign (they answer it on the item's page), in one query (written once, decision 303)."""
    cosignatures = instances("cosignatures_with_delegate", _cosignatures_read, proposal.pk)
    for cosignature in cosignatures:  # as `proposal.cosignatures` sets it
        cosignature.proposal = proposal
    return {
        "cosignatures": cosignatures,
        "confirmed": sum(c.status == CoSignature.Status.CONFIRMED for c in cosignatures),
        "invitation": next((c for c in cosignatures if c.delegate.user_id == user.pk), None),
    }


def _cosignatures_read(proposal_id: int):
    return CoSignature.objects.filter(proposal_id=proposal_id).select_related("delegate")


def attachments_read(proposal: Proposal) -> None:
    """Read the item's attachments once for `proposal.attachments.all()` (the item's text
    asks twice: whether there are any, then each), as `prefetch_related` keeps them: one
    query, written once per process (decision 303)."""
    attachments = instances("attachments_of", _attachments_read, proposal.pk)
    for attachment in attachments:  # as `proposal.attachments` sets it
        attachment.proposal = proposal
    kept = _attachments_read(proposal.pk)
    kept._result_cache, kept._prefetch_done = attachments, True
    if not hasattr(proposal, "_prefetched_objects_cache"):
        proposal._prefetched_objects_cache = {}
    proposal._prefetched_objects_cache["attachments"] = kept


def _attachments_read(proposal_id: int):
    return ProposalAttachment.objects.filter(proposal_id=proposal_id)


def reply_to_rate(proposal: Proposal) -> Reply | None:
    """The lead unit's latest reply of the current round, once the item awaits a rating."""
    if proposal.status != Proposal.Status.REPLIED:
        return None
    return (
        Reply.objects.filter(
            SEEN_BY_DELEGATES,
            assignment__proposal=proposal,
            assignment__round=proposal.round,
            assignment__role=Assignment.Role.LEAD,
            assignment__sent_back_at__isnull=True,
        )
        .order_by("-replied_at", "-pk")
        .first()
    )


def cosign_candidates(proposal: Proposal):
    """Who the author may ask to co-sign: the term's active delegates but the author."""
    from django.utils import timezone

    from delegates.selectors import active_delegates_on

    return (
        active_delegates_on(proposal.term_id, timezone.localdate())  # the id: no query for it
        .exclude(pk=proposal.author_id)
        .order_by("name")
    )


COSIGN_SHOWN = 40


def cosign_choices(proposal: Proposal, query: str = "", asked: list | None = None) -> list:
    """The delegates the author is shown to pick co-signers from: those whose name holds the
    query, or without one the author's own delegation; never more than a screenful (a term
    has thousands of delegates), never the ones already asked (`asked`: the item's
    co-signatures when the caller has read them, else they are asked for). One query."""
    candidates = (
        cosign_candidates(proposal)
        .select_related("delegation")
        .only("name", "delegation__name")  # what the picker shows: lighter rows
    )
    if asked is None:
        asked_ids = CoSignature.objects.filter(proposal=proposal).values("delegate")
    else:  # a list of ids: cheaper to build into the query than a subquery
        asked_ids = [cosignature.delegate_id for cosignature in asked]
    if asked_ids:
        candidates = candidates.exclude(pk__in=asked_ids)
    query = query.strip()
    if query:
        candidates = candidates.filter(name__icontains=query)
    elif proposal.author.delegation_id:
        candidates = candidates.filter(delegation_id=proposal.author.delegation_id)
    return list(candidates[:COSIGN_SHOWN])


def replies_for_delegates(proposal: Proposal) -> list[Reply]:
    """The lead units' replies the delegates receive (co-handling views go to the lead unit;
    a reply the office reviews, once released), each saying which co-handling views it took
    in; for an item merged into another, that item's replies. One query, and one more for
    what the replies say of the co-handling units when there are any (`views_named`). The
    replies' statement is written once per process (decision 303)."""
    answered_id = proposal.merged_into_id or proposal.pk
    replies = instances("replies_for_delegates", _replies_read, answered_id)
    views_named(replies)
    return replies


def _replies_read(proposal_id: int):
    return (
        Reply.objects.filter(
            SEEN_BY_DELEGATES,
            assignment__proposal_id=proposal_id,
            assignment__role=Assignment.Role.LEAD,
        )
        .select_related("assignment__unit")
        .order_by("replied_at")
    )


def published_items():
    """Closed proposals and suggestions, newest number first, for the public list; criticisms
    and opinions stay between the delegate and the office. A queryset: the page shows it a page
    at a time, and `with_lead_replies` fetches the replies of that page."""
    return (
        Proposal.objects.filter(
            status=Proposal.Status.CLOSED,
            kind__in=[Proposal.Kind.PROPOSAL, Proposal.Kind.SUGGESTION],
        )
        .select_related("author", "category", "lead_unit")
        .order_by("-submitted_at", "-pk")
    )


def with_lead_replies(items) -> list[Proposal]:
    """Attach `lead_replies` (the lead units' replies, first to last) to each item: one query."""
    items = list(items)
    replies = {}
    for reply in (
        Reply.objects.filter(assignment__proposal__in=items, assignment__role=Assignment.Role.LEAD)
        .select_related("assignment__unit")
        .order_by("replied_at", "pk")
    ):
        replies.setdefault(reply.assignment.proposal_id, []).append(reply)
    for item in items:
        item.lead_replies = replies.get(item.pk, [])
    return items
