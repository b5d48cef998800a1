"""The session's main fieldset kept by what it shows, its pickers and box written on every
opening (congress_office/kept_form_fieldset.py, decision 505): the page is the one written anew
(`KEEP` off), opened again, in both languages, after each kind of change the fieldset shows (its
name, a date, its venue, its status, its term's name, its presidium, its invited attendees),
for another session, for a reader who may not change it; a key without the part a change needs
shows the old page and fails the comparison; the page's queries are as many kept or not, with
few people or many."""

from functools import partial
from unittest import mock

import pytest
from django import forms
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office import kept_form_classes, kept_form_fieldset
from delegates.models import NonVotingAttendee, Term
from sessions.models import Session
from tests.core.factories import UserFactory
from tests.core.kept_kit import djangos, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.delegates.factories import DelegateFactory
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_form_fieldset._fieldsets, kept_form_classes._classes)
_djangos = partial(djangos, kept_form_fieldset)
LANGUAGES = ("zh-hans", "en")


def _url(session) -> str:
    return f"/admin/congress_sessions/session/{session.pk}/change/"


def _attendee(term, name):
    return NonVotingAttendee.objects.create(
        term=term, name=name, work_unit="单位", category="other"
    )


def _session(term, people=2, ordinal=1):
    delegates = [DelegateFactory(term=term, name=f"代表<{ordinal}.{n}>") for n in range(people)]
    session = SessionFactory(term=term, ordinal=ordinal, secretary_general=delegates[0])
    session.presidium.set(delegates)
    session.invited_attendees.set([_attendee(term, f"列席{ordinal}.{n}") for n in range(people)])
    return session


def _same_as_djangos(client, url, shown=None, languages=LANGUAGES) -> str:
    for language in languages:
        djangos = _djangos(client, url, language)
        assert _page(client, url, language) == djangos
        page = _page(client, url, language)  # the fieldset kept
        assert page == djangos
        if shown is not None:
            assert shown in page
    return page


def _written(client, url, language="zh-hans") -> int:
    """How many times the page wrote its fieldset's lines (a kept fieldset writes none)."""
    from congress_office.templatetags import office_form

    calls = []
    line = office_form._line
    with mock.patch.object(office_form, "_line", lambda *a: calls.append(1) or line(*a)):
        _page(client, url, language)
    return len(calls)


def test_the_fieldset_is_kept_and_written_once(office, term):
    url = _url(_session(term))
    assert _written(office, url) == 12
    assert _written(office, url) == 0
    _same_as_djangos(office, url, "代表&lt;1.1&gt;")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_change_shows_at_once(office, term, language):
    session = _session(term)
    url = _url(session)
    same = partial(_same_as_djangos, office, url, languages=[language])
    same()
    Session.objects.filter(pk=session.pk).update(name="改名的<会议>")
    same("改名的&lt;会议&gt;")
    before = same()
    Session.objects.filter(pk=session.pk).update(start_date="2023-12-30")
    assert same() != before
    Session.objects.filter(pk=session.pk).update(venue="新会场")
    same("新会场")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CLOSED)
    same()
    Term.objects.filter(pk=term.pk).update(name="改名的届")
    same("改名的届")
    session.presidium.add(DelegateFactory(term=term, name="新主席团成员"))
    same("新主席团成员")
    session.invited_attendees.add(_attendee(term, "新列席人员"))
    same("新列席人员")
    session.secretary_general = DelegateFactory(term=term, name="新秘书长")
    session.save()
    same("新秘书长")


def test_another_sessions_fieldset(office, term):
    first, second = _session(term, ordinal=1), _session(term, people=3, ordinal=2)
    _page(office, _url(first))
    for url in (_url(second), _url(first)):
        _same_as_djangos(office, url)


def _reader(user):
    """A staff account with `user`'s permissions but changing a session."""
    change = Permission.objects.get(
        content_type__app_label="congress_sessions", codename="change_session"
    )
    held = [
        p
        for p in Permission.objects.select_related("content_type")
        if p != change and user.has_perm(f"{p.content_type.app_label}.{p.codename}")
    ]
    reader = UserFactory(username="reader", is_staff=True)
    reader.user_permissions.set(held)
    return reader


def test_a_reader_who_may_not_change_the_session(client_for, secretariat, term):
    """Every field read-only, the presidium's and attendees' rows in words: not kept."""
    session = _session(term)
    url = _url(session)
    office_page = _page(client_for(secretariat), url)
    reader = client_for(_reader(secretariat))
    page = _page(reader, url)
    assert page != office_page and 'name="name"' not in page
    _same_as_djangos(reader, url)
    session.presidium.add(DelegateFactory(term=term, name="新主席团成员"))
    _same_as_djangos(reader, url, "新主席团成员")
    Session.objects.filter(pk=session.pk).update(name="改名的会议")
    _same_as_djangos(reader, url, "改名的会议")


