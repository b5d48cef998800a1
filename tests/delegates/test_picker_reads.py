"""The pickers' chosen rows on a delegate's and a committee member's change pages, read by
statements written once (delegates/picker_reads.py, decision 427), and the delegate's history
written from its rows (decision 428): the same pages as Django's way writes, the same rows
left out, in a number of queries that does not grow."""

import re
from unittest import mock

import pytest

from congress_office import value_rows
from delegates import picker_reads
from delegates.contacts import committee_member_set_delegates
from delegates.models import CommitteeMember, Delegate, QualificationEvent
from tests.core.factories import UserFactory
from tests.core.kept_kit import djangos, page
from tests.delegates.factories import (
    DelegateFactory,
    DelegationFactory,
    ElectoralUnitFactory,
    TermFactory,
)
from tests.delegates.helpers import enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(term):
    return ElectoralUnitFactory(term=term, seats=1)


def _both_languages_alike(client, url) -> str:
    for language in ("zh-hans", "en"):
        shown = page(client, url, language)
        assert shown == djangos(picker_reads, client, url, language)
    return shown


def _selected(shown: str, name: str, value) -> bool:
    """Whether the select `name` of the page shows `value` chosen."""
    select = re.search(f'<select name="{name}".*?</select>', shown, re.S).group()
    return f'<option value="{value}" selected>' in select


def test_the_delegates_page_shows_its_delegation_as_its_queryset_does(office, term):
    delegate = DelegateFactory(term=term, user=UserFactory(username="rep"))
    url = f"/admin/delegates/delegate/{delegate.pk}/change/"
    shown = _both_languages_alike(office, url)
    assert _selected(shown, "delegation", delegate.delegation_id)
    assert _selected(shown, "user", delegate.user_id)
    # A delegation of another term (only a hand-made row holds one) is not offered: not shown.
    elsewhere = DelegationFactory(
        term=TermFactory(name="第十四届", start_date="2017-01-01", end_date="2021-12-31")
    )
    Delegate.objects.filter(pk=delegate.pk).update(delegation=elsewhere)
    shown = _both_languages_alike(office, url)
    assert not _selected(shown, "delegation", elsewhere.pk)


def _suspended(delegate, day: str, **more):
    """A row of the delegate's history (the service's checks are not what is tested here)."""
    return QualificationEvent.objects.create(
        delegate=delegate, effective_date=day, kind="suspended", **more,
        status_before="active", status_after="suspended",
    )  # fmt: skip


@pytest.mark.parametrize("size", [1, 6])
def test_the_delegates_page_in_constant_queries(
    office,
    term,
    unit,
    size,
    django_assert_num_queries,  # noqa: F811
):
    delegate = enter(term, unit)
    for n in range(size - 1):
        _suspended(delegate, f"2023-0{n + 1}-01")
    Delegate.objects.filter(pk=delegate.pk).update(
        delegation=DelegationFactory(term=term), user=UserFactory(username="rep")
    )
    url = f"/admin/delegates/delegate/{delegate.pk}/change/"
    office.get(url)  # content types, cached
    # session, user, two-factor device, the delegate, permissions (2), the history, the
    # account and the delegation chosen
    with django_assert_num_queries(9) as queries:
        response = office.get(url)
    # The delegation chosen by its key, not by the picker's queryset (the keys chosen `IN`).
    assert not any('"delegates_delegation"."id" IN (' in query["sql"] for query in queries)
    assert len(list(response.context["inline_admin_formsets"][0])) == size


def test_the_delegates_history_is_written_from_its_rows_as_djangos_forms_write_it(
    office, term, unit
):
    """The qualification history, which nobody changes on the page, is written from its rows
    without a form each (congress_office/value_rows.py, decision 428): as Django's forms."""
    delegate = enter(term, unit)
    _suspended(delegate, "2023-02-01", reason="接受组织调查")
    url = f"/admin/delegates/delegate/{delegate.pk}/change/"
    response = office.get(url)
    assert response.context["inline_admin_formsets"][0].formset.rows_from_values
    for language in ("zh-hans", "en"):
        with mock.patch.object(value_rows, "FROM_VALUES", False):
            djangos_page = page(office, url, language)
        assert page(office, url, language) == djangos_page
    assert "接受组织调查" in djangos_page


def _member(term, secretariat, delegates, user=None):
    member = CommitteeMember.objects.create(term=term, name="周委员", post="县委委员", user=user)
    committee_member_set_delegates(member=member, delegates=delegates, set_by=secretariat)
    return member


def test_the_members_page_shows_its_account_and_delegates_as_their_querysets_do(
    office, term, secretariat
):
    delegates = [DelegateFactory(term=term) for _ in range(3)]
    delegates[1].delegation = None
    delegates[1].save()
    account = UserFactory(username="member", first_name="周委员")
    member = _member(term, secretariat, delegates, account)
    url = f"/admin/delegates/committeemember/{member.pk}/change/"
    shown = _both_languages_alike(office, url)
    assert _selected(shown, "user", account.pk)
    assert all(_selected(shown, "delegates", delegate.pk) for delegate in delegates)
    # An assigned delegate of another term (only a hand-made row) is not offered: not shown;
    # a member without an account, and a new member's page, alike too.
    other_term = TermFactory(name="第十四届", start_date="2017-01-01", end_date="2021-12-31")
    Delegate.objects.filter(pk=delegates[0].pk).update(term=other_term)
    CommitteeMember.objects.filter(pk=member.pk).update(user=None)
    shown = _both_languages_alike(office, url)
    assert not _selected(shown, "delegates", delegates[0].pk)
    assert _selected(shown, "delegates", delegates[2].pk)
    _both_languages_alike(office, "/admin/delegates/committeemember/add/")


def test_a_members_page_posted_with_other_delegates_reads_them_by_its_queryset(
    office, term, secretariat
):
    delegates = [DelegateFactory(term=term) for _ in range(2)]
    member = _member(term, secretariat, delegates[:1])
    url = f"/admin/delegates/committeemember/{member.pk}/change/"
    posted = {"term": term.pk, "name": "", "post": "", "user": "", "delegates": [delegates[1].pk]}
    response = office.post(url, posted)  # the name is missing: the page again
    shown = response.content.decode()
    assert "name" in response.context["adminform"].form.errors
    assert _selected(shown, "delegates", delegates[1].pk)
    assert not _selected(shown, "delegates", delegates[0].pk)


@pytest.mark.parametrize("size", [1, 6])
def test_the_members_page_in_constant_queries(
    office, term, secretariat, size, django_assert_num_queries
):
    account = UserFactory(username="member", first_name="周委员")
    member = _member(term, secretariat, [DelegateFactory(term=term) for _ in range(size)], account)
    url = f"/admin/delegates/committeemember/{member.pk}/change/"
    office.get(url)  # content types, cached
    # session, user, two-factor device, the member, permissions (2), the assigned keys, the
    # account and the delegates chosen, the terms (the term's select)
    with django_assert_num_queries(10) as queries:
        response = office.get(url)
    # The delegates chosen by the member's key, not by the picker's queryset (as above).
    assert not any('"delegates_delegate"."id" IN (' in query["sql"] for query in queries)
    assert response.content.decode().count(" selected>") == size + 2  # and the term
