"""The statistics page's groups read a page at a time (decision 481): the same totals, groups,
order and pages as every group read and cut by Django's paginator."""

import pytest
from django.utils import translation

from proposals import admin_statistics
from proposals.services import proposal_accept, proposal_draft_save, proposal_submit
from proposals.statistics import handling_statistics, handling_statistics_page
from tests.proposals.test_statistics import handled  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_unrouted(handled, author, delegate, secretariat):  # noqa: F811 - the fixture
    """`handled`'s items (two units of two items each: a tie, ordered by name) and one item
    accepted and not routed: the group without a unit, named in the page's language."""
    item = proposal_draft_save(
        author=author, kind="suggestion", title="戊", situation="情况", recommendations="建议"
    )
    proposal_submit(proposal=item, submitted_by=delegate)
    proposal_accept(proposal=item, category=None, accepted_by=secretariat)
    return handled


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("group_by", ["unit", "category", "session"])
def test_each_page_holds_what_every_group_read_holds(with_unrouted, group_by, language):
    with translation.override(language):
        total, groups = handling_statistics(with_unrouted, group_by=group_by)
        assert groups
        for number in range(1, len(groups) + 1):
            page = handling_statistics_page(
                with_unrouted, group_by=group_by, session=None, number=number, per_page=1
            )
            assert page == (total, groups[number - 1 : number], len(groups))
        whole = handling_statistics_page(
            with_unrouted, group_by=group_by, session=None, number=1, per_page=50
        )
        assert whole == (total, groups, len(groups))
        past = len(groups) + 1
        assert (
            handling_statistics_page(
                with_unrouted, group_by=group_by, session=None, number=past, per_page=1
            )
            is None
        )


def test_by_kind_every_group_is_read(with_unrouted):
    page = handling_statistics_page(
        with_unrouted, group_by="kind", session=None, number=1, per_page=1
    )
    assert page is None


@pytest.mark.parametrize(
    "asked", ["1", "2", "3", "9", "x", "0", "-1", "2.0", "", "99999999999999999999"]
)
def test_the_page_shows_the_page_the_paginator_shows(office, with_unrouted, asked, monkeypatch):
    monkeypatch.setattr(admin_statistics, "GROUPS_PAGE_SIZE", 1)
    total, groups = handling_statistics(with_unrouted, group_by="unit")
    response = office.get(
        "/admin/proposals/proposal/statistics/",
        {"term": with_unrouted.pk, "group_by": "unit", "page": asked},
    )
    page = response.context["groups_page"]
    expected = admin_statistics.Paginator(groups, 1).get_page(asked or 1)
    assert page.number == expected.number
    assert page.paginator.count == len(groups)
    assert response.context["groups"] == list(expected)
    assert response.context["total"] == total
