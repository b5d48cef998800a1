"""The lists' filters' markup kept per process by what their choices are made of
(congress_office/kept_filter_markup.py, decision 585): the sidebar is the one written anew
(`KEEP` off) in both languages, opened again, filtered, searched and after a unit, session or
category is added or renamed; a key without the filter's own attributes would have shown the
old rows (checked here); a list showing its counts keeps nothing; as many queries at two sizes
as written anew."""

import re
from unittest import mock

import pytest

from congress_office import kept_filter_choices, kept_filter_markup
from proposals.models import HandlingUnit, Proposal
from sessions.models import Session
from tests.core.kept_kit import djangos, nothing_kept_in, page, queries_kept_or_not
from tests.proposals.factories import HandlingUnitFactory, ProposalCategoryFactory
from tests.proposals.kit import S, proposal_in
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(kept_filter_markup._markup, kept_filter_choices._choices)

ITEMS = "/admin/proposals/proposal/"
SHAPES = [
    "",
    "?time_left=ok",
    "?handled_by={unit}&time_left=ok",
    "?handled_by__find=镇",
    "?q=修路",
    "?kind__exact=opinion&o=2",
    "?session__isnull=True",
]


def _sidebar(html: str) -> str:
    found = re.search(r'<nav id="changelist-filter".*?</nav>', html, re.S)
    assert found, "the list has its filters"
    return found.group(0)


def _kept_sidebar(client, url, language="zh-hans") -> str:
    """The page's sidebar, asserted to be the one written anew."""
    kept = page(client, url, language)
    assert kept == djangos(kept_filter_markup, client, url, language), (url, language)
    return _sidebar(kept)


def test_the_sidebar_is_the_one_written_anew_opened_again_in_both_languages(office, author, unit):
    proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
    for shape in SHAPES:
        url = ITEMS + shape.format(unit=unit.pk)
        for language in ("zh-hans", "en"):
            first = _kept_sidebar(office, url, language)
            assert _kept_sidebar(office, url, language) == first  # read from what was kept
    assert len(kept_filter_markup._markup) > 10  # each list's filters kept, by its links


def test_another_language_and_another_list_are_other_keys(office, unit):
    chinese = _kept_sidebar(office, ITEMS)
    english = _kept_sidebar(office, ITEMS, "en")
    assert "全部" in chinese and "全部" not in english and ">All</a>" in english
    ok = _kept_sidebar(office, ITEMS + "?time_left=ok")
    soon = _kept_sidebar(office, ITEMS + "?time_left=soon")
    assert 'class="selected">\n    <a href="?time_left=ok"' in ok
    assert 'class="selected">\n    <a href="?time_left=soon"' in soon
    # every other filter's links carry the list's own parameter, not the first list's
    assert f"?handled_by={unit.pk}&amp;time_left=ok" in ok
    assert f"?handled_by={unit.pk}&amp;time_left=soon" in soon
    assert "time_left=ok&amp;" not in soon and "&amp;time_left=ok" not in soon


def _renamed_rows_shown(client, unit) -> bool:
    """Whether the sidebar shows a unit renamed, a new session and a category renamed at once
    (each asserted to be the one written anew when `KEEP` is on)."""
    category = ProposalCategoryFactory(name="旧类别")
    before = page(client, ITEMS)
    assert unit.name in before and "旧类别" in before
    unit.name = "新名字的承办单位"
    unit.save()
    category.name = "新类别"
    category.save()
    session = SessionFactory(name="刚加的会议")
    HandlingUnitFactory(name="刚加的单位")
    after = _sidebar(page(client, ITEMS))
    return (
        all(text in after for text in ("新名字的承办单位", "新类别", "刚加的会议", "刚加的单位"))
        and str(session.pk) in after
    )


def test_a_row_renamed_or_added_is_shown_at_once(office, unit):
    assert _renamed_rows_shown(office, unit)
    _kept_sidebar(office, ITEMS)
    _kept_sidebar(office, ITEMS, "en")


def test_a_key_without_the_filters_own_rows_would_show_the_old_ones(office, unit):
    """The test above fails with a key too short: without the filter's attributes (its rows
    as read), the first sidebar is shown after the rows changed."""
    known = kept_filter_markup.markup_key

    def too_short(cl, spec):
        key = known(cl, spec)
        return None if key is None else key[:-1]

    with (
        mock.patch.object(kept_filter_markup, "markup_key", too_short),
        mock.patch("congress_office.templatetags.office_list.markup_key", too_short),
    ):
        assert not _renamed_rows_shown(office, unit)


def test_a_list_showing_its_counts_keeps_nothing(office, author, unit):
    proposal_in(S.ASSIGNED, author=author, unit=unit)
    _kept_sidebar(office, ITEMS + "?_facets=True")
    assert not kept_filter_markup._markup
    with_counts = _kept_sidebar(office, ITEMS + "?_facets=True&time_left=ok")
    assert "(1)" in with_counts or "(0)" in with_counts


def test_a_filter_of_its_own_choices_or_value_is_not_kept(rf):
    class Own:
        def choices(self, changelist):
            return []

    cl = mock.Mock(add_facets=False, params={}, filter_params={})
    assert kept_filter_markup.markup_key(cl, Own()) is None


def test_as_many_queries_at_two_sizes_as_written_anew(office, author, unit, other_unit):
    """Each list reads as many queries with 3 and 12 items, units and sessions, written anew
    (`KEEP` off), made and kept, and read from what was kept."""
    # (a unit chosen that is not among the filter's first ten is read apart: not asked here)
    urls = [ITEMS, ITEMS + "?time_left=ok&kind__exact=opinion", ITEMS + "?q=建议"]
    by_size = []
    for size in (3, 12):
        while Proposal.objects.count() < size:
            proposal_in(S.ASSIGNED, author=author, unit=unit, title="建议")
        while HandlingUnit.objects.count() < size:
            HandlingUnitFactory()
        while Session.objects.count() < size:
            SessionFactory()
        by_size.append([queries_kept_or_not(kept_filter_markup, office, [url]) for url in urls])
        kept_filter_markup._markup.clear()
    assert all(len(counts) == 1 for counts in by_size[0] + by_size[1]), by_size
    assert by_size[0] == by_size[1]