@pytest.mark.parametrize(
    ("left_out", "change"),
    [
        # an input's value is the object's column too: both left out
        (("inputs", "columns"), lambda s: Session.objects.filter(pk=s.pk).update(name="新名称")),
        (("columns",), lambda s: Session.objects.filter(pk=s.pk).update(status="closed")),
        (("related",), lambda s: Term.objects.filter(pk=s.term_id).update(name="改名的届")),
        # the form's class is kept by the language too, and its label suffix is translated
        (("language", "form class", "form"), None),
    ],
)
def test_a_key_without_a_part_fails_the_comparison(client_for, secretariat, term, left_out, change):
    session = _session(term)
    url = _url(session)
    parts = kept_form_fieldset._parts

    def shorter(*args):
        made = parts(*args)
        if made is not None:
            for name in left_out:
                made.pop(name)
        return made

    client = client_for(secretariat)
    with mock.patch.object(kept_form_fieldset, "_parts", shorter):
        _page(client, url)
        if change is not None:
            change(session)
        language = "en" if "language" in left_out else "zh-hans"
        stale = _page(client, url, language)
    assert stale != _djangos(client, url, language)


def _counted(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        _page(client, url)
    return len(queries)


@pytest.mark.parametrize("people", [1, 12])
def test_the_pages_queries_are_as_many_kept_or_not(office, term, people):
    url = _url(_session(term, people=people))
    with mock.patch.object(kept_form_fieldset, "KEEP", False):
        djangos = _counted(office, url)
    assert [_counted(office, url), _counted(office, url)] == [djangos, djangos]
    assert djangos == 14


# What a form's `__init__` may change for one object or reader that the key does not hold: a
# field's help, a widget and its choices, a picker's help or required flag (decision 605).
SHOWN = ["甲会场"]


def _help_of_name(form):
    form.fields["name"].help_text = SHOWN[0]


def _venue_as_select(form):
    form.fields["venue"].widget = forms.Select(choices=[(v, v) for v in SHOWN])


def _help_of_a_picker(form):
    form.fields["presidium"].help_text = SHOWN[0]


def _picker_required(form):
    form.fields["secretary_general"].required = SHOWN[0] == "乙会场"


@pytest.mark.parametrize(
    "change", [_help_of_name, _venue_as_select, _help_of_a_picker, _picker_required]
)
def test_a_field_its_form_changes_on_each_opening_is_shown_as_changed(office, term, change):
    from sessions.admin.sessions import SessionForm

    own = SessionForm.__init__

    def changing(form, *args, **kwargs):
        own(form, *args, **kwargs)
        change(form)

    url = _url(_session(term))
    SHOWN[:] = ["甲会场"]
    with mock.patch.object(SessionForm, "__init__", changing):
        _page(office, url)
        SHOWN[:] = ["乙会场"]
        page = _page(office, url)
        assert page == _djangos(office, url)
    if change is not _picker_required:
        assert "乙会场" in page


@pytest.mark.parametrize(
    "query", ["?_popup=1", "?_changelist_filters=status__exact%3Dclosed", "?_to_field=id"]
)
def test_a_popup_or_a_lists_filters_in_the_address(office, term, query):
    """Opened plain first, then with the address's own parameters: as Django writes it."""
    url = _url(_session(term))
    _page(office, url)
    _same_as_djangos(office, url + query)


def test_a_reader_without_the_terms_pages_sees_its_fieldset_as_django_writes_it(
    client_for, secretariat, term
):
    """The term's link is Django's whatever the reader may open (its `get_admin_url` asks no
    permission): kept for one account, shown to the other as written for it."""
    from tests.core.kept_kit import without

    url = _url(_session(term))
    _page(client_for(secretariat), url)
    reader = client_for(without(secretariat, "view_term"))
    page = _same_as_djangos(reader, url)
    assert f'/admin/delegates/term/{term.pk}/change/"' in page


def test_a_read_only_method_the_admin_does_not_name_is_asked_each_time(office, term):
    """The admin names its own read-only methods that show its columns and addresses alone
    (`fieldset_own_methods`); any other (a count of rows, say) and the fieldset is written as
    before, its text never the first opening's (decision 607)."""
    from sessions.admin.sessions import SessionAdmin

    def sittings_said(model_admin, obj):
        return SHOWN[0]

    url = _url(_session(term))
    SHOWN[:] = ["甲会场"]
    with (
        mock.patch.object(SessionAdmin, "sittings_said", sittings_said, create=True),
        mock.patch.object(SessionAdmin, "fields", [*SessionAdmin.fields, "sittings_said"]),
        mock.patch.object(
            SessionAdmin, "readonly_fields", [*SessionAdmin.readonly_fields, "sittings_said"]
        ),
    ):
        _page(office, url)
        SHOWN[:] = ["乙会场"]
        page = _page(office, url)
        assert "乙会场" in page and page == _djangos(office, url)
