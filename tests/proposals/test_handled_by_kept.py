"""The items' list by the unit leading them now, its condition kept per process by the unit's
id (`admin_time_left.leads_now`, decision 586): each unit's own items, the same pages and
queries as the condition built anew (`KEEP` off), a lead closed seen at once, and a key
without the unit's id would show the first unit's items (checked here)."""

import re
from unittest import mock

import pytest

from proposals import admin_time_left
from proposals.models import Assignment
from tests.core.kept_kit import djangos, nothing_kept_in, page, queries_kept_or_not
from tests.proposals.kit import S, proposal_in

pytestmark = pytest.mark.django_db

nothing_kept = nothing_kept_in(admin_time_left._leads)

ITEMS = "/admin/proposals/proposal/"


def _numbers(html: str) -> set[str]:
    return set(re.findall(r'<th class="field-number"><a href="[^"]*">([^<]*)</a>', html))


def _by_unit(client, unit, more="") -> set[str]:
    url = f"{ITEMS}?handled_by={unit.pk}{more}"
    shown = page(client, url)
    assert shown == djangos(admin_time_left, client, url), url
    return _numbers(shown)


def _each_units_own(client, author, unit, other_unit) -> bool:
    """Whether each unit's list shows its own items, the first unit's again after the other's,
    and an item no longer led by the unit leaves its list at once."""
    mine = proposal_in(S.ASSIGNED, author=author, unit=unit)[0]
    theirs = proposal_in(S.ASSIGNED, author=author, unit=other_unit)[0]
    shown = [_by_unit(client, unit), _by_unit(client, other_unit), _by_unit(client, unit)]
    Assignment.objects.filter(proposal=mine, unit=unit).update(is_open=False)
    shown.append(_by_unit(client, unit))
    return shown == [{mine.number}, {theirs.number}, {mine.number}, set()]


def test_each_unit_shows_its_own_items_and_a_closed_lead_at_once(office, author, unit, other_unit):
    assert _each_units_own(office, author, unit, other_unit)
    assert set(admin_time_left._leads) == {unit.pk, other_unit.pk}
    _by_unit(office, unit, "&time_left=ok")  # with the time left too


def test_a_key_without_the_units_id_would_show_the_first_units_items(
    office, author, unit, other_unit
):
    """The test above fails with a key too short: one condition kept for every unit."""
    known = admin_time_left.kept

    def one_for_all(store, key, make, most):
        return known(store, "any unit", make, most)

    with mock.patch.object(admin_time_left, "kept", one_for_all):
        try:
            right = _each_units_own(office, author, unit, other_unit)
        except AssertionError:  # a page unlike the one built anew
            right = False
    assert not right


def test_as_many_queries_at_two_sizes_as_built_anew(office, author, unit, other_unit):
    urls = [f"{ITEMS}?handled_by={unit.pk}", f"{ITEMS}?handled_by={unit.pk}&time_left=ok"]
    made = 0
    by_size = []
    for size in (3, 12):
        while made < size:
            proposal_in(S.ASSIGNED, author=author, unit=(unit, other_unit)[made % 2])
            made += 1
        by_size.append([queries_kept_or_not(admin_time_left, office, [url]) for url in urls])
    assert all(len(counts) == 1 for counts in by_size[0] + by_size[1]), by_size
    assert by_size[0] == by_size[1]
