"""A list's actions worked out once a request (`KeptLists.get_actions`, decision 496) and its
filters' links kept by their text (`office_list._link`, decision 497): the same actions as
Django's, shown or not as the account's permissions say on the next page, never more queries;
the same links as the template's."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe

from congress_office.kept_lists import KeptLists
from congress_office.templatetags import office_list
from proposals.admin import ProposalAdmin
from proposals.models import Proposal
from tests.core.kept_kit import nothing_kept_in, page, without
from tests.proposals.kit import S, proposal_in

LIST = "/admin/proposals/proposal/"
ACCEPT = 'value="accept"'

nothing_kept = nothing_kept_in(office_list._links)


def _djangos_actions(monkeypatch):
    """Django's `get_actions`: worked out anew each time it is asked."""
    monkeypatch.setattr(KeptLists, "get_actions", admin.ModelAdmin.get_actions)


def _asked(monkeypatch, client, url) -> int:
    """How many times the page worked out its actions' permissions."""
    asked = []
    djangos = ProposalAdmin._filter_actions_by_permissions

    def counted(self, request, actions):
        asked.append(1)
        return djangos(self, request, actions)

    with monkeypatch.context() as patched:
        patched.setattr(ProposalAdmin, "_filter_actions_by_permissions", counted)
        page(client, url)
    return len(asked)


@pytest.mark.django_db
def test_the_actions_are_worked_out_once_a_page_and_show_djangos(office, author, unit, monkeypatch):
    proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
    for language in ("zh-hans", "en"):
        kept = page(office, LIST, language)
        assert ACCEPT in kept
        with monkeypatch.context() as patched:
            _djangos_actions(patched)
            assert page(office, LIST, language) == kept
            assert _asked(patched, office, LIST) == 3  # Django's three times
    assert _asked(monkeypatch, office, LIST) == 1


@pytest.mark.django_db
def test_an_account_sees_its_actions_go_and_come_with_its_permission(
    client_for, secretariat, author, unit
):
    proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
    fewer = without(secretariat, "change_proposal")
    client = client_for(fewer)
    assert ACCEPT not in page(client, LIST)
    change = Permission.objects.get(codename="change_proposal")
    fewer.user_permissions.add(change)
    assert ACCEPT in page(client, LIST)
    fewer.user_permissions.remove(change)
    assert ACCEPT not in page(client, LIST)


@pytest.mark.django_db
def test_the_list_reads_no_more_queries_with_its_actions_once(office, author, unit, monkeypatch):
    """At 3 and 12 items, the plain, filtered and searched lists read as many queries at both
    sizes, and no more than with Django's actions."""
    made = {}
    for size in (3, 12):
        while Proposal.objects.count() < size:
            proposal_in(S.ASSIGNED, author=author, unit=unit, title="关于修路的建议")
        for shape in ("", f"?handled_by={unit.pk}&time_left=ok", "?q=修路"):
            counted = _queries(office, LIST + shape)
            with monkeypatch.context() as patched:
                _djangos_actions(patched)
                assert counted <= _queries(office, LIST + shape), shape
            made.setdefault(shape, []).append(counted)
    for shape, counts in made.items():
        assert counts[0] == counts[1], shape


def _queries(client, url) -> int:
    page(client, url)  # the first of its shape writes its statements
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    return len(queries)


@pytest.mark.parametrize("shown", ["?q=<b>&x='\"", "?q=关于 道路", "?a=1&b=2"])
def test_a_kept_link_is_its_texts_whether_plain_or_marked_safe(shown):
    """The same text plain (escaped) and marked safe (not) are kept apart; kept or not, each
    is what `_link_written` writes."""
    safe = mark_safe(shown)
    for _again in range(2):
        assert office_list._link(shown) == office_list._link_written(shown)
        assert office_list._link(safe) == office_list._link_written(safe)
    if "&" in shown:
        assert office_list._link(shown) != office_list._link(safe)
