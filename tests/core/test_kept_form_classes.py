"""The admin pages' form and formset classes kept per process (congress_office/
kept_form_classes.py, decision 357): each page opened with a class kept for another account,
language or object is the page Django's own classes write (`KEEP` off), so each part of the
key is needed; a class is kept and given again for the same inputs; a posted page's classes
are made anew."""

from functools import partial
from unittest import mock

import pytest
from django.contrib.admin import site

from congress_office import kept_form_classes
from sessions.models import AgendaItem, Candidate, Election, Session
from tests.core.kept_kit import djangos, nothing_kept_in
from tests.core.kept_kit import page as _page
from tests.core.kept_kit import without as _without
from tests.sessions.factories import SessionFactory, SittingFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_form_classes._classes)
_djangos = partial(djangos, kept_form_classes)


@pytest.fixture
def session(term):
    session = SessionFactory(term=term)
    SittingFactory(session=session)
    AgendaItem.objects.create(session=session, order=1, kind="report", title="报告")
    return session


def test_the_same_inputs_are_given_the_same_classes(rf, secretariat, session):
    admin = site._registry[Session]
    request = rf.get("/")
    request.user = secretariat
    first = admin.get_form(request, session, change=True, fields=admin.fields)
    assert admin.get_form(request, session, change=True, fields=admin.fields) is first
    assert admin.get_form(request, None, change=False, fields=admin.fields) is not first
    posted = rf.post("/")
    posted.user = secretariat
    assert admin.get_form(posted, session, change=True, fields=admin.fields) is not first
    inline = admin.get_inline_instances(request, session)[0]
    assert inline.get_formset(request, session) is inline.get_formset(request, session)


@pytest.mark.parametrize("page", ["add", "change"])
def test_an_account_with_other_permissions_is_not_given_anothers_classes(
    client_for, secretariat, admin_user, session, page
):
    """The relations' wrappers show a link by the related model's permission: a class made
    for an account that may add a term is not given to one that may not."""
    url = "/admin/congress_sessions/session/add/"
    if page == "change":
        url = f"/admin/congress_sessions/session/{session.pk}/change/"
    codename = "add_term" if page == "add" else "view_delegate"
    fewer = _without(admin_user, codename)
    for first, second in ((admin_user, fewer), (fewer, admin_user)):
        kept_form_classes._classes.clear()
        _page(client_for(first), url)
        kept = _page(client_for(second), url)
        djangos = _djangos(client_for(second), url)
        assert kept == djangos
    assert _djangos(client_for(admin_user), url) != _djangos(client_for(fewer), url)


def test_each_language_its_own_page(office, session):
    url = f"/admin/congress_sessions/session/{session.pk}/change/"
    _page(office, url, "zh-hans")
    assert _page(office, url, "en") == _djangos(office, url, "en")
    assert _page(office, url, "zh-hans") == _djangos(office, url, "zh-hans")


def test_an_elections_state_is_part_of_its_classes_key(office, session):
    """An election's candidates are edited only while it is prepared: its inlines answer
    their permissions by its status, and its form shows every field read-only after."""
    body_item = AgendaItem.objects.create(session=session, order=2, kind="election", title="选举")
    preparing, approved = (
        Election.objects.create(
            session=session, agenda_item=body_item, title=title, fills="higher_delegates", seats=1
        )
        for title in ("甲", "乙")
    )
    for election in (preparing, approved):
        Candidate.objects.create(election=election, name="丙", formal=True)
    Election.objects.filter(pk=approved.pk).update(status=Election.Status.LIST_APPROVED)
    urls = [f"/admin/congress_sessions/election/{e.pk}/change/" for e in (preparing, approved)]
    for first, second in (urls, urls[::-1]):
        kept_form_classes._classes.clear()
        _page(office, first)
        assert _page(office, second) == _djangos(office, second)
    assert _djangos(office, urls[0]).count("<input") != _djangos(office, urls[1]).count("<input")


def test_a_permission_left_out_of_the_key_fails_the_comparison(client_for, admin_user, session):
    """The comparison above catches a key without the permissions asked: answered alike
    whatever they were, the second account is given the first one's page."""
    url = "/admin/congress_sessions/session/add/"
    fewer = _without(admin_user, "add_term")
    _page(client_for(admin_user), url)
    with mock.patch.object(kept_form_classes, "_answers_alike", lambda user, answers: True):
        kept = _page(client_for(fewer), url)
    assert kept != _djangos(client_for(fewer), url)


def test_a_pickers_search_address_is_djangos_under_each_script_prefix():
    """The pickers' search address, kept by URLconf and script prefix (decision 358)."""
    from django.urls import get_script_prefix, reverse, set_script_prefix

    from congress_office.admin_autocomplete import AutocompleteSelect
    from sessions.models import Committee

    picker = AutocompleteSelect(Committee._meta.get_field("chair"), site)
    before = get_script_prefix()
    try:
        for prefix in ("/", "/office/", "/"):
            set_script_prefix(prefix)
            assert picker.get_url() == reverse("admin:autocomplete")
            assert picker.get_url().startswith(prefix)
    finally:
        set_script_prefix(before)
