"""The pickers' markup kept by what each shows (`admin_autocomplete`, `_OfficePicker.render`,
decision 442): the session's change page, its presidium, secretary general and a
committee's chair and members chosen, is Django's own (`KEEP_MARKUP` off) in both languages,
opened twice, after a chosen delegate is renamed, after the presidium changes, and for
another session; the page's queries are as many kept as not, with few chosen and many."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office import admin_autocomplete
from delegates.models import Delegate
from sessions.models import Committee
from tests.core.kept_kit import nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.delegates.factories import DelegateFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(admin_autocomplete._markup)


def _djangos(client, url, language):
    with mock.patch.object(admin_autocomplete, "KEEP_MARKUP", False):
        return _page(client, url, language)


@pytest.fixture
def delegates(term):
    return [DelegateFactory(term=term, name=f"代表<{n}>") for n in range(4)]


def _session(term, delegates, ordinal):
    session = SessionFactory(term=term, ordinal=ordinal, secretary_general=delegates[0])
    session.presidium.set(delegates[:3])
    committee = Committee.objects.create(
        session=session, kind="other", name="委员会", chair=delegates[1]
    )
    committee.members.set(delegates[1:])
    return session


def _url(session):
    return f"/admin/congress_sessions/session/{session.pk}/change/"


def _same_as_djangos(client, url, shown):
    for language in ("zh-hans", "en"):
        djangos = _djangos(client, url, language)
        assert _page(client, url, language) == djangos  # made, kept
        page = _page(client, url, language)  # read from what was kept
        assert page == djangos and shown in page


def test_the_page_is_djangos_opened_again_and_after_what_it_shows_changes(office, term, delegates):
    session = _session(term, delegates, 1)
    url = _url(session)
    _same_as_djangos(office, url, "代表&lt;2&gt;")
    assert admin_autocomplete._markup
    Delegate.objects.filter(pk=delegates[2].pk).update(name="改名的代表")
    _same_as_djangos(office, url, "改名的代表")
    session.presidium.set([delegates[3]])
    _same_as_djangos(office, url, "代表&lt;3&gt;")
    other = _session(term, delegates, 2)
    _same_as_djangos(office, _url(other), "代表&lt;1&gt;")


@pytest.mark.parametrize("kept", [True, False])
def test_the_pages_queries_are_as_many_kept_or_not_few_chosen_or_many(
    office, term, delegates, kept, monkeypatch
):
    monkeypatch.setattr(admin_autocomplete, "KEEP_MARKUP", kept)
    session = _session(term, delegates, 1)
    url = _url(session)

    def counted():
        with CaptureQueriesContext(connection) as first:
            _page(office, url)
        with CaptureQueriesContext(connection) as again:
            _page(office, url)
        return len(first), len(again)

    few = counted()
    session.presidium.set([*delegates, *(DelegateFactory(term=term) for _ in range(10))])
    assert counted() == few


def test_kept_or_not_the_queries_are_as_many(office, term, delegates, monkeypatch):
    url = _url(_session(term, delegates, 1))
    counts = []
    for kept in (False, True, True):
        monkeypatch.setattr(admin_autocomplete, "KEEP_MARKUP", kept)
        with CaptureQueriesContext(connection) as queries:
            _page(office, url)
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]
