"""The committees the session's change page shows in its inline, with their members as the
inline's `prefetch_related("members")` reads them, by two statements written once per process
(`congress_office/written_once.py`, decisions 298 and 324). The sittings' and agenda items'
rows are read by `PlainRowsFormSet` from their inlines' querysets alone. The session's own
presidium and invited attendees (its form's initial values) are read the same way (decision
342). `tests/sessions/test_session_admin_reads.py` compares them with the ORM's reads."""

from congress_office import plain_admin_reads
from congress_office.kept_inline_rows import KeptRowsFormSet
from congress_office.shown_rows import ShownRowsFormSet
from congress_office.written_once import instances
from delegates.models import Delegate

from ..models import Committee, Session
from .committee_rows import ChosenShownRows

# The session's many-to-many fields its change form shows (their initial values).
PEOPLE = ("presidium", "invited_attendees")


def committees(session) -> list:
    """The committees (the ORM's order, kind; two of the kind "other" by id), each with its
    members read as `prefetch_related("members")` reads them (what the rows' forms show)."""
    read = instances("session page committees", _committees, session.pk)
    members = {committee.pk: [] for committee in read}
    for link in instances("session page committee members", _members, session.pk):
        members[link.committee_id].append(link.delegate)
    for committee in read:
        # Its session is the page's object itself, as the other inlines' rows' (decision 324).
        Committee.session.field.set_cached_value(committee, session)
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


class KeptRowsShownFormSet(KeptRowsFormSet, ShownRowsFormSet):
    """The sittings' and items' rows: shown as `ShownRowsFormSet` shows them, a row kept
    for the page made no form (decision 404)."""


class CommitteeRowsFormSet(ChosenShownRows, KeptRowsFormSet, ShownRowsFormSet):
    """The committees' rows (none for a session being added, decision 343), each kept by its
    values and its pickers' chosen rows (decision 487)."""

    read_rows = staticmethod(committees)


def with_people_read(session: Session) -> Session:
    """The session's presidium and invited attendees, read as `prefetch_related` would read
    them (the related manager's own query, run prepared: `written_once`), so that its form's
    initial values (Django's `model_to_dict`, `list(session.presidium.all())`) cost no query
    written by the ORM on every opening of its page: two of the five the page wrote (decision
    342). Adding to or removing from either relation drops what is read, as after a prefetch."""
    if not plain_admin_reads.ROWS_READ or session.pk is None:
        return session
    cache = session.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in PEOPLE:
        manager = getattr(session, name)
        if manager.prefetch_cache_name in cache:
            continue
        rows = instances(f"session page {name}", _people(name), session.pk)
        read = manager.get_queryset()
        read._result_cache, read._prefetch_done = rows, True
        cache[manager.prefetch_cache_name] = read
    return session


def _people(name: str):
    """The query of the session's relation `name` (its related manager's, for the session `pk`)."""
    return lambda pk: getattr(Session(pk=pk), name).all()
