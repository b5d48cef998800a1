"""The change lists' filters by units, sessions and delegations (congress_office/admin_filters.py,
`FindsRows`, decision 272): the first few rows, the chosen one and a box that finds the others
by name, in as many queries and as many links with 12 rows as with 60."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from congress_office.admin_filters import FindsRows
from congress_office.audit_wording import event_details
from congress_office.models import SecurityEvent
from proposals.admin_time_left import HandledByFilter
from tests.delegates.factories import DelegationFactory
from tests.proposals.factories import HandlingUnitFactory
from tests.proposals.kit import proposal_in
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

PROPOSALS = reverse("admin:proposals_proposal_changelist")
ASSIGNMENTS = reverse("admin:proposals_assignment_changelist")


def _filter(html: str, parameter: str) -> str:
    """The sidebar's markup of the filter whose box sends `parameter`."""
    for block in re.findall(r"<details data-filter-title.*?</details>", html, re.S):
        if f'name="{parameter}"' in block:
            return block
    raise AssertionError(f"no filter finds by {parameter}")


def _links(block: str) -> list[str]:
    return re.findall(r"<li[^>]*>\s*<a [^>]*>([^<]*)</a>", block)


def _rows(block: str) -> list[str]:
    """The filter's rows: its links but "All" and the empty choice."""
    return [link for link in _links(block) if link not in ("All", "None")]


def _office_of(size: int, term):
    units = HandlingUnitFactory.create_batch(size)
    sessions = SessionFactory.create_batch(size, term=term)
    DelegationFactory.create_batch(size, term=term)
    return units, sessions


@pytest.mark.parametrize("size", [12, 60])
def test_each_filter_lists_ten_rows_and_a_box_at_any_size(office, term, size):
    _office_of(size, term)
    shown = {}
    for url, parameter in [
        (PROPOSALS, "session__find"),
        (PROPOSALS, f"{HandledByFilter.parameter_name}__find"),
        (ASSIGNMENTS, "unit__find"),
        (reverse("admin:delegates_delegate_changelist"), "delegation__find"),
        (reverse("admin:congress_sessions_vote_changelist"), "session__find"),
    ]:
        page = office.get(url).content.decode()
        block = _filter(page, parameter)
        shown[parameter] = _rows(block)
        assert len(shown[parameter]) == FindsRows.shown
        assert "type a name to find them" in block
    # the sessions newest first, as their admin orders them; the units by name
    assert shown["unit__find"] == sorted(shown["unit__find"])


def test_the_pages_queries_do_not_grow_with_the_rows(office, term):
    counts = []
    for size in (12, 48):
        _office_of(size, term)
        for url in (PROPOSALS, ASSIGNMENTS, f"{PROPOSALS}?session__find=会议&_facets=True"):
            office.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert office.get(url).status_code == 200
            counts.append((url, len(queries)))
    assert counts[:3] == counts[3:]


def test_words_typed_find_the_units_and_say_when_there_are_more(office, term):
    HandlingUnitFactory.create_batch(15)
    east = [HandlingUnitFactory(name=f"东湖镇办公室{n}") for n in range(3)]
    page = office.get(f"{ASSIGNMENTS}?unit__find=东湖 办公室").content.decode()
    assert _rows(_filter(page, "unit__find")) == [unit.name for unit in east]
    assert 'value="东湖 办公室"' in page
    page = office.get(f"{ASSIGNMENTS}?unit__find=承办单位").content.decode()
    block = _filter(page, "unit__find")
    assert len(_rows(block)) == 10 and "type more of the name" in block
    page = office.get(f"{ASSIGNMENTS}?unit__find=没有这个单位").content.decode()
    assert _rows(_filter(page, "unit__find")) == []  # the box is still there


def test_the_chosen_unit_is_listed_and_filters_whatever_is_typed(office, secretariat, author, unit):
    HandlingUnitFactory.create_batch(15)
    last = HandlingUnitFactory(name="最后的单位")
    mine, _ = proposal_in("assigned", author=author, unit=last, office=secretariat)
    proposal_in("assigned", author=author, unit=unit, office=secretariat)  # another unit
    for typed in ("", "&unit__find=承办单位"):
        response = office.get(f"{ASSIGNMENTS}?unit__id__exact={last.pk}{typed}")
        assert [a.proposal_id for a in response.context["cl"].result_list] == [mine.pk]
        block = _filter(response.content.decode(), "unit__find")
        assert re.search(r'<li class="selected">\s*<a [^>]*>最后的单位</a>', block)


def test_the_box_keeps_the_lists_other_parameters_but_the_page(office, term):
    HandlingUnitFactory.create_batch(3)
    page = office.get(f"{ASSIGNMENTS}?role__exact=lead&q=路&o=2&p=2&unit__find=x").content
    block = _filter(page.decode(), "unit__find")
    hidden = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', block))
    assert hidden == {"role__exact": "lead", "q": "路", "o": "2"}


def test_a_hand_made_choice_is_refused_as_django_refuses_it(office, term):
    HandlingUnitFactory.create_batch(3)
    response = office.get(f"{ASSIGNMENTS}?unit__id__exact=abc&unit__find=x")
    assert response.status_code == 302 and "e=1" in response["Location"]


def test_an_exports_filters_name_the_chosen_delegation_not_the_words_typed(office, delegate, term):
    delegation = delegate.delegate_records.get().delegation
    query = f"?delegation__id__exact={delegation.pk}&delegation__find=代表团"
    office.post(
        reverse("admin:delegates_delegate_changelist") + query,
        {"action": "export_csv", "_selected_action": [delegate.delegate_records.get().pk]},
    )
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERSONAL_DATA_EXPORTED).last()
    with translation.override("en"):
        (line,) = [line for line in event_details(event) if line.startswith("Filters")]
    assert line == f"Filters: Delegation: {delegation.name}"


def test_a_related_filters_empty_choice_says_none_in_the_readers_language(office):
    """Not Django's empty cell "-": "By category: -" read as a stray mark."""
    page = office.get(PROPOSALS).content.decode()
    assert ">None</a>" in page and ">-</a>" not in page
    office.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = office.get(PROPOSALS).content.decode()
    assert ">无</a>" in page and ">-</a>" not in page
