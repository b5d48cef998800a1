"""The account's model permissions read for each request in one statement
(`congress_office.model_permissions`, decision 295): the same answers as Django's ModelBackend
for every kind of account, and nothing kept between requests: a permission taken away stops
opening a page on the next request (decision 283)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from congress_office.model_permissions import RequestPermissionsBackend
from congress_office.roles import Role, role_group
from tests.core.factories import UserFactory
from tests.proposals.factories import HandlingUnitFactory

LIST = "/admin/delegates/delegation/"
VIEW = "delegates.view_delegation"


def _permission(perm: str) -> Permission:
    app_label, codename = perm.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _fresh(user):
    """The account as a new request reads it: no permission read yet."""
    return get_user_model().objects.get(pk=user.pk)


def _caches(backend, user) -> tuple:
    """What the backend leaves on the account after answering its permissions."""
    everything = backend.get_all_permissions(user)
    return everything, user._user_perm_cache, user._group_perm_cache


@pytest.fixture
def clerk(db):
    """Staff with a permission of their own and two groups' (one shared with the other)."""
    user = UserFactory(username="clerk", is_staff=True)
    user.user_permissions.add(_permission("proposals.view_proposal"), _permission(VIEW))
    first, second = Group.objects.create(name="一组"), Group.objects.create(name="二组")
    first.permissions.add(_permission("delegates.view_delegate"), _permission(VIEW))
    second.permissions.add(_permission("delegates.change_delegate"))
    user.groups.add(first, second)
    UserFactory(username="other").groups.add(first)
    return user


def test_the_permissions_are_django_s_own_for_each_kind_of_account(clerk, secretariat):
    nobody = UserFactory(username="nobody")
    inactive = UserFactory(username="inactive", role=Role.SECRETARIAT, is_active=False)
    superuser = UserFactory(username="root", is_superuser=True)
    for user in (clerk, secretariat, nobody, inactive, superuser):
        ours = _fresh(user)
        django_s = _fresh(user)
        assert RequestPermissionsBackend().get_all_permissions(ours) == (
            ModelBackend().get_all_permissions(django_s)
        ), user.username
        if user.is_active:
            assert _caches(RequestPermissionsBackend(), ours) == _caches(ModelBackend(), django_s)
    assert _caches(RequestPermissionsBackend(), _fresh(clerk)) == (
        {"proposals.view_proposal", VIEW, "delegates.view_delegate", "delegates.change_delegate"},
        {"proposals.view_proposal", VIEW},
        {"delegates.view_delegate", VIEW, "delegates.change_delegate"},
    )
    assert RequestPermissionsBackend().get_all_permissions(_fresh(inactive)) == set()
    assert not _fresh(inactive).has_perm(VIEW)
    assert _fresh(superuser).has_perm(VIEW)
    assert len(RequestPermissionsBackend().get_all_permissions(_fresh(superuser))) == (
        Permission.objects.count()
    )


def test_the_permissions_are_read_in_one_query_once_a_request(clerk):
    user = _fresh(clerk)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm(VIEW)
        assert not user.has_perm("auth.view_user")
        assert user.get_all_permissions() == RequestPermissionsBackend().get_all_permissions(user)
    assert len(queries) == 1


def test_it_signs_nobody_in(clerk, password):
    assert RequestPermissionsBackend().authenticate(None, username="clerk", password=password) is (
        None
    )


def test_object_permissions_stay_guardian_s(clerk):
    unit, other = HandlingUnitFactory(name="镇财政所"), HandlingUnitFactory(name="镇教育办")
    assign_perm("proposals.work_for_unit", clerk, unit)
    user = _fresh(clerk)
    assert user.has_perm("proposals.work_for_unit", unit)
    assert not user.has_perm("proposals.work_for_unit", other)
    assert not user.has_perm("proposals.work_for_unit")  # held on one unit, not globally
    assert RequestPermissionsBackend().get_all_permissions(user, obj=unit) == set()


def _own(user):
    user.user_permissions.add(_permission(VIEW))
    Group.objects.get(name="一组").permissions.remove(_permission(VIEW))
    return lambda: user.user_permissions.remove(_permission(VIEW))


def _group_s(user):
    return lambda: Group.objects.get(name="一组").permissions.remove(_permission(VIEW))


def _group(user):
    return lambda: user.groups.remove(Group.objects.get(name="一组"))


@pytest.mark.parametrize("held_by", [_own, _group_s, _group], ids=["own", "group's", "group"])
def test_a_permission_taken_away_stops_opening_the_page_on_the_next_request(
    clerk, client_for, held_by
):
    clerk.user_permissions.remove(_permission(VIEW))  # held one way only: the one taken away
    take_away = held_by(clerk)
    client = client_for(clerk)
    assert client.get(LIST).status_code == 200
    take_away()
    assert client.get(LIST).status_code == 403


def test_a_role_taken_away_stops_opening_the_page_on_the_next_request(secretariat, client_for):
    client = client_for(secretariat)
    assert client.get(LIST).status_code == 200
    # The list opens on either of these (a change permission includes viewing).
    role_group(Role.SECRETARIAT).permissions.remove(
        _permission(VIEW), _permission("delegates.change_delegation")
    )
    assert client.get(LIST).status_code == 403
