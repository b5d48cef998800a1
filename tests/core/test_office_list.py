"""The office's change list rows (congress_office/templatetags/office_list.py) are the markup
Django's `result_list` writes, on every list of the large office: plain, searched, filtered,
sorted by each column, on a later page. The office is built inside a transaction rolled back
once its lists are compared."""

import datetime

import pytest
from django.contrib.admin.filters import FacetsMixin
from django.contrib.admin.views.main import IS_FACETS_VAR, ORDER_VAR, PAGE_VAR
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from congress_office.admin_filters import OneLinkChoices, RelatedFilter
from congress_office.templatetags import office_list
from devdata.pages import admin_pages, is_page
from proposals.admin_time_left import HandledByFilter
from proposals.models import Assignment, Proposal
from tests.core.small_office import office_built
from tests.sign_in import sign_in_as

DJANGOS = Template("{% load admin_list %}{% result_list cl %}")
DJANGOS_FILTERS = Template(
    "{% load admin_list %}{% for spec in cl.filter_specs %}{% admin_list_filter cl spec %}"
    "{% endfor %}"
)


def _variants(name: str, url: str, cl) -> dict:
    """The list as found, and, for a plain list, sorted by each column and its second page."""
    variants = {name: url}
    if name.endswith(" list"):
        for index in range(len(cl.list_display)):
            variants[f"{name} by column {index}"] = f"{url}?{ORDER_VAR}=-{index}"
        # sorted by two columns: the headings number their priority (decision 348)
        variants[f"{name} by two columns"] = f"{url}?{ORDER_VAR}=1.-2"
        variants[f"{name} page 2"] = f"{url}?{PAGE_VAR}=2"
    # with the filters' counts ("Show counts"), which the office's related filters group
    variants[f"{name} with counts"] = f"{url}{'&' if '?' in url else '?'}{IS_FACETS_VAR}=True"
    return variants


def _office_wrote(response) -> bool | None:
    """Whether the page's rows came from the office's tag (each row one string, Django's one
    item a cell); None for a list with no rows."""
    rows = response.context.get("results")
    if not rows:
        return None
    return len(rows[0]) == 1 and len(response.context["cl"].list_display) > 1


def _filter_links(cl) -> list:
    """[(filter, its choices, Django's choices)] of the list's filters whose links the office
    makes (congress_office/admin_filters.py)."""
    return [
        (spec.title, list(spec.choices(cl)), list(super(OneLinkChoices, spec).choices(cl)))
        for spec in cl.filter_specs
        if isinstance(spec, OneLinkChoices)
    ]


def _facet_counts(cl) -> list:
    """[(filter, its counts, Django's counts)] of the list's related filters, counts shown."""
    if not cl.add_facets:
        return []
    return [
        (spec.title, spec.get_facet_queryset(cl), FacetsMixin.get_facet_queryset(spec, cl))
        for spec in cl.filter_specs
        if isinstance(spec, RelatedFilter)
    ]


def _compared() -> tuple[dict, dict, dict, dict]:
    """{list: (the page, Django's rows for its change list, whether the office wrote them)},
    {list: its filters' choices, the office's and Django's}, {list: whether the page shows
    the filters as Django's `admin_list_filter` writes them}, {list: its related filters'
    counts, the office's and Django's}."""
    with office_built():
        client = Client()
        sign_in_as(client, get_user_model().objects.get(username="office"))
        compared, filters, sidebars, facets = {}, {}, {}, {}
        for name, url in admin_pages(get_user_model().objects.get(username="office")).items():
            if " list" not in name:
                continue
            first = client.get(url)
            if not is_page(first):
                continue
            for variant, variant_url in _variants(name, url, first.context["cl"]).items():
                response = client.get(variant_url)
                if not is_page(response):
                    continue
                cl = response.context["cl"]
                djangos = DJANGOS.render(Context({"cl": cl, "opts": cl.opts}))
                compared[variant] = (response.content.decode(), djangos, _office_wrote(response))
                filters[variant] = _filter_links(cl)
                sidebar = DJANGOS_FILTERS.render(Context({"cl": cl}))
                sidebars[variant] = sidebar in response.content.decode()
                facets[variant] = _facet_counts(cl)
    return compared, filters, sidebars, facets


