"""The proposals section of the session report: items filed at the session, by category and
by handling status. Registered with the sessions app in ProposalsConfig.ready()."""

from django.db.models import Count

from .models import CoSignature, Proposal


def session_proposals_context(session) -> dict:
    filed = Proposal.objects.filter(session=session).exclude(status=Proposal.Status.DRAFT)
    by_category = (
        filed.order_by().values_list("category__name").annotate(n=Count("pk")).order_by("-n")
    )
    statuses = dict(Proposal.Status.choices)
    by_status = [
        (statuses[status], n)
        for status, n in filed.order_by().values_list("status").annotate(n=Count("pk"))
    ]
    kinds = dict(Proposal.Kind.choices)
    by_kind = [
        (kinds[kind], n) for kind, n in filed.order_by().values_list("kind").annotate(n=Count("pk"))
    ]
    return {
        "total": filed.count(),
        "by_kind": by_kind,
        "by_category": list(by_category),
        "by_status": by_status,
        "items": filed.select_related("category", "author").order_by("number", "pk")[:1000],
    }


def proposals_filed(delegate, year: int):
    """For the duties record: items the delegate wrote and submitted in the year (inquiries
    are counted apart, for every signer)."""
    return Proposal.objects.filter(
        author=delegate, submitted_at__year=year, source=Proposal.Source.DELEGATE
    ).exclude(kind=Proposal.Kind.INQUIRY)


def inquiries_signed(delegate, year: int):
    """For the duties record: inquiries submitted in the year that the delegate filed or
    co-signed (an inquiry is the joint work of all its signers): those they wrote
    and those they co-signed, each found by its index, counted once (UNION); a condition
    joining both (author or co-signer) had the database read every item (30-50 ms at 100,000)."""
    inquiries = Proposal.objects.filter(kind=Proposal.Kind.INQUIRY, submitted_at__year=year)
    written = inquiries.filter(author=delegate).order_by().values("pk")
    cosigned = (
        inquiries.filter(
            cosignatures__delegate=delegate, cosignatures__status=CoSignature.Status.CONFIRMED
        )
        .order_by()
        .values("pk")
    )
    return written.union(cosigned)
