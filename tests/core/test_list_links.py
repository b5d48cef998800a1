"""The change lists' links written with each parameter encoded once a page
(congress_office/list_links.py) and the frames kept per process (office_list's row link and
a found filter's box, decision 322): each the text Django's own steps write."""

import itertools
import re
from unittest import mock

import pytest
from django.contrib.admin.views.main import ChangeList
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from congress_office import kept_filter_markup
from congress_office.list_links import OfficeChangeList
from congress_office.templatetags import office_list
from tests.proposals.factories import HandlingUnitFactory
from tests.proposals.kit import proposal_in
from tests.sessions.factories import SessionFactory

PROPOSALS = reverse("admin:proposals_proposal_changelist")
ASSIGNMENTS = reverse("admin:proposals_assignment_changelist")
DJANGOS_FILTERS = Template(
    "{% load admin_list %}{% for spec in cl.filter_specs %}{% admin_list_filter cl spec %}"
    "{% endfor %}"
)

NAMES = ["o", "q", "p", "status__exact", "unit__id__in", "a b", "单位", "x+y", "k~.-_", "e&f"]
VALUES = [
    "",
    "1",
    "1.-2",
    "关于 会议",
    "a&b=c",
    "a b",
    "~._-",
    "x/y",
    "<b>",
    3,
    -1,
    True,
    1,
    0,
    ["1", "2"],
    ["关于"],
    [],
    ("a", "b c"),
    [1, 2],
    ["1", None],
]


def _lists(names_values):
    """Parameters as a change list keeps them (each a list of texts, as the request gave)."""
    return {
        name: value if isinstance(value, list) else [str(value)] for name, value in names_values
    }


def _djangos(params, new_params, remove):
    changelist = ChangeList.__new__(ChangeList)
    changelist.filter_params = params
    return ChangeList.get_query_string(changelist, new_params, remove)


def _cases():
    """Lists' parameters, links setting or taking out one or two, removing by prefix."""
    pairs = list(itertools.product(NAMES, VALUES))
    for index, (name, value) in enumerate(pairs):
        params = _lists([pairs[(index * 7) % len(pairs)], pairs[(index * 13) % len(pairs)]])
        new = {name: value, NAMES[index % len(NAMES)]: None if index % 3 else value}
        remove = [NAMES[index % len(NAMES)][:2]] if index % 4 == 0 else None
        yield params, new, remove
        yield params, {name: value}, None
        yield {}, {name: value}, None


def test_links_are_the_text_djangos_get_query_string_writes():
    compared = 0
    for params, new, remove in _cases():
        ours = OfficeChangeList.__new__(OfficeChangeList)
        ours.filter_params = params
        try:
            djangos = _djangos(dict(params), dict(new), remove)
        except TypeError as refused:  # a None in a list: Django refuses, and so do we
            with pytest.raises(TypeError, match=re.escape(str(refused))):
                ours.get_query_string(dict(new), remove)
            continue
        # twice: the second from what the page's first link encoded
        assert ours.get_query_string(dict(new), remove) == djangos, (params, new, remove)
        assert ours.get_query_string(dict(new), remove) == djangos, (params, new, remove)
        compared += 1
    assert compared > 400


def test_a_list_takes_out_or_sets_only_what_the_link_says():
    ours = OfficeChangeList.__new__(OfficeChangeList)
    ours.filter_params = {"q": ["关于"], "status__exact": ["draft"], "o": ["1"]}
    assert ours.get_query_string({"o": "-1"}) == "?o=-1&q=%E5%85%B3%E4%BA%8E&status__exact=draft"
    assert ours.get_query_string({"p": 2}, ["status"]) == "?o=1&p=2&q=%E5%85%B3%E4%BA%8E"
    assert ours.get_query_string({"q": None, "o": None}) == "?status__exact=draft"
    assert ours.filter_params == {"q": ["关于"], "status__exact": ["draft"], "o": ["1"]}


@pytest.mark.django_db
def test_every_link_of_a_list_is_djangos(office, term, monkeypatch):
    """Every link the pages ask for (sorting, filters' choices, pages) through both ways."""
    HandlingUnitFactory.create_batch(3)
    SessionFactory.create_batch(2, term=term)
    asked = []
    ours = OfficeChangeList.get_query_string

    def both(self, new_params=None, remove=None):
        djangos = ChangeList.get_query_string(self, dict(new_params or {}), remove)
        written = ours(self, new_params, remove)
        asked.append((written, djangos))
        return written

    monkeypatch.setattr(OfficeChangeList, "get_query_string", both)
    for url in (
        PROPOSALS,
        f"{PROPOSALS}?q=关于+<b>&status__exact=draft&o=2.-1",
        f"{PROPOSALS}?kind__exact=proposal&_facets=True&p=1",
        f"{ASSIGNMENTS}?role__exact=lead&unit__find=x&o=-3",
    ):
        assert office.get(url).status_code == 200
    assert len(asked) > 100
    assert [pair for pair in asked if pair[0] != pair[1]] == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_found_filters_box_kept_is_the_template_written(office, term, language):
    """The find filter's box (words typed and parameters with markup) written from the kept
    frame is what Django's `admin_list_filter` writes with the template; the same text asked
    twice is rendered once."""
    HandlingUnitFactory.create_batch(3)
    office_list._find_frame.cache_clear()
    url = f"{ASSIGNMENTS}?role__exact=lead&q=<i>路&o=2&unit__find=<b>x%22"
    # the whole filter not kept (decision 585), so that the second page writes it from the frame
    with translation.override(language), mock.patch.object(kept_filter_markup, "KEEP", False):
        for _ in range(2):
            response = office.get(url, HTTP_ACCEPT_LANGUAGE=language)
            cl = response.context["cl"]
            djangos = DJANGOS_FILTERS.render(Context({"cl": cl}))
            assert djangos in response.content.decode()
            assert 'value="&lt;b&gt;x&quot;"' in djangos
    assert office_list._find_frame.cache_info().hits >= 1


@pytest.mark.django_db
def test_a_rows_link_keeps_the_lists_filters_as_django_does(office, secretariat, author):
    """The rows' link parts kept for the list's filters: Django's `add_preserved_filters`."""
    for unit in HandlingUnitFactory.create_batch(2):
        proposal_in("assigned", author=author, unit=unit, office=secretariat)
    office_list._link_parts.cache_clear()
    for _ in range(2):
        page = office.get(f"{ASSIGNMENTS}?role__exact=lead&o=-1").content.decode()
    assert office_list._link_parts.cache_info().hits >= 1
    djangos = Template("{% load admin_list %}{% result_list cl %}")
    response = office.get(f"{ASSIGNMENTS}?role__exact=lead&o=-1")
    cl = response.context["cl"]
    rows = djangos.render(Context({"cl": cl, "opts": cl.opts}))
    assert len(cl.result_list) == 2
    assert rows.count("_changelist_filters=role__exact%3Dlead%26o%3D-1") == 2
    assert rows in page
