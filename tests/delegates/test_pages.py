import datetime

import pytest
from django.utils import timezone

from delegates.models import Delegate
from delegates.services import delegate_change_qualification, delegation_set_leader
from tests.core.factories import UserFactory, office_user
from tests.delegates.factories import (
    ActivityFactory,
    ActivityParticipationFactory,
    AssessmentFactory,
    AwardFactory,
    DelegateFactory,
    DelegationFactory,
)
from tests.proposals.kit import S, draft, proposal_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def my_record(delegate):
    return delegate.delegate_records.get()


@pytest.fixture
def leader(term, my_record):
    """A delegate who leads the delegation `delegate` belongs to."""
    from congress_office.roles import Role

    user = UserFactory(username="leader", role=Role.DELEGATE)
    record = DelegateFactory(term=term, user=user, name="团长", delegation=my_record.delegation)
    delegation_set_leader(delegation=my_record.delegation, leader=record)
    return user


def test_a_delegate_opens_their_own_record(client_for, delegate, my_record):
    assert client_for(delegate).get(f"/delegates/{my_record.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["other_delegate", "unit_staff"])
def test_nobody_else_opens_a_delegates_record(client_for, request, my_record, who):
    response = client_for(request.getfixturevalue(who)).get(f"/delegates/{my_record.pk}/")
    assert response.status_code in (403, 404)


def test_a_leader_sees_the_members_of_their_delegation(client_for, leader, my_record):
    client = client_for(leader)
    page = client.get(f"/delegates/delegations/{my_record.delegation_id}/").content.decode()
    assert my_record.name in page and "团长" in page
    assert client.get(f"/delegates/{my_record.pk}/").status_code == 200


def test_each_member_row_links_their_record_of_the_year_and_escapes_what_it_shows(
    client_for, leader, my_record, term
):
    """The rows written out in Python (delegates/delegation_rows.py) as the template wrote them."""
    odd = DelegateFactory(
        term=term, name="<i>李</i>", work_unit="<b>镇政府</b>", delegation=my_record.delegation
    )
    year = timezone.localdate().year - 1
    url = f"/delegates/delegations/{my_record.delegation_id}/?year={year}"
    page = client_for(leader).get(url).content.decode()
    assert (
        f'<th scope="row"><a href="/delegates/{odd.pk}/?year={year}">&lt;i&gt;李&lt;/i&gt;</a>'
        '<div class="muted">&lt;b&gt;镇政府&lt;/b&gt;</div></th>'
    ) in page
    assert '<td><span class="chip chip-delegate-active">Active</span></td>' in page
    assert page.count('<td class="num">0</td>') == 3  # the leader, the delegate, the odd one


def test_a_leader_sees_nothing_of_other_delegations(client_for, leader, term):
    stranger = DelegateFactory(term=term, name="外团代表", delegation=DelegationFactory(term=term))
    client = client_for(leader)
    assert client.get(f"/delegates/{stranger.pk}/").status_code == 404
    assert client.get(f"/delegates/delegations/{stranger.delegation_id}/").status_code == 404


def test_a_member_who_is_not_leader_cannot_open_the_delegation(client_for, delegate, my_record):
    response = client_for(delegate).get(f"/delegates/delegations/{my_record.delegation_id}/")
    assert response.status_code == 404


def test_leadership_moves_with_the_leader(client_for, leader, my_record, delegate):
    delegation = my_record.delegation
    delegation_set_leader(delegation=delegation, leader=my_record)
    assert client_for(leader).get(f"/delegates/delegations/{delegation.pk}/").status_code == 404
    assert client_for(delegate).get(f"/delegates/delegations/{delegation.pk}/").status_code == 200


@pytest.mark.parametrize("kind", ["terminated", "suspended"])
def test_a_terminated_or_suspended_leader_loses_the_delegation(leader, my_record, kind):
    # Suspension too (found by the fuzz tests): a leader must be an active delegate.
    record = Delegate.objects.get(user=leader)
    delegate_change_qualification(
        delegate=record,
        kind=kind,
        effective_date=datetime.date(2023, 1, 1),
        reason="调离",
        decision_reference="1号",
        recorded_by=office_user(),
    )
    my_record.delegation.refresh_from_db()
    assert my_record.delegation.leader is None
    assert not leader.has_perm("delegates.lead_delegation", my_record.delegation)


def test_the_delegations_led_are_the_leaders_own_grants(leader, delegate, my_record):
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    from delegates.selectors import delegations_led_by

    assert list(delegations_led_by(leader)) == [my_record.delegation]
    # The permission through a group (never granted so) leads nothing.
    group = Group.objects.create(name="某小组")
    delegate.groups.add(group)
    assign_perm("delegates.lead_delegation", group, my_record.delegation)
    assert list(delegations_led_by(delegate)) == []


def test_the_duties_record_counts_the_years_attendance(client_for, delegate, my_record, term):
    year = timezone.localdate().year
    for month, kind, attendance, people in [
        (1, "reception_day", "present", 12),
        (2, "reception_day", "present", 8),
        (3, "inspection", "present", 0),
        (4, "training", "absent", 0),
    ]:
        ActivityParticipationFactory(
            activity=ActivityFactory(term=term, kind=kind, date=datetime.date(year, month, 21)),
            delegate=my_record,
            attendance=attendance,
            people_contacted=people,
        )
    last_year = ActivityFactory(term=term, kind="research", date=datetime.date(year - 1, 5, 1))
    ActivityParticipationFactory(activity=last_year, delegate=my_record)
    response = client_for(delegate).get("/delegates/me/duties/")
    record = response.context["record"]
    assert (record["attended"], record["contacted"]) == (3, 20)
    by_kind = {label: (n, people) for label, n, people in record["by_kind"]}
    assert by_kind["Reception day"] == (2, 20)
    assert by_kind["Training"] == (0, 0)
    assert by_kind["Research"] == (0, 0)
    previous = client_for(delegate).get(f"/delegates/me/duties/?year={year - 1}")
    assert previous.context["record"]["attended"] == 1


def test_the_duties_record_counts_the_items_filed(client_for, author, delegate):
    proposal_in(S.SUBMITTED, author=author)
    draft(author, kind="suggestion", title="还在草稿")  # drafts don't count
    record = client_for(delegate).get("/delegates/me/duties/").context["record"]
    assert ("proposal or suggestion filed", 1) in record["other_duties"]


@pytest.mark.parametrize("year", ["abc", "1900", "99999"])
def test_a_nonsense_year_shows_this_year(client_for, delegate, year):
    response = client_for(delegate).get(f"/delegates/me/duties/?year={year}")
    assert response.context["year"] == timezone.localdate().year


@pytest.mark.parametrize("members", [3, 30])
def test_delegation_page_in_constant_queries(
    client_for, leader, my_record, term, members, django_assert_max_num_queries
):
    for _ in range(members):
        DelegateFactory(term=term, delegation=my_record.delegation)
    client = client_for(leader)
    # session, user, groups, delegation, the leader's grant (one query, decision 285), members
    # with their counts; the evaluations to count (a teller's menu entry, and their content
    # type once per process)
    with django_assert_max_num_queries(10):
        response = client.get(f"/delegates/delegations/{my_record.delegation_id}/")
    assert len(response.context["members"]) == members + 2


def test_the_duties_record_shows_the_years_assessment_and_awards(
    client_for, delegate, my_record, term
):
    year = timezone.localdate().year
    AssessmentFactory(delegate=my_record, year=year, rating="excellent")
    AwardFactory(year=year, kind="excellent_delegate", delegate=my_record)
    AssessmentFactory(delegate=my_record, year=year - 1, rating="not_competent")
    page = client_for(delegate).get("/delegates/me/duties/").content.decode()
    assert "Annual assessment: <strong>Excellent</strong>" in page
    assert "Excellent delegate" in page
    assert "Not competent" not in page


def test_a_stale_copy_cannot_make_a_terminated_delegate_leader(term, my_record):
    from django.core.exceptions import ValidationError

    stale = Delegate.objects.get(pk=my_record.pk)
    delegate_change_qualification(
        delegate=my_record,
        kind="terminated",
        effective_date=datetime.date(2023, 1, 1),
        reason="调离",
        decision_reference="1号",
        recorded_by=office_user(),
    )
    assert stale.status == "active"  # the copy still says so
    with pytest.raises(ValidationError, match="must be an active delegate"):
        delegation_set_leader(delegation=my_record.delegation, leader=stale)


@pytest.mark.parametrize("size", [1, 6])
def test_a_leaders_view_of_a_members_record_in_constant_queries(
    client_for, leader, delegate, author, my_record, term, size, django_assert_num_queries
):
    """The leader's view of a member's duties: the five figures in one query, the leader's
    grant in one (decisions 284 and 285), whatever the member did in the year."""
    year = timezone.localdate().year
    for n in range(size):
        ActivityParticipationFactory(
            activity=ActivityFactory(term=term, date=datetime.date(year, 1 + n, 2)),
            delegate=my_record,
        )
        proposal_in(S.SUBMITTED, author=author)
    client = client_for(leader)
    url = f"/delegates/{my_record.pk}/?year={year}"
    client.get(url)
    # session, user, groups, the member, the grant, the reception rule and working days, the
    # participations (their counts by kind counted from them, decision 303), the five figures,
    # the assessment, the awards, the menu (18 before, 13 before decision 303)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert response.context["record"]["attended"] == size
    own = client_for(delegate)
    own.get("/delegates/me/duties/")
    with django_assert_num_queries(11):  # one's own: no grant to ask about (16, then 12)
        own.get("/delegates/me/duties/")
