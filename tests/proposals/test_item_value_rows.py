"""The item's change page writes its read-only inlines (co-signatures, assignments, timeline)
from their rows' objects, without a form for each (congress_office/value_rows.py, decisions
359 and 398): the same page as Django's way, to the character, in both languages, with the
same queries whatever the number of rows."""

import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congress_office import value_rows
from proposals.models import Assignment, ProposalEvent
from proposals.services import assignment_send_back, proposal_route
from tests.core.factories import office_user
from tests.evaluations.test_value_rows import _page as evaluation_page
from tests.proposals.kit import S, draft, proposal_in, staff_of

pytestmark = pytest.mark.django_db


def _page(client, url: str, from_values: bool) -> tuple[str, int, int]:
    """(the page without its tokens, how many of its rows' forms were built, its queries):
    the evaluation's test's way of opening a page either way."""
    with CaptureQueriesContext(connection) as queries:
        html, built = evaluation_page(client, url, from_values)
    return html, built, len(queries)


def _sent_back_and_routed_again(author, unit, other_unit, cosigners):
    """A formal proposal co-signed by `cosigners`, routed to `unit` with `other_unit`
    co-handling, sent back by `unit` with its reason, routed again to `other_unit`: rows in
    every inline, a reason and notes among their values."""
    item, lead = proposal_in(
        S.ASSIGNED,
        author=author,
        unit=unit,
        co_units=[other_unit],
        kind="proposal",
        cosigners=cosigners,
    )
    assignment_send_back(
        assignment=lead, reason="不属于本单位职责<范围>", sent_back_by=staff_of(unit)
    )
    proposal_route(proposal=item, lead=other_unit, co_units=[unit], routed_by=office_user())
    return item


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_items_rows_are_written_from_values(
    office, author, colleagues, unit, other_unit, language
):
    item = _sent_back_and_routed_again(author, unit, other_unit, colleagues[:3])
    office.cookies["django_language"] = language
    url = f"/admin/proposals/proposal/{item.pk}/change/"
    djangos, forms_djangos, _ = _page(office, url, False)
    values, forms_values, _ = _page(office, url, True)
    assert values == djangos
    rows = (
        item.cosignatures.count()
        + Assignment.objects.filter(proposal=item).count()
        + ProposalEvent.objects.filter(proposal=item).count()
    )
    assert rows > 10
    assert forms_djangos - forms_values == rows
    assert forms_values == 0
    assert values.count('<tr class="form-row has_original"') == rows
    assert "不属于本单位职责&lt;范围&gt;" in values


def test_an_item_without_rows_is_the_same_page(office, author):
    item = draft(author)
    url = f"/admin/proposals/proposal/{item.pk}/change/"
    djangos, _, _ = _page(office, url, False)
    values, forms_values, _ = _page(office, url, True)
    assert values == djangos
    assert forms_values == 0


@pytest.mark.parametrize("cosigners", [1, 6])
def test_the_rows_written_from_values_read_what_the_forms_read(
    office, author, colleagues, unit, other_unit, cosigners
):
    item = _sent_back_and_routed_again(author, unit, other_unit, colleagues[:cosigners])
    url = f"/admin/proposals/proposal/{item.pk}/change/"
    _page(office, url, True)  # the process's kept classes and statements made
    _, _, queries_djangos = _page(office, url, False)
    _, _, queries_values = _page(office, url, True)
    # As many for one co-signer as for six. Written from values, the three inlines' rows are
    # read by one statement (decision 597); with a form each, Django's view reads each
    # formset's rows while it makes it, one statement each.
    assert (queries_values, queries_djangos) == (8, 10)


def _posted(client, url: str, from_values: bool):
    """The page's own form posted back (its hidden inputs: the rows' keys and links, the
    formsets' counts) as the office saves it: (status, where it leads)."""
    page = client.get(url).content.decode()
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))
    data["_save"] = "Save"
    with mock.patch.object(value_rows, "FROM_VALUES", from_values):
        response = client.post(url, data)
    return response.status_code, response.get("Location")


def test_a_post_is_djangos_either_way(office, author, colleagues, unit, other_unit):
    item = _sent_back_and_routed_again(author, unit, other_unit, colleagues[:2])
    url = f"/admin/proposals/proposal/{item.pk}/change/"
    rows = list(Assignment.objects.filter(proposal=item).values())
    djangos = _posted(office, url, False)
    assert _posted(office, url, True) == djangos
    assert djangos == (302, "/admin/proposals/proposal/")  # saved: nothing to change
    assert list(Assignment.objects.filter(proposal=item).values()) == rows
