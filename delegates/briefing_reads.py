"""Who a briefing is for, and who has read it. Each read runs a fixed number of queries,
whatever the number of delegates."""

from django.db.models import OuterRef, Subquery
from django.http import Http404

from .audience import addressed_delegates, addressed_to, split_by_delegation
from .models import Briefing, BriefingRead, Delegate

_Chosen = Briefing.delegations.through


def briefing_audience(briefing: Briefing):
    """The delegates a briefing is for: the term's active delegates, in the chosen delegations
    or, none chosen, all of them. A delegate whose duties are suspended or who has left is
    not briefed (decision 140). One query when evaluated."""
    return addressed_delegates(briefing.term_id, _Chosen.objects.filter(briefing_id=briefing.pk))


def briefings_for_delegate(delegate: Delegate | None) -> list[Briefing]:
    """The published briefings addressed to the delegate, each with `read_at` (None when not
    read yet): unread first, then the newest first. One query."""
    if delegate is None or delegate.status != Delegate.Status.ACTIVE:
        return []
    chosen = _Chosen.objects.filter(briefing_id=OuterRef("pk"))
    read_at = BriefingRead.objects.filter(briefing_id=OuterRef("pk"), delegate=delegate)
    briefings = (
        Briefing.objects.filter(term_id=delegate.term_id, published_at__isnull=False)
        .filter(addressed_to(delegate, chosen))
        .annotate(read_at=Subquery(read_at.values("read_at")[:1]))
        .order_by("-published_at", "-pk")
    )
    return sorted(briefings, key=lambda b: b.read_at is not None)  # stable: newest first kept


def briefing_for_delegate(user, pk: int) -> tuple[Briefing, Delegate]:
    """A published briefing and the user's delegate record it is addressed to; 404 for a
    draft, a briefing of another term, or one for other delegations, so that none of them
    can even be found. Two queries."""
    briefing = Briefing.objects.filter(pk=pk, published_at__isnull=False).first()
    if briefing is None or not user.is_authenticated:
        raise Http404
    delegate = briefing_audience(briefing).filter(user=user).first()
    if delegate is None:
        raise Http404
    return briefing, delegate


def briefing_readership(briefing: Briefing) -> dict:
    """Who of the audience has read the briefing and who has not, by delegation. One query.

    Returns {"read": n, "unread": n, "by_delegation": [(delegation, readers, non-readers)]},
    each delegate with `read_at`."""
    read_at = BriefingRead.objects.filter(briefing_id=briefing.pk, delegate_id=OuterRef("pk"))
    audience = (
        briefing_audience(briefing)
        .select_related("delegation")
        .annotate(read_at=Subquery(read_at.values("read_at")[:1]))
        .order_by("delegation__name", "delegation_id", "name", "pk")
    )
    by_delegation, read, unread = split_by_delegation(audience, "read_at")
    return {"read": read, "unread": unread, "by_delegation": by_delegation}


def briefings_read(delegate: Delegate, year: int):
    """Briefings the delegate read in the year: a figure of the duties record."""
    return BriefingRead.objects.filter(delegate=delegate, read_at__year=year)
