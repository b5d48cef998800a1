"""Separated duties (三员, issue 16 item 2; decision 227): the system administrator manages
accounts, groups and permissions and reads none of the office's records; the security auditor
reads the trail and nothing else; office staff touch neither accounts nor the trail. Every page
of every role is in the security matrix (tests/security/table.py); here, what the matrix's
single objects cannot show: the objects behind the pages, the POSTs, and the escalations."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from congress_office.models import SecurityEvent
from congress_office.roles import ROLE_PERMISSIONS, Role, roles_sync
from tests.core.factories import UserFactory
from tests.evaluations.kit import S, evaluation_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def system_admin(db):
    return UserFactory(username="sysadmin", first_name="王系统", role=Role.SYSTEM_ADMIN)


@pytest.fixture
def auditor(db):
    return UserFactory(username="auditor", role=Role.SECURITY_AUDITOR)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def _status(client, url_name, *args, method="get", data=None):
    url = reverse(url_name, args=args)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


def _perms(role):
    group = Group.objects.get(name=role.value)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_the_role_groups_hold_exactly_their_permissions_after_every_sync():
    roles_sync()
    roles_sync()  # idempotent
    for role, names in ROLE_PERMISSIONS.items():
        assert _perms(role) == set(names)
    office = _perms(Role.SECRETARIAT)
    assert not {p for p in office if p.startswith("auth.")}  # no accounts, no groups
    assert "congress_office.view_securityevent" not in office
    # Nobody, whatever their role, may change or remove an entry of the trail: no such right.
    assert not Permission.objects.filter(
        content_type__model="securityevent", codename__regex="^(add|change|delete)_"
    ).exists()


def test_each_role_lands_on_its_own_home_with_its_own_navigation(
    client_for, system_admin, auditor, secretariat
):
    homes = {
        system_admin: "/admin/auth/user/",
        auditor: "/admin/congress_office/securityevent/",
        secretariat: "/admin/",
    }
    for user, home in homes.items():
        client = client_for(user)
        assert client.get("/")["Location"] == home
        admin_home = client.get("/admin/")
        if user is secretariat:
            assert admin_home.status_code == 200  # the desk
        else:
            assert admin_home["Location"] == home
    page = client_for(system_admin).get("/admin/auth/user/").content.decode()
    assert (
        'href="/admin/auth/group/"' in page and "/admin/congress_office/securityevent/" not in page
    )
    page = client_for(auditor).get("/admin/congress_office/securityevent/").content.decode()
    assert 'aria-current="page">Security audit trail' in page
    assert "/admin/auth/user/" not in page


def test_the_system_administrator_manages_accounts_and_groups(client_for, system_admin):
    client = client_for(system_admin)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "newclerk",
            "password1": "a long pass phrase 1",
            "password2": "a long pass phrase 1",
        },
    )
    assert response.status_code == 302
    clerk = Group.objects.get(name=Role.UNIT_STAFF.value)
    user = UserFactory._meta.model.objects.get(username="newclerk")
    change = reverse("admin:auth_user_change", args=[user.pk])
    page = client.get(change).content.decode()
    assert "Handling unit staff" in page and ">unit_staff<" not in page  # roles by their names
    data = {
        "username": "newclerk",
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "groups": [clerk.pk],
        "date_joined_0": "2026-12-01",
        "date_joined_1": "08:00:00",
        "initial-date_joined_0": "2026-12-01",
        "initial-date_joined_1": "08:00:00",
        "is_superuser": "on",  # not theirs to give: ignored
    }
    assert client.post(change, data).status_code == 302
    user.refresh_from_db()
    assert list(user.groups.all()) == [clerk] and not user.is_superuser
    event = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.GROUPS_CHANGED).latest("pk")
    assert (event.user, event.target_id) == (system_admin, str(user.pk))


def test_the_system_administrator_cannot_widen_their_own_access(client_for, system_admin):
    client = client_for(system_admin)
    own = reverse("admin:auth_user_change", args=[system_admin.pk])
    office = Group.objects.get(name=Role.SECRETARIAT.value)
    client.post(
        own,
        {
            "username": "sysadmin",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [office.pk],
            "date_joined_0": "2026-12-01",
            "date_joined_1": "08:00:00",
        },
    )
    system_admin.refresh_from_db()
    assert not system_admin.is_superuser
    assert list(system_admin.groups.values_list("name", flat=True)) == ["system_admin"]
    # Nor their role group's permissions (kept by the code), nor remove the group.
    own_group = Group.objects.get(name=Role.SYSTEM_ADMIN.value)
    view_proposal = Permission.objects.get(codename="view_proposal")
    client.post(
        reverse("admin:auth_group_change", args=[own_group.pk]),
        {"name": "system_admin", "permissions": [view_proposal.pk]},
    )
    assert "proposals.view_proposal" not in _perms(Role.SYSTEM_ADMIN)
    shown = client.get(reverse("admin:auth_group_change", args=[own_group.pk])).content.decode()
    assert 'name="_save"' not in shown and "System administrator" in shown  # read, not edited
    assert _status(client, "admin:auth_group_delete", own_group.pk) == 403
    assert _status(client, "admin:auth_user_delete", system_admin.pk) == 403


def test_a_superusers_account_is_a_superusers(client_for, system_admin, superuser):
    client = client_for(system_admin)
    page = client.get(reverse("admin:auth_user_change", args=[superuser.pk])).content.decode()
    assert 'name="_save"' not in page  # shown, not editable
    change = reverse("admin:auth_user_change", args=[superuser.pk])
    assert client.post(change, {"username": "taken", "is_active": ""}).status_code == 403
    superuser.refresh_from_db()
    assert superuser.username == "root" and superuser.is_active
    assert _status(client, "admin:auth_user_password_change", superuser.pk) == 403
    assert _status(client, "admin:auth_user_delete", superuser.pk) == 403


def test_the_system_administrator_reads_no_proposal_roster_ballot_or_trail(
    client_for, system_admin, delegate
):
    from delegates.models import Delegate
    from tests.proposals.kit import draft
    from tests.sessions.factories import SessionFactory

    client = client_for(system_admin)
    record = Delegate.objects.get(user=delegate)
    proposal = draft(record)
    session = SessionFactory(term=record.term)
    closed = evaluation_in(S.CLOSED, session=session, entitled=[record])
    for url_name, args in (
        ("admin:proposals_proposal_changelist", ()),
        ("admin:proposals_proposal_change", (proposal.pk,)),
        ("admin:delegates_delegate_changelist", ()),
        ("admin:delegates_delegate_change", (record.pk,)),
        ("admin:evaluations_evaluation_change", (closed.pk,)),
        ("admin:congress_office_securityevent_changelist", ()),
    ):
        assert _status(client, url_name, *args) == 403, url_name
    assert _status(client, "proposals:proposal_detail", proposal.pk) in (403, 404)
    assert _status(client, "evaluations:results", closed.pk) == 403


def test_the_auditor_reads_the_trail_and_nothing_else(client_for, auditor, delegate):
    from delegates.models import Delegate
    from tests.proposals.kit import draft

    client = client_for(auditor)
    entry = SecurityEvent.objects.latest("pk")
    assert _status(client, "admin:congress_office_securityevent_change", entry.pk) == 200
    proposal = draft(Delegate.objects.get(user=delegate))
    for url_name, args in (
        ("admin:auth_user_changelist", ()),
        ("admin:auth_user_change", (delegate.pk,)),
        ("admin:auth_group_changelist", ()),
        ("admin:proposals_proposal_changelist", ()),
        ("admin:proposals_proposal_change", (proposal.pk,)),
        ("admin:delegates_delegate_changelist", ()),
    ):
        assert _status(client, url_name, *args) == 403, url_name


def test_office_staff_change_no_account_group_or_permission_and_read_no_trail(
    client_for, secretariat, delegate
):
    client = client_for(secretariat)
    group = Group.objects.get(name=Role.DELEGATE.value)
    entry = SecurityEvent.objects.latest("pk")
    for url_name, args in (
        ("admin:auth_user_changelist", ()),
        ("admin:auth_user_add", ()),
        ("admin:auth_user_change", (delegate.pk,)),
        ("admin:auth_user_password_change", (delegate.pk,)),
        ("admin:auth_group_change", (group.pk,)),
        ("admin:congress_office_securityevent_changelist", ()),
        ("admin:congress_office_securityevent_change", (entry.pk,)),
        ("admin:congress_office_securityevent_delete", (entry.pk,)),
    ):
        assert _status(client, url_name, *args) == 403, url_name
    staff = Group.objects.get(name=Role.SECRETARIAT.value)
    client.post(
        reverse("admin:auth_user_change", args=[delegate.pk]),
        {"username": "delegate", "groups": [staff.pk], "is_staff": "on"},
    )
    delegate.refresh_from_db()
    assert not delegate.is_staff and not delegate.groups.filter(pk=staff.pk).exists()
