"""An inline's shown rows kept per process by what each shows (congress_office/
kept_inline_rows.py, decision 404): each page opened after a change of a row's values, another
session's, language's or account's page is the page Django's rows write (`KEEP` off); a key
without the row's values fails that comparison; rows with pickers and a posted page keep
nothing; the page's queries are as many."""

from functools import partial
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office import kept_empty_forms, kept_form_classes, kept_inline_rows
from sessions.admin.sessions import AgendaItemInline, SittingInline
from sessions.models import AgendaItem, Committee, Sitting
from tests.core.kept_kit import djangos, inline_forms_made, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.core.kept_kit import without as _without
from tests.delegates.factories import DelegateFactory
from tests.sessions.factories import SessionFactory, SittingFactory

pytestmark = pytest.mark.django_db


STORES = (
    kept_form_classes._classes,
    kept_empty_forms._forms,
    kept_empty_forms._rows,
    kept_inline_rows._rows,
)
nothing_kept = nothing_kept_in(*STORES)
_djangos = partial(djangos, kept_inline_rows)


def _url(session) -> str:
    return f"/admin/congress_sessions/session/{session.pk}/change/"


def _session(term, items=1):
    session = SessionFactory(term=term)
    SittingFactory(session=session)
    for order in range(1, items + 1):
        AgendaItem.objects.create(session=session, order=order, kind="report", title="报告")
    committee = Committee.objects.create(session=session, kind="other", name="委员会")
    committee.members.set([DelegateFactory(term=term)])
    return session


@pytest.fixture
def sessions(term):
    return [_session(term), _session(term)]


def test_the_rows_are_kept_and_given_again(office, sessions):
    url = _url(sessions[0])
    first = _page(office, url)
    assert len(kept_inline_rows._rows) == 3  # the sitting's, the item's, the committee's (487)
    assert _page(office, url) == first == _djangos(office, url)
    assert len(kept_inline_rows._rows) == 3


def test_a_rows_changed_values_are_shown(office, sessions):
    url = _url(sessions[0])
    _page(office, url)
    AgendaItem.objects.filter(session=sessions[0]).update(title="新的标题", outcome="adopted")
    sitting = Sitting.objects.get(session=sessions[0])
    Sitting.objects.filter(pk=sitting.pk).update(date=sitting.date.replace(day=1), part="pm")
    changed = _page(office, url)
    assert "新的标题" in changed and changed == _djangos(office, url)


def test_a_key_without_the_rows_values_fails_the_comparison(office, sessions):
    url = _url(sessions[0])
    with mock.patch.object(kept_inline_rows, "_key", lambda rows_key, inline, obj, index: index):
        _page(office, url)
        AgendaItem.objects.filter(session=sessions[0]).update(title="新的标题")
        stale = _page(office, url)
    assert "新的标题" not in stale and stale != _djangos(office, url)


def test_a_sittings_words_are_not_asked_and_its_changes_show(office, sessions):
    """Decision 506: a sitting's and a committee's words are their own values in the page's
    language, which the key holds; not asked for a kept row, and a changed date, part, name or
    kind shows at once in both languages."""
    url = _url(sessions[0])
    _page(office, url)
    asked = AssertionError("asked")
    with (
        mock.patch.object(Sitting, "__str__", side_effect=asked),
        mock.patch.object(Committee, "__str__", side_effect=asked),
    ):
        _page(office, url)  # every row held: no row's words asked
    sitting = Sitting.objects.get(session=sessions[0])
    Sitting.objects.filter(pk=sitting.pk).update(date=sitting.date.replace(day=2), part="pm")
    Committee.objects.filter(session=sessions[0]).update(name="", kind="proposal_review")
    for language in ("en", "zh-hans", "en"):
        assert _page(office, url, language) == _djangos(office, url, language)


def test_another_sessions_and_languages_rows(office, sessions):
    _page(office, _url(sessions[0]))
    for language in ("en", "zh-hans"):
        for url in map(_url, sessions):
            assert _page(office, url, language) == _djangos(office, url, language)


def test_the_committees_pickers_show_their_delegates_as_they_are(office, sessions):
    url = _url(sessions[0])
    _page(office, url)
    Committee.objects.get(session=sessions[0]).members.update(name="赵六")
    page = _page(office, url)
    assert "赵六" in page and page == _djangos(office, url)


def test_an_account_with_other_permissions_is_not_given_anothers_rows(
    client_for, admin_user, sessions
):
    """A row's deletion box is shown by the account's permission."""
    url = _url(sessions[0])
    fewer = _without(admin_user, "delete_agendaitem")
    accounts = [client_for(admin_user), client_for(fewer)]
    for before, after in (accounts, accounts[::-1]):
        _ = [store.clear() for store in STORES]
        _page(before, url)
        assert _page(after, url) == _djangos(after, url)


def test_a_posted_page_keeps_no_row(office, sessions):
    response = office.post(_url(sessions[0]), {"name": ""})
    assert response.status_code == 200
    assert not kept_inline_rows._rows


@pytest.mark.parametrize("items", [1, 12])
def test_the_pages_queries_are_as_many_kept_or_not(office, term, items):
    """Keeping a row reads nothing more or less: 14 queries whatever the rows, as before."""
    url = _url(_session(term, items))
    _page(office, url)
    for keep in (True, False):
        with (
            mock.patch.object(kept_inline_rows, "KEEP", keep),
            CaptureQueriesContext(connection) as queries,
        ):
            _page(office, url)
        assert len(queries) == 14


def _rows_forms_made(office, url) -> int:
    return len([prefix for prefix in inline_forms_made(office, url) if prefix != "committees"])


def test_a_kept_row_makes_no_form(office, term):
    """Opened again, the sittings' and items' rows are held: their forms are not made (the
    committees', whose pickers show their delegates, are)."""
    url = _url(_session(term, items=3))
    assert _rows_forms_made(office, url) == 4
    assert _rows_forms_made(office, url) == 0
    assert _page(office, url) == _djangos(office, url)


def test_rows_held_when_the_store_starts_again(office, sessions):
    """The rows are held for the page: a store emptied between the page's media (which makes
    the forms) and its rows changes nothing."""
    url = _url(sessions[0])
    _page(office, url)
    hold = kept_inline_rows.hold

    def held_then_emptied(inline_admin_formsets):
        hold(inline_admin_formsets)
        kept_inline_rows._rows.clear()

    with mock.patch.object(kept_inline_rows, "hold", held_then_emptied):
        assert _page(office, url) == _djangos(office, url)


@pytest.mark.parametrize("inline", [SittingInline, AgendaItemInline])
def test_rows_held_for_an_inline_without_its_empty_row(office, sessions, inline):
    """Where a sitting (an item) may not be added there is no empty row kept, and the rows
    are written otherwise: rows held for the page are let go and written as Django writes
    them. (Rows are kept under the form class, which the add permission makes another: the
    key is narrowed to the row here so that rows kept for the first page are held.)"""
    url = _url(sessions[0])
    by_row = lambda rows_key, inline, obj, index: (type(obj), obj.pk, index)  # noqa: E731
    with mock.patch.object(kept_inline_rows, "_key", by_row):
        _page(office, url)
        with mock.patch.object(inline, "has_add_permission", lambda *args: False):
            shown = _page(office, url)
            assert shown == _djangos(office, url)
