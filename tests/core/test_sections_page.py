"""The "All sections" page (congress_office/admin_site.py, decision 350): its list written once
per process for each set of permission answers, and what it shows is what Django's own index
shows each account, in each language, as permissions change."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from congress_office.admin_site import _SECTIONS
from congress_office.roles import Role
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db

SECTIONS = "/admin/sections/"


def _django_s(user, language: str) -> str:
    """Django's own list of every model for `user` (its index's), in its own template."""
    request = RequestFactory().get(SECTIONS)
    request.user = user
    with translation.override(language):
        app_list = AdminSite.get_app_list(admin.site, request)
        context = {"app_list": app_list, "show_changelinks": True, "request": request}
        return render_to_string("admin/app_list.html", context)


def _accounts():
    clerk = UserFactory(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_delegation"))
    return [
        UserFactory(username="office", role=Role.SECRETARIAT),
        UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN),
        UserFactory(username="auditor", role=Role.SECURITY_AUDITOR),
        clerk,
        UserFactory(username="root", is_staff=True, is_superuser=True),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_account_sees_django_s_list(client_for, language):
    _SECTIONS.clear()
    for user in _accounts():
        client = client_for(user)
        client.cookies["django_language"] = language
        for _ in range(2):  # written, then kept
            page = client.get(SECTIONS)
            assert page.status_code == 200
            html = page.content.decode()
            assert f'<div id="content-main">\n{_django_s(user, language)}\n</div>' in html
    # One list kept for each account's permissions in the language: none mixed up.
    assert len(_SECTIONS) == 5


def test_a_permission_given_shows_its_section_at_once(client_for):
    clerk = UserFactory(username="clerk", is_staff=True)
    client = client_for(clerk)
    assert 'href="/admin/delegates/delegation/"' not in client.get(SECTIONS).content.decode()
    clerk.user_permissions.add(Permission.objects.get(codename="view_delegation"))
    page = client.get(SECTIONS).content.decode()
    assert 'href="/admin/delegates/delegation/"' in page
    assert 'href="/admin/delegates/delegation/add/"' not in page
