"""An inline's empty row kept per process (congress_office/kept_empty_forms.py, decision 370):
each page opened after another session's, language's, account's or default's page is the page
Django's empty forms write (`KEEP` off), and a key without the session's key or the model's
defaults fails that comparison; a posted page's forms are not kept. The pickers' chosen rows
read at once by a statement written once (decision 371) are the ORM's rows."""

from functools import partial
from unittest import mock

import pytest

from congress_office import admin_autocomplete, kept_empty_forms, kept_form_classes, keyed_reads
from delegates.models import Delegate
from sessions.admin.bodies import MembershipInline
from sessions.models import AgendaItem, Committee
from tests.core.kept_kit import djangos, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.core.kept_kit import without as _without
from tests.delegates.factories import DelegateFactory
from tests.sessions.factories import SessionFactory, SittingFactory

pytestmark = pytest.mark.django_db


nothing_kept = nothing_kept_in(
    kept_form_classes._classes, kept_empty_forms._forms, kept_empty_forms._rows
)
_djangos = partial(djangos, kept_empty_forms)


def _url(session) -> str:
    return f"/admin/congress_sessions/session/{session.pk}/change/"


@pytest.fixture
def sessions(term):
    made = []
    for _ in range(2):
        session = SessionFactory(term=term)
        SittingFactory(session=session)
        AgendaItem.objects.create(session=session, order=1, kind="report", title="报告")
        committee = Committee.objects.create(session=session, kind="other", name="委员会")
        committee.members.set([DelegateFactory(term=term)])
        made.append(session)
    return made


def test_the_empty_rows_are_kept_and_given_again(office, sessions):
    url = _url(sessions[0])
    first = _page(office, url)
    assert len(kept_empty_forms._forms) == 3 and len(kept_empty_forms._rows) == 3
    assert 'id="committees-empty"' in first
    assert _page(office, url) == first == _djangos(office, url)
    assert len(kept_empty_forms._forms) == 3 and len(kept_empty_forms._rows) == 3


def test_another_sessions_page_links_its_empty_rows_to_it(office, sessions):
    """Each empty row's hidden link holds its session's key."""
    _page(office, _url(sessions[0]))
    second = _page(office, _url(sessions[1]))
    assert second == _djangos(office, _url(sessions[1]))
    assert f'name="committees-__prefix__-session" value="{sessions[1].pk}"' in second


def test_a_key_without_the_sessions_key_fails_the_comparison(office, sessions):
    with mock.patch.object(kept_empty_forms, "_linked_to", lambda formset: 0):
        _page(office, _url(sessions[0]))
        kept = _page(office, _url(sessions[1]))
    assert kept != _djangos(office, _url(sessions[1]))


def test_the_add_page_and_a_change_page(office, sessions):
    add = "/admin/congress_sessions/session/add/"
    for first, second in ((add, _url(sessions[0])), (_url(sessions[0]), add)):
        kept_empty_forms._forms.clear()
        kept_empty_forms._rows.clear()
        _page(office, first)
        assert _page(office, second) == _djangos(office, second)


@pytest.mark.parametrize("model", ["session", "election", "body"])
def test_an_add_page_opened_again(office, model):
    """A new object's page has no row of its own: its rows ask the formset what the empty
    form's making sets on it (its model's key)."""
    url = f"/admin/congress_sessions/{model}/add/"
    first = _page(office, url)
    assert _page(office, url) == first == _djangos(office, url)
    kept_empty_forms._rows.clear()
    assert _page(office, url) == first


def test_a_row_with_a_select_of_rows_is_written_each_time(office, term):
    """A body's seat's form has a select of sessions: its empty row shows the sessions of the
    day, so it is written on each opening (its form kept), even were its inline to say its
    read-only values read no row."""
    url = "/admin/congress_sessions/body/add/"
    with mock.patch.object(MembershipInline, "empty_row_kept", True, create=True):
        _page(office, url)
        SessionFactory(term=term, name="新加的会议")
        page = _page(office, url)
    assert "新加的会议" in page and page == _djangos(office, url)
    assert kept_empty_forms._forms and not kept_empty_forms._rows


def test_each_language_its_own_rows(office, sessions):
    url = _url(sessions[0])
    _page(office, url, "zh-hans")
    assert _page(office, url, "en") == _djangos(office, url, "en")
    assert _page(office, url, "zh-hans") == _djangos(office, url, "zh-hans")


def test_an_account_with_other_permissions_is_not_given_anothers_rows(
    client_for, admin_user, sessions
):
    """The committees' empty row's pickers link to a delegate's page by permission."""
    url = _url(sessions[0])
    fewer = _without(admin_user, "view_delegate")
    for first, second in ((admin_user, fewer), (fewer, admin_user)):
        for store in (kept_form_classes._classes, kept_empty_forms._forms, kept_empty_forms._rows):
            store.clear()
        _page(client_for(first), url)
        assert _page(client_for(second), url) == _djangos(client_for(second), url)


def test_a_default_that_changes_changes_the_empty_row(office, sessions):
    """A default made by a callable (today's date, say) is shown as it is made on each
    opening: part of the key; left out of it, the first one would be shown again."""
    url = _url(sessions[0])
    order = AgendaItem._meta.get_field("order")
    made = [7]
    # Before the first page: the form class (kept) is made with the default's callable.
    order.__dict__.pop("_get_default", None)  # Django's field keeps its default's maker
    with mock.patch.dict(order.__dict__), mock.patch.object(order, "default", lambda: made[0]):
        assert 'name="agenda_items-__prefix__-order" value="7"' in _page(office, url)
        made[0] = 8
        changed = _page(office, url)
        assert 'name="agenda_items-__prefix__-order" value="8"' in changed
        assert changed == _djangos(office, url)
        with mock.patch.object(kept_empty_forms, "_defaults", lambda formset: ()):
            _page(office, url)
            made[0] = 9
            stale = _page(office, url)
        assert stale != _djangos(office, url)
    order.__dict__.pop("_get_default", None)


def test_a_posted_page_makes_its_forms_anew(office, sessions):
    response = office.post(_url(sessions[0]), {"name": ""})
    assert response.status_code == 200
    assert not kept_empty_forms._forms and not kept_empty_forms._rows


def test_the_pickers_rows_read_at_once_are_the_orms(term):
    """Of every delegate, by the ORM's statement for those keys (in the ORM's order); a key
    no column holds is left to the ORM, which leaves it out."""
    delegates = [DelegateFactory(term=term) for _ in range(4)]
    picker = admin_autocomplete.AutocompleteSelect(Committee._meta.get_field("chair"), None)
    queryset = Delegate.objects.all()
    for keys in ([delegates[2].pk], [d.pk for d in delegates][::-1], [delegates[0].pk, 2**40]):
        read = admin_autocomplete._read_in(picker, queryset, "id", keys)
        orms = list(queryset.filter(id__in=keys))
        assert [(row.pk, row.name) for row in read] == [(row.pk, row.name) for row in orms]
    assert [key for key, _zone in keyed_reads._kept_statements if key.startswith("chosen at")]
