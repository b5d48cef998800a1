"""Each model permission asked once a request, on the request's user
(congress_office/permission_memo.py, decision 333): Django's answers, nothing kept beyond the
request (a permission taken away closes the page on the next request), and an object's
permissions (django-guardian's) asked every time."""

from unittest import mock

import pytest
from django.contrib import auth
from django.contrib.auth.models import Group, Permission
from guardian.shortcuts import assign_perm, remove_perm

from congress_office.permission_memo import (
    ANSWERS,
    MODULE_ANSWERS,
    remember_model_permissions,
)
from congress_office.roles import Role
from tests.core.factories import UserFactory
from tests.core.test_request_permissions import LIST, VIEW, _fresh, _permission
from tests.proposals.factories import HandlingUnitFactory

pytestmark = pytest.mark.django_db

SECTIONS = "/admin/sections/"


def _every_permission() -> list[str]:
    return [
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    ] + ["nowhere.nothing"]


def test_the_answers_are_django_s_for_each_kind_of_account(secretariat):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(_permission(VIEW))
    group = Group.objects.create(name="一组")
    group.permissions.add(_permission("delegates.change_delegate"))
    clerk.groups.add(group)
    accounts = [
        secretariat,
        clerk,
        UserFactory(username="nobody"),
        UserFactory(username="inactive", role=Role.SECRETARIAT, is_active=False),
        UserFactory(username="root", is_superuser=True),
    ]
    for account in accounts:
        user, django_s = _fresh(account), _fresh(account)
        remember_model_permissions(user)
        for perm in _every_permission():
            for _ in range(2):  # asked, then answered from the request's memo
                assert user.has_perm(perm) == type(django_s).has_perm(django_s, perm), perm
        for app_label in {perm.split(".")[0] for perm in _every_permission()}:
            for _ in range(2):
                assert user.has_module_perms(app_label) == type(django_s).has_module_perms(
                    django_s, app_label
                ), app_label


def test_a_permission_is_asked_of_the_backends_once_a_request(secretariat):
    user = _fresh(secretariat)
    remember_model_permissions(user)
    remember_model_permissions(user)  # once per object: the memo is not wrapped again
    with mock.patch.object(auth, "get_backends", wraps=auth.get_backends) as backends:
        for _ in range(5):
            assert user.has_perm(VIEW)
            assert not user.has_perm("auth.delete_user")
    assert backends.call_count == 2
    assert getattr(user, ANSWERS) == {VIEW: True, "auth.delete_user": False}


def test_an_application_is_asked_of_the_backends_once_a_request(secretariat):
    user = _fresh(secretariat)
    remember_model_permissions(user)
    with mock.patch.object(auth, "get_backends", wraps=auth.get_backends) as backends:
        for _ in range(5):
            assert user.has_module_perms("delegates")
            assert not user.has_module_perms("axes")
    assert backends.call_count == 2
    assert getattr(user, MODULE_ANSWERS) == {"delegates": True, "axes": False}


def test_object_permissions_are_asked_every_time(secretariat):
    unit = HandlingUnitFactory(name="镇财政所")
    user = _fresh(secretariat)
    remember_model_permissions(user)
    assert not user.has_perm("proposals.work_for_unit", unit)
    assign_perm("proposals.work_for_unit", user, unit)
    assert user.has_perm("proposals.work_for_unit", unit)
    remove_perm("proposals.work_for_unit", user, unit)
    assert not user.has_perm("proposals.work_for_unit", unit)
    assert "proposals.work_for_unit" not in getattr(user, ANSWERS)


def test_every_page_s_user_answers_from_the_memo(office):
    page = office.get(LIST)
    assert page.status_code == 200
    assert VIEW in getattr(page.wsgi_request.user, ANSWERS) or (
        "delegates.change_delegation" in getattr(page.wsgi_request.user, ANSWERS)
    )


def test_a_permission_taken_away_closes_the_page_on_the_next_request(client_for):
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(_permission(VIEW))
    client = client_for(clerk)
    assert client.get(LIST).status_code == 200
    assert b"/admin/delegates/" in client.get(SECTIONS).content
    clerk.user_permissions.remove(_permission(VIEW))
    assert client.get(LIST).status_code == 403
    assert b"/admin/delegates/" not in client.get(SECTIONS).content
    clerk.user_permissions.add(_permission(VIEW))
    assert client.get(LIST).status_code == 200


def test_nobody_signed_in_is_left_as_django_has_it(client):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert not hasattr(page.wsgi_request.user, ANSWERS)
