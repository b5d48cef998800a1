"""The committees the session's change page shows in its inline, with their members as the
inline's `prefetch_related("members")` reads them, by two statements written once per process
(`congress_office/written_once.py`, decisions 298 and 324). The sittings' and agenda items'
rows are read by `PlainRowsFormSet` from their inlines' querysets alone.
`tests/sessions/test_session_admin_reads.py` compares them with the inline's queryset."""

from congress_office.plain_admin_reads import PlainRowsFormSet
from congress_office.written_once import instances
from delegates.models import Delegate

from ..models import Committee


def committees(session) -> list:
    """The committees (the ORM's order, kind; two of the kind "other" by id), each with its
    members read as `prefetch_related("members")` reads them (what the rows' forms show)."""
    read = instances("session page committees", _committees, session.pk)
    members = {committee.pk: [] for committee in read}
    for link in instances("session page committee members", _members, session.pk):
        members[link.committee_id].append(link.delegate)
    for committee in read:
        prefetched = Delegate.objects.all()
        prefetched._result_cache, prefetched._prefetch_done = members[committee.pk], True
        committee._prefetched_objects_cache = {"members": prefetched}
    return read


def _committees(session_id: int):
    return Committee.objects.filter(session_id=session_id).order_by("kind", "pk")


def _members(session_id: int):
    """The links of the session's committees to their members, each with its delegate, in the
    order of the delegates' model (as the prefetch reads them)."""
    ordering = [
        f"-delegate__{name[1:]}" if name.startswith("-") else f"delegate__{name}"
        for name in Delegate._meta.ordering
    ]
    return (
        Committee.members.through.objects.filter(committee__session_id=session_id)
        .select_related("delegate")
        .order_by(*ordering)
    )


class CommitteeRowsFormSet(PlainRowsFormSet):
    read_rows = staticmethod(committees)
