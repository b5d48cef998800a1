"""The session's invited attendees' filter box keeps its markup by the rows read
(`sessions/admin/choices.py`, `KeptFilterBox`, decision 440): the change and add pages are
Django's own (`KEEP` off) in both languages, opened again and after an attendee is added,
renamed or chosen; the box's label is part of its key; the page's queries are as many with
few attendees as with many."""

from functools import partial

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office import kept_select_rows
from congress_office.select_rows import ChoicesAtOnce
from delegates.models import NonVotingAttendee
from sessions.admin.choices import KeptFilterBox
from tests.core.kept_kit import djangos, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_select_rows._markup)
_djangos = partial(djangos, kept_select_rows)


def _attendee(term, name):
    return NonVotingAttendee.objects.create(
        term=term, name=name, work_unit="单位 <&>", category="other"
    )


@pytest.fixture
def session(term):
    session = SessionFactory(term=term, ordinal=1)
    session.invited_attendees.set([_attendee(term, "列席甲"), _attendee(term, "列席乙")])
    return session


def _urls(session):
    return [
        f"/admin/congress_sessions/session/{session.pk}/change/",
        "/admin/congress_sessions/session/add/",
    ]


def test_the_pages_are_djangos_opened_again_and_after_the_attendees_change(office, session, term):
    def same_as_djangos(shown):
        for url in _urls(session):
            for language in ("zh-hans", "en"):
                djangos = _djangos(office, url, language)
                assert _page(office, url, language) == djangos  # made, kept
                page = _page(office, url, language)  # read from what was kept
                assert page == djangos and shown in page

    same_as_djangos("列席乙")
    assert any(key[3] is KeptFilterBox for key in kept_select_rows._markup)
    added = _attendee(term, "新列席")
    same_as_djangos("新列席")
    NonVotingAttendee.objects.filter(pk=added.pk).update(name="改名的列席")
    same_as_djangos("改名的列席")
    session.invited_attendees.add(added)
    same_as_djangos("改名的列席")


def test_the_boxs_label_is_in_its_key(session):
    written = []
    for label in ("列席人员", "另一个标签"):
        field = forms.ModelMultipleChoiceField(
            NonVotingAttendee.objects.all(), widget=KeptFilterBox(label, False)
        )
        field.iterator = ChoicesAtOnce
        field.widget.choices = field.choices
        written.append(field.widget.render("invited_attendees", [], {"id": "id_a"}))
    assert 'data-field-name="列席人员"' in written[0]
    assert 'data-field-name="另一个标签"' in written[1]
    assert len(kept_select_rows._markup) == 2


@pytest.mark.parametrize("kept", [True, False])
def test_the_change_pages_queries_are_as_many_with_few_attendees_as_with_many(
    office, session, term, kept, monkeypatch
):
    monkeypatch.setattr(kept_select_rows, "KEEP", kept)
    url = _urls(session)[0]

    def counted():
        _page(office, url)
        with CaptureQueriesContext(connection) as queries:
            _page(office, url)
        return len(queries)

    few = counted()
    for n in range(12):
        _attendee(term, f"列席{n}")
    assert counted() == few