@pytest.fixture(scope="module")
def lists(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return _compared()


@pytest.fixture
def compared(lists):
    return lists[0]


@pytest.mark.django_db
def test_every_list_shows_the_rows_django_writes(compared):
    assert len(compared) > 200
    differ = [name for name, (page, djangos, _ours) in compared.items() if djangos not in page]
    assert differ == [], differ[:10]
    # and the lists did go through the office's rows, but for an editable one
    ours = {name for name, (_page, _djangos, written) in compared.items() if written}
    assert "proposals.proposal list" in ours and "proposals.assignment list" in ours
    assert "proposals.proposalcategory list" not in ours  # its order is editable in the list
    with_rows = [
        name for name, (_page, _djangos, written) in compared.items() if written is not None
    ]
    assert len(ours) > 0.9 * len(with_rows) > 150


@pytest.mark.django_db
def test_rows_link_to_their_page_with_the_lists_filters(compared):
    page, djangos, _ = compared["proposals.proposal list by column 1"]
    assert 'href="/admin/proposals/proposal/' in djangos
    assert "_changelist_filters=o%3D-1" in djangos
    assert djangos.count('class="action-select"') == 50


@pytest.mark.django_db
def test_filters_by_a_related_object_link_as_django_does(lists):
    filters = lists[1]
    differ = [
        (name, title)
        for name, specs in filters.items()
        for title, ours, djangos in specs
        if ours != djangos
    ]
    assert differ == [], differ[:10]
    checked = {(name, str(title)) for name, specs in filters.items() for title, *_ in specs}
    # the assignments' units, the proposals' sessions and lead units among them
    unit = Assignment._meta.get_field("unit").verbose_name
    session = Proposal._meta.get_field("session").verbose_name
    assert ("proposals.assignment list", str(unit)) in checked
    for title in (session, HandledByFilter.title):
        assert ("proposals.proposal list", str(title)) in checked


@pytest.mark.django_db
def test_every_lists_filters_are_the_markup_django_writes(lists):
    sidebars = lists[2]
    assert len(sidebars) > 200
    differ = [name for name, same in sidebars.items() if not same]
    assert differ == [], differ[:10]


@pytest.mark.django_db
def test_related_filters_count_their_choices_as_django_does(lists):
    facets = lists[3]
    differ = [
        (name, title)
        for name, specs in facets.items()
        for title, ours, djangos in specs
        if ours != djangos
    ]
    assert differ == [], differ[:10]
    counted = [(name, title) for name, specs in facets.items() for title, *_ in specs]
    assert len(counted) > 30
    assert ("proposals.assignment list with counts", "unit") in {
        (name, str(title)) for name, title in counted
    }
    assert any(any(ours.values()) for specs in facets.values() for _title, ours, _ in specs)


@pytest.mark.parametrize(
    "value",
    [
        "?unit__id__exact=7&q=%E5%85%B3%E4%BA%8E",
        "?q=<b>&x='\"",
        "?q=关于 道路",
        mark_safe("?q=a&b=<i>"),
        gettext_lazy("All"),
        "A & B <单位>",
        12345,
        datetime.date(2026, 12, 6),
        None,
    ],
)
def test_filter_links_and_names_are_written_as_the_template_writes_them(value):
    """`office_list_filter` writes `{{ choice.query_string|iriencode }}` and
    `{{ choice.display }}` itself (decision 239)."""
    link = Template("{{ value|iriencode }}").render(Context({"value": value}))
    shown = Template("{{ value }}").render(Context({"value": value}))
    assert office_list._link(value) == link
    assert office_list._display(value) == shown
