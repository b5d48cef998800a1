"""The session's committees' rows kept by their values and their pickers' chosen rows
(sessions/admin/committee_rows.py, decision 487): the page is the one Django's rows write
(`kept_inline_rows.KEEP` off) opened again, in both languages, after a chosen delegate is
renamed, after a committee's chair or members change; a kept row makes no form; a key without
the pickers' rows fails that comparison; the page's queries are as many, kept or not, with one
committee and member or many."""

from functools import partial
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office import (
    admin_autocomplete,
    kept_empty_forms,
    kept_form_classes,
    kept_inline_rows,
)
from delegates.models import Delegate
from sessions.admin import session_reads
from sessions.models import Committee
from tests.core.kept_kit import djangos, inline_forms_made, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.core.kept_kit import without as _without
from tests.delegates.factories import DelegateFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(
    kept_form_classes._classes,
    kept_empty_forms._forms,
    kept_empty_forms._rows,
    kept_inline_rows._rows,
    admin_autocomplete._markup,
)
_djangos = partial(djangos, kept_inline_rows)


def _url(session) -> str:
    return f"/admin/congress_sessions/session/{session.pk}/change/"


def _session(term, committees=1, members=1, presidium=True, ordinal=1):
    people = [DelegateFactory(term=term, name=f"代表<{ordinal}.{n}>") for n in range(members + 1)]
    session = SessionFactory(
        term=term, ordinal=ordinal, secretary_general=people[0] if presidium else None
    )
    if presidium:
        session.presidium.set(people[:2])
    kinds = ["qualification_review", "proposal_review"] + ["other"] * committees
    for kind in kinds[:committees]:
        committee = Committee.objects.create(
            session=session, kind=kind, name=f"委员会{kind}", chair=people[-1]
        )
        committee.members.set(people[1:])
    return session


def _same_as_djangos(client, url, shown=None):
    for language in ("zh-hans", "en"):
        djangos = _djangos(client, url, language)
        assert _page(client, url, language) == djangos
        page = _page(client, url, language)  # the committees' rows held
        assert page == djangos
        if shown is not None:
            assert shown in page


def _committee_forms_made(client, url) -> int:
    return inline_forms_made(client, url).count("committees")


def test_a_committees_row_is_kept_and_makes_no_form(office, term):
    url = _url(_session(term, committees=2, members=3))
    assert _committee_forms_made(office, url) == 2
    assert _committee_forms_made(office, url) == 0
    _same_as_djangos(office, url, "代表&lt;1.3&gt;")


def test_a_renamed_delegate_shows_at_once(office, term):
    session = _session(term, committees=2, members=3)
    url = _url(session)
    _same_as_djangos(office, url)
    committee = Committee.objects.filter(session=session).first()
    Delegate.objects.filter(pk=committee.chair_id).update(name="改名的主任")
    _same_as_djangos(office, url, "改名的主任")
    member = committee.members.order_by("pk").first()
    Delegate.objects.filter(pk=member.pk).update(name="改名的委员")
    _same_as_djangos(office, url, "改名的委员")


def test_a_changed_membership_shows_at_once(office, term):
    session = _session(term, committees=2, members=3)
    url = _url(session)
    _same_as_djangos(office, url)
    committee = Committee.objects.filter(session=session).first()
    newcomer = DelegateFactory(term=term, name="新委员")
    committee.members.add(newcomer)
    _same_as_djangos(office, url, "新委员")
    committee.members.remove(newcomer)
    page = _page(office, url)
    assert "新委员" not in page and page == _djangos(office, url)
    Committee.objects.filter(pk=committee.pk).update(chair=newcomer)
    _same_as_djangos(office, url, "新委员")
    Committee.objects.filter(pk=committee.pk).update(chair=None)
    _same_as_djangos(office, url)


def test_another_sessions_rows(office, term):
    first = _session(term, committees=2, members=2, ordinal=1)
    second = _session(term, committees=1, members=4, ordinal=2)
    _page(office, _url(first))
    for url in (_url(second), _url(first)):
        _same_as_djangos(office, url)


def test_a_key_without_the_pickers_rows_fails_the_comparison(office, term):
    session = _session(term, committees=1, members=2, presidium=False)  # shown in its row only
    url = _url(session)
    with mock.patch.object(session_reads.CommitteeRowsFormSet, "chosen_shown", lambda s, i: ()):
        _page(office, url)
        member = Committee.objects.get(session=session).members.order_by("pk").first()
        Delegate.objects.filter(pk=member.pk).update(name="改名的委员")
        stale = _page(office, url)
    assert "改名的委员" not in stale and stale != _djangos(office, url)


def _counted(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        _page(client, url)
    return len(queries)


@pytest.mark.parametrize(
    ("committees", "members", "presidium"),
    [(1, 1, True), (1, 1, False), (4, 12, True), (4, 12, False)],
)
def test_the_pages_queries_are_as_many_kept_or_not(office, term, committees, members, presidium):
    """14 whatever the committees and members, first opening and again, kept or not; with no
    presidium or secretary general, the committees' pickers read their rows together still."""
    url = _url(_session(term, committees, members, presidium))
    counts = [_counted(office, url), _counted(office, url)]
    with mock.patch.object(kept_inline_rows, "KEEP", False):
        counts.append(_counted(office, url))
    assert counts == [14, 14, 14]


def test_a_picker_alone_of_its_kind_reads_as_before(office, term):
    """A committee with a chair and no members, no presidium: its chair's picker is alone of
    its kind and reads its row itself, read before the row's form is made: as many queries."""
    session = SessionFactory(term=term)
    Committee.objects.create(session=session, kind="other", chair=DelegateFactory(term=term))
    url = _url(session)
    with mock.patch.object(kept_inline_rows, "KEEP", False):
        djangos = _counted(office, url)
    assert [_counted(office, url), _counted(office, url)] == [djangos, djangos]
    _same_as_djangos(office, url)


def test_an_account_that_may_only_read_the_committees_is_shown_its_own_rows(
    office, client_for, secretariat, term
):
    """The rows kept for an account that may change the committees are not shown to one that
    may only read them (read-only cells, the chair a link, the members' names: the inline's
    permissions are in the key; its rows are written each time today), and a chair renamed
    shows at once in those too (decision 559)."""
    session = _session(term, committees=2, members=3)
    url = _url(session)
    _same_as_djangos(office, url)
    editable = _page(office, url)
    reader = client_for(_without(secretariat, "change_committee"))
    _same_as_djangos(reader, url, "代表&lt;1.3&gt;")
    read_only = _page(reader, url)
    assert 'name="committees-0-name"' in editable and 'name="committees-0-name"' not in read_only
    committee = Committee.objects.filter(session=session).first()
    Delegate.objects.filter(pk=committee.chair_id).update(name="改名的主任")
    _same_as_djangos(reader, url, "改名的主任")
