"""Keeping the handling statistics' counts (HandlingTally) in step with the items.

Each counted item contributes to the counts of the row of its term, session, lead unit,
category and kind: 1 or 0 to most, and to the ratings' counts one for each signer who rated
(the lead proposer, and the co-signers where they rate: docs/decisions.md, 154). `_lock` in
the services notes an item's contribution as it is read, and `_move` applies the difference
once the item has moved (inside the same transaction), so the rows always add up to what
counting the items would give. `tally_rebuild` counts the items afresh (for items written
without the services: migrations, bulk loads)."""

from django.db.models import Count, F, Q, Sum

from .models import TALLY_COUNTS, Feedback, HandlingTally, Proposal, Reply

COUNTED = (
    Proposal.Status.ACCEPTED,
    Proposal.Status.ASSIGNED,
    Proposal.Status.REVIEWING,
    Proposal.Status.REPLIED,
    Proposal.Status.TRACKING,
    Proposal.Status.CLOSED,
)
SATISFIED = (Feedback.Rating.SATISFIED, Feedback.Rating.BASICALLY)
Result = Reply.Result
KEY_FIELDS = ("term_id", "session_id", "lead_unit_id", "category_id", "kind")


def _key(values) -> str:
    return ":".join("" if v is None else str(v) for v in values)


def contribution(proposal: Proposal) -> tuple | None:
    """(the row's key fields, {count: n}) of an item, or None when it is not counted."""
    if proposal.status not in COUNTED:
        return None
    first, latest, first_round = (
        proposal.first_result,
        proposal.latest_rating,
        proposal.first_round_rating,
    )
    counts = {
        "items": 1,
        "routed": proposal.lead_unit_id is not None,
        "replied": bool(first),
        "on_time": proposal.first_reply_on_time is True,
        "rated": bool(latest) + proposal.cosigner_rated,
        "satisfied": (latest in SATISFIED) + proposal.cosigner_satisfied,
        "first_rated": bool(first_round) + proposal.cosigner_first_rated,
        "first_satisfied": (first_round in SATISFIED) + proposal.cosigner_first_satisfied,
        "result_a": first == Result.A,
        "result_b": first == Result.B,
        "result_c": first == Result.C,
    }
    return tuple(getattr(proposal, f) for f in KEY_FIELDS), {k: int(v) for k, v in counts.items()}


def tally_apply(before: tuple | None, after: tuple | None) -> None:
    """Move an item's contribution from `before` to `after` (each from `contribution`)."""
    if before == after:
        return
    for side, sign in ((before, -1), (after, 1)):
        if side is None:
            continue
        keys, counts = side
        key = _key(keys)
        HandlingTally.objects.bulk_create(
            [HandlingTally(key=key, **dict(zip(KEY_FIELDS, keys, strict=True)))],
            ignore_conflicts=True,
        )
        HandlingTally.objects.filter(key=key).update(
            **{name: F(name) + sign * n for name, n in counts.items() if n}
        )


def tally_rebuild() -> int:
    """Count every item afresh into the tally rows. Returns the number of rows."""
    rows = (
        Proposal.objects.filter(status__in=COUNTED)
        .values(*KEY_FIELDS)
        .annotate(
            items=Count("pk"),
            routed=Count("pk", filter=Q(lead_unit__isnull=False)),
            replied=Count("pk", filter=~Q(first_result="")),
            on_time=Count("pk", filter=Q(first_reply_on_time=True)),
            rated=Count("pk", filter=~Q(latest_rating="")) + Sum("cosigner_rated"),
            satisfied=Count("pk", filter=Q(latest_rating__in=SATISFIED))
            + Sum("cosigner_satisfied"),
            first_rated=Count("pk", filter=~Q(first_round_rating="")) + Sum("cosigner_first_rated"),
            first_satisfied=Count("pk", filter=Q(first_round_rating__in=SATISFIED))
            + Sum("cosigner_first_satisfied"),
            result_a=Count("pk", filter=Q(first_result=Result.A)),
            result_b=Count("pk", filter=Q(first_result=Result.B)),
            result_c=Count("pk", filter=Q(first_result=Result.C)),
        )
        .order_by()
    )
    tallies = [
        HandlingTally(
            key=_key(row[f] for f in KEY_FIELDS),
            **{f: row[f] for f in KEY_FIELDS},
            **{name: row[name] for name in TALLY_COUNTS},
        )
        for row in rows
    ]
    HandlingTally.objects.all().delete()
    HandlingTally.objects.bulk_create(tallies, batch_size=1000)
    return len(tallies)
