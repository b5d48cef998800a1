"""The tabular inlines' frames (heading, columns, the formset's data for the page's script)
kept by what they depend on (congress_office/templatetags/inline_frame.py, decisions 431,
439): every page is the one the office's tabular.html writes with nothing kept, whatever page
kept them first, in both languages: an evaluation's add page, a draft (rows that may be changed
and deleted), a draft its reader may only view, an open and a closed evaluation, two sessions'
change pages and the session's add page; a posted page's frames are written anew."""

from functools import partial
from unittest import mock

import pytest
from django.test import Client

from congress_office.templatetags import admin_frame, inline_frame
from tests.core.kept_kit import djangos, nothing_kept_in, page, without
from tests.evaluations.kit import S, evaluation_in
from tests.sessions.factories import SessionFactory, SittingFactory
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(admin_frame._written)
djangos = partial(djangos, inline_frame)


@pytest.fixture
def urls(session, secretariat, voters, make_evaluation):
    people = voters(2)
    draft = make_evaluation(subjects=2, criteria=1)
    opened, closed = (
        evaluation_in(status, session=session, office=secretariat, entitled=people)
        for status in (S.OPEN, S.CLOSED)
    )
    pages = [f"/admin/evaluations/evaluation/{e.pk}/change/" for e in (draft, opened, closed)]
    return ["/admin/evaluations/evaluation/add/", *pages]


def _each_djangos_in_each_order(client, orders):
    """Each page, in each order of opening (nothing kept before each) and both languages,
    the one written with nothing kept."""
    for urls_in_order in orders:
        admin_frame._written.clear()
        for language in ("zh-hans", "en"):
            for url in urls_in_order:
                assert page(client, url, language) == djangos(client, url, language), url
        assert admin_frame._written


def test_each_page_with_frames_kept_by_another_is_djangos(office, urls):
    orders = (urls, urls[::-1], [urls[2], urls[0], urls[3], urls[1]])
    _each_djangos_in_each_order(office, orders)


def test_a_draft_read_only_for_its_reader_after_one_that_is_not(office, secretariat, urls):
    draft = urls[1]
    client = Client()
    sign_in_as(client, without(secretariat, "change_subject"))
    for language in ("zh-hans", "en"):
        assert page(office, draft, language) == djangos(office, draft, language)
        shown = page(client, draft, language)
        assert shown == djangos(client, draft, language)
        assert shown != page(office, draft, language)  # the subjects' columns differ


def test_sessions_pages_with_frames_kept_by_another_are_djangos(office, term):
    sessions = [SessionFactory(term=term, ordinal=n) for n in (1, 2)]
    SittingFactory(session=sessions[0])
    urls = [f"/admin/congress_sessions/session/{s.pk}/change/" for s in sessions]
    urls.append("/admin/congress_sessions/session/add/")
    _each_djangos_in_each_order(office, (urls, urls[::-1]))


def test_a_key_of_the_inline_and_prefix_alone_shows_another_readers_page(office, secretariat, urls):
    """The comparison above fails with a shorter key: the permissions are needed."""
    draft = urls[1]
    client = Client()
    sign_in_as(client, without(secretariat, "change_subject"))
    short = lambda formset: (type(formset.opts), formset.formset.prefix)  # noqa: E731
    with mock.patch.object(inline_frame, "frame_key", short):
        page(office, draft)
        assert page(client, draft) != djangos(client, draft)
