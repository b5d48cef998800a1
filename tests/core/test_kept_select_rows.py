"""A select of every row of its table keeps its markup keyed by the rows read (congress_office/
kept_select_rows.py, decision 376): the add pages are Django's own markup (`KEEP` off), a
session or body added, renamed or removed shows at once in both languages, a label that reads
the database is never kept, and the pages' queries are the same in number with a few sessions
and with many."""

from functools import partial

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from congress_office import kept_select_rows
from congress_office.kept_select_rows import KeptRowsSelect
from congress_office.select_rows import ChoicesAtOnce, with_rows_at_once
from sessions.models import Body, Session
from tests.core.factories import UserFactory
from tests.core.kept_kit import djangos, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

ADD_PAGES = [
    "/admin/evaluations/evaluation/add/",
    "/admin/congress_sessions/election/add/",
    "/admin/congress_sessions/body/add/",
    "/admin/congress_sessions/body/add/?_popup=1&_to_field=id",
]


nothing_kept = nothing_kept_in(kept_select_rows._markup)
_djangos = partial(djangos, kept_select_rows)


@pytest.fixture
def sessions(term):
    return [SessionFactory(term=term, ordinal=n, name=f"第{n}次会议 <&>") for n in (1, 2)]


@pytest.mark.parametrize("url", ADD_PAGES)
def test_an_add_page_is_djangos_own_markup_kept_or_not(office, sessions, url):
    for language in ("zh-hans", "en", "zh-hans"):
        djangos = _djangos(office, url, language)
        assert _page(office, url, language) == djangos  # made, kept
        assert _page(office, url, language) == djangos  # read from what was kept
    assert kept_select_rows._markup


@pytest.mark.parametrize("url", ADD_PAGES[:3])
def test_a_session_added_renamed_or_removed_shows_at_once(office, sessions, term, url):
    for language in ("zh-hans", "en"):
        _page(office, url, language)
    added = SessionFactory(term=term, ordinal=3, name="新增的会议")
    for language in ("zh-hans", "en"):
        page = _page(office, url, language)
        assert "新增的会议" in page
        assert page == _djangos(office, url, language)
    Session.objects.filter(pk=added.pk).update(name="改名的会议")
    for language in ("zh-hans", "en"):
        page = _page(office, url, language)
        assert "改名的会议" in page and "新增的会议" not in page
        assert page == _djangos(office, url, language)
    Session.objects.filter(pk=added.pk).delete()
    for language in ("zh-hans", "en"):
        page = _page(office, url, language)
        assert "改名的会议" not in page
        assert page == _djangos(office, url, language)


def test_a_body_added_shows_on_the_elections_add_page_at_once(office, sessions, term):
    url = ADD_PAGES[1]
    for language in ("zh-hans", "en"):
        _page(office, url, language)
    Body.objects.create(term=term, kind="committee", name="新的委员会", seats=3)
    for language in ("zh-hans", "en"):
        page = _page(office, url, language)
        assert "新的委员会" in page
        assert page == _djangos(office, url, language)


@pytest.mark.parametrize("url", ADD_PAGES)
def test_the_pages_queries_are_as_many_with_few_sessions_and_with_many(office, term, url):
    counts = []
    for many in (2, 12):
        for n in range(Session.objects.count(), many):
            SessionFactory(term=term, ordinal=n + 1, name=f"会议{n + 1}")
        _page(office, url, "zh-hans")  # kept now
        with CaptureQueriesContext(connection) as queries:
            _page(office, url, "zh-hans")
        with CaptureQueriesContext(connection) as djangos:
            _djangos(office, url, "zh-hans")
        assert len(queries) == len(djangos)
        counts.append(len(queries))
    assert counts[0] == counts[1]


class _TermNamed(forms.ModelChoiceField):
    """A field whose label reads another row (the session's term) from the database."""

    def label_from_instance(self, obj):
        return f"{obj.term.name} · {obj.name}"


def _select(field_class=forms.ModelChoiceField) -> forms.ModelChoiceField:
    field = with_rows_at_once(field_class(Session.objects.all()))
    assert type(field.widget) is KeptRowsSelect and field.iterator is ChoicesAtOnce
    return field


def test_a_label_that_reads_the_database_is_never_kept(sessions, term):
    field = _select(_TermNamed)
    first = field.widget.render("session", None)
    assert term.name in first and not kept_select_rows._markup
    term.name = "另一届"
    term.save()
    assert "另一届" in field.widget.render("session", None)


def test_a_label_given_by_the_form_is_not_kept(sessions):
    field = _select()
    field.label_from_instance = lambda obj: f"[{obj.name}]"
    assert "[第1次会议 &lt;&amp;&gt;]" in field.widget.render("session", None)
    assert not kept_select_rows._markup


def test_each_value_chosen_and_language_is_kept_apart(sessions):
    field = _select()
    plain = forms.Select(choices=list(field.choices))
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for value in (None, sessions[0].pk, sessions[1].pk):
                attrs = {"id": "id_session", "required": True}
                expected = plain.render("session", value, attrs)
                assert field.widget.render("session", value, attrs) == expected
                assert field.widget.render("session", value, attrs) == expected
    assert len(kept_select_rows._markup) == 6


def test_a_select_of_some_rows_is_djangos(sessions):
    field = with_rows_at_once(forms.ModelChoiceField(Session.objects.filter(ordinal=1)))
    assert field.widget.render("session", None).count("<option") == 2
    assert not kept_select_rows._markup


def _held(store, secret: str) -> bool:
    """Whether `secret` is among the values of a key of `store` (walked to its leaves)."""

    def walk(value):
        if isinstance(value, tuple | list):
            return any(walk(v) for v in value)
        return value == secret

    return any(walk(key) for key in store)


def test_a_select_of_accounts_holds_no_password_hash_and_shows_each_account_at_once():
    """A select of every account (no page shows one today: RosterImport's `created_by` and
    the personal details removals' `actor` are in forms never shown) is written Django's way:
    a key made of the accounts' rows would hold each one's password hash (decision 555)."""
    accounts = [UserFactory(username=f"account{n}") for n in (1, 2)]
    accounts[0].set_password("a-secret-to-keep-9")
    accounts[0].save()
    field = with_rows_at_once(forms.ModelChoiceField(get_user_model().objects.order_by("pk")))
    plain = forms.Select(choices=list(field.choices))
    assert field.widget.render("account", None) == plain.render("account", None)
    assert field.widget.render("account", None) == plain.render("account", None)
    assert not _held(kept_select_rows._markup, accounts[0].password)
    assert not kept_select_rows._markup
