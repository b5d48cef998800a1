"""The evaluation's inlines' frames (heading, columns, the formset's data for the page's
script) kept by what they depend on (evaluations/templatetags/evaluation_inline_frames.py,
decision 431): every page is the one Django's tabular.html writes, whatever page kept them
first, in both languages, for a draft (rows that may be changed and deleted), a draft its
reader may only view, an open and a closed evaluation and the add page."""

from unittest import mock

import pytest
from django.test import Client

from congress_office.templatetags import admin_frame
from evaluations import admin as evaluations_admin
from tests.core.kept_kit import nothing_kept_in, page, without
from tests.evaluations.kit import S, evaluation_in
from tests.sign_in import sign_in_as

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(admin_frame._written)
INLINES = [
    evaluations_admin.DraftOnlyInline,
    evaluations_admin.StatusChangeInline,
    evaluations_admin.PaperRoundInline,
]


def djangos(client, url, language):
    """The page with Django's tabular.html (the office's) for every inline, nothing kept."""
    with mock.patch.multiple(admin_frame, _written={}):
        patches = [
            mock.patch.object(inline, "template", "admin/edit_inline/tabular.html")
            for inline in INLINES
        ]
        for patch in patches:
            patch.start()
        try:
            return page(client, url, language)
        finally:
            for patch in patches:
                patch.stop()


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


def test_each_page_with_frames_kept_by_another_is_djangos(office, urls):
    for urls_in_order in (urls, urls[::-1], [urls[2], urls[0], urls[3], urls[1]]):
        admin_frame._written.clear()
        for language in ("zh-hans", "en"):
            for url in urls_in_order:
                assert page(office, url, language) == djangos(office, url, language), url
        assert admin_frame._written


def test_a_draft_read_only_for_its_reader_after_one_that_is_not(office, secretariat, urls):
    draft = urls[1]
    client = Client()
    sign_in_as(client, without(secretariat, "change_subject"))
    for language in ("zh-hans", "en"):
        assert page(office, draft, language) == djangos(office, draft, language)
        shown = page(client, draft, language)
        assert shown == djangos(client, draft, language)
        assert shown != page(office, draft, language)  # the subjects' columns differ
