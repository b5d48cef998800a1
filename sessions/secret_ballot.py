"""The secret ballot's two writes, shared by every kind of vote that is secret (evaluations,
elections): taking a ballot (a receipt, online or on paper) and counting an online ballot
(one UPDATE over all of the box's tallies). The callers check who may vote and what a ballot
may hold; these only write, in the way docs/secrecy.md describes."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, QuerySet, Value, When


@dataclass(frozen=True)
class Refusals:
    """What the voter or the teller is told, in the words of the kind of vote."""

    already_voted: str  # a second online ballot
    took_paper: str  # an online ballot from whoever received a paper one
    paper_again: str  # "%(name)s has already received a paper ballot."
    voted_online: str  # "%(name)s has already voted online and cannot have a paper ballot."


def _take(receipts, delegate_id, on_paper: bool) -> bool:
    """Insert the receipt in its own savepoint: False when the delegate has one already."""
    try:
        with transaction.atomic():
            receipts.create(delegate_id=delegate_id, on_paper=on_paper)
    except IntegrityError:
        return False
    return True


def secret_ballot_cast(
    *, receipts, delegate_id: int, tallies: QuerySet, chosen: Iterable[int], refusals: Refusals
) -> None:
    """Record that the delegate has voted (`receipts`: the box's related manager; its unique
    constraint refuses a second ballot, also at the same instant from another connection),
    then add 1 to the `chosen` tally rows and 0 to every other row of `tallies`, in one
    statement, so that every row carries this transaction and none tells what was chosen.
    Call inside the caller's transaction, with the box's row locked."""
    if not _take(receipts, delegate_id, on_paper=False):
        if receipts.filter(delegate_id=delegate_id, on_paper=True).exists():
            raise ValidationError(refusals.took_paper)
        raise ValidationError(refusals.already_voted)
    chosen = sorted(chosen)
    tallies.update(
        count=F("count")
        + Case(When(pk__in=chosen, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def paper_ballots_take(*, receipts, delegates, refusals: Refusals, field="delegates") -> None:
    """Give each delegate the receipt online voting would give them, marked as paper: from
    then on they cannot vote online, and whoever voted online is refused, naming them. All or
    nothing within the caller's transaction."""
    for delegate in sorted(delegates, key=lambda d: d.name):
        if _take(receipts, delegate.pk, on_paper=True):
            continue
        taken = receipts.get(delegate_id=delegate.pk)
        refusal = refusals.paper_again if taken.on_paper else refusals.voted_online
        raise ValidationError({field: refusal % {"name": delegate.name}})
