import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import ImproperlyConfigured
from guardian.shortcuts import assign_perm

from congress_office import object_permissions
from delegates.models import Term
from proposals.models import HandlingUnit
from proposals.units import unit_staff as staff_of_unit
from proposals.units import units_of
from tests.core.factories import UserFactory
from tests.proposals.factories import HandlingUnitFactory

WORK = "proposals.work_for_unit"


@pytest.fixture
def units(db):
    return [HandlingUnitFactory(name=name) for name in ["镇财政所", "镇教育办"]]


@pytest.fixture
def people(db):
    return [UserFactory(username=name, last_name=last) for name, last in [("b", "王"), ("a", "李")]]


def test_a_grant_and_a_revoke_are_what_guardian_checks(units, people):
    unit, other = units
    wang, li = people
    object_permissions.grant(WORK, wang, unit)
    object_permissions.grant(WORK, li, unit)
    assert wang.has_perm(WORK, unit) and not wang.has_perm(WORK, other)
    assert list(object_permissions.holders(WORK, unit)) == [li, wang]  # by name
    object_permissions.revoke(WORK, wang, unit)
    assert list(object_permissions.holders(WORK, unit)) == [li]
    wang.refresh_from_db()
    assert not wang.has_perm(WORK, unit)


def test_setting_the_holders_grants_and_withdraws_the_difference(units, people):
    unit, _other = units
    wang, li = people
    assert object_permissions.set_holders(WORK, unit, [wang]) == ({wang}, set())
    assert object_permissions.set_holders(WORK, unit, [li]) == ({li}, {wang})
    assert object_permissions.set_holders(WORK, unit, [li]) == (set(), set())
    assert list(object_permissions.holders(WORK, unit)) == [li]


def test_only_a_grant_to_the_user_on_the_object_counts(units, people):
    unit, other = units
    wang, li = people
    object_permissions.grant(WORK, wang, unit)
    assert list(object_permissions.objects_of(WORK, wang, HandlingUnit)) == [unit]
    # Neither the permission held globally nor an object permission through a group counts
    # (none is ever granted so): the answer is the user's own grants, read from their table.
    li.user_permissions.add(Permission.objects.get(codename="work_for_unit"))
    group = Group.objects.create(name="某小组")
    li.groups.add(group)
    assign_perm(WORK, group, other)
    assert list(object_permissions.objects_of(WORK, li, HandlingUnit)) == []
    assert list(object_permissions.holders(WORK, other)) == []
    assert list(object_permissions.objects_of(WORK, AnonymousUser(), HandlingUnit)) == []


def test_reads_cost_one_query(units, people, django_assert_num_queries):
    unit, other = units
    wang, li = people
    for user in people:
        object_permissions.grant(WORK, user, unit)
    object_permissions.grant(WORK, li, other)
    with django_assert_num_queries(1):
        assert list(object_permissions.holders(WORK, unit)) == [li, wang]
    with django_assert_num_queries(1):
        assert set(object_permissions.objects_of(WORK, li, HandlingUnit)) == {unit, other}
    with django_assert_num_queries(1):
        by_unit = object_permissions.holders_by_object(WORK, units)
    assert by_unit == {unit.pk: [li, wang], other.pk: [li]}


def test_a_model_without_its_own_permission_table_is_refused(db, people):
    with pytest.raises(ImproperlyConfigured):
        object_permissions.objects_of("delegates.change_term", people[0], Term)


def test_unit_membership_is_an_object_permission_set_in_the_admin(
    client_for, secretariat, unit, other_unit
):
    clerk = UserFactory(username="clerk")
    response = client_for(secretariat).post(
        f"/admin/proposals/handlingunit/{unit.pk}/change/", {"name": unit.name, "staff": [clerk.pk]}
    )
    assert response.status_code == 302
    assert list(staff_of_unit(unit)) == [clerk]
    assert clerk.has_perm(WORK, unit)
    assert not clerk.has_perm(WORK, other_unit)
    assert not clerk.has_perm(WORK)  # no global permission
    client_for(secretariat).post(
        f"/admin/proposals/handlingunit/{unit.pk}/change/", {"name": unit.name, "staff": []}
    )
    assert not clerk.has_perm(WORK, unit)


def test_a_unit_is_worked_for_by_a_grant_to_the_user_only(unit, other_unit, unit_staff):
    assert list(units_of(unit_staff)) == [unit]
    # Neither the permission held globally nor an object permission through a group (none is
    # ever granted so) makes anyone a unit's staff.
    outsider = UserFactory(username="outsider")
    outsider.user_permissions.add(Permission.objects.get(codename="work_for_unit"))
    group = Group.objects.create(name="某小组")
    outsider.groups.add(group)
    assign_perm(WORK, group, other_unit)
    assert list(units_of(outsider)) == []


def _fresh(user):
    return type(user).objects.get(pk=user.pk)  # no permission cache of guardian's or Django's


def test_holds_answers_as_guardian_does(units, people, django_assert_num_queries):
    """`holds` (decision 285): a grant to the user or to one of their groups, on this object
    only; an inactive user holds none, an active superuser every one."""
    unit, other = units
    wang, li = people
    group = Group.objects.create(name="财政组")
    li.groups.add(group)
    assign_perm(WORK, wang, unit)
    assign_perm(WORK, group, other)
    cases = [(wang, unit), (wang, other), (li, unit), (li, other)]
    answers = [object_permissions.holds(WORK, _fresh(u), obj) for u, obj in cases]
    assert answers == [_fresh(u).has_perm(WORK, obj) for u, obj in cases]
    assert answers == [True, False, False, True]
    with django_assert_num_queries(1):  # a holder by their own grant: one query
        assert object_permissions.holds(WORK, wang, unit)
    wang.is_active = False
    assert not object_permissions.holds(WORK, wang, unit) and not wang.has_perm(WORK, unit)
    wang.is_active, wang.is_superuser = True, True
    assert object_permissions.holds(WORK, wang, other) and wang.has_perm(WORK, other)
