"""The fields' names an admin or inline learns once (congress_office/field_names.py, decision
362) are those Django's `get_fields` learns by building its form every time: for every admin
and inline of the site, on an add page and on an object's, as office staff, a superuser and a
delegate, asked twice (the second time kept); and each part of the key (the read-only and
excluded fields of the request, the form class, the admin) kept apart."""

from unittest import mock

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from congress_office import field_names
from congress_office.admin_helpers import OfficeModelAdmin
from congress_office.field_names import _probe_is_djangos
from delegates.models import Activity
from tests.core.factories import UserFactory
from tests.core.small_office import office_built

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _djangos(model_admin, request, obj) -> list:
    """What the admin's `get_fields` answers learning the names as Django does, from a form
    built for them."""
    with mock.patch.object(field_names, "KEPT", False):
        return model_admin.get_fields(request, obj)


def test_every_admin_and_inline_learns_the_names_djangos_way_learns():
    with office_built():
        users = [
            get_user_model().objects.get(username="office"),
            get_user_model().objects.get(username="delegate"),
            UserFactory(username="root", is_superuser=True, is_staff=True),
        ]
        kept = 0
        for model_admin in admin.site._registry.values():
            objects = [None, model_admin.model._default_manager.order_by("pk").first()]
            for user in users:
                request = _request(user)
                for obj in objects:
                    admins = [model_admin, *model_admin.get_inline_instances(request, obj)]
                    for each in admins:
                        if each.fields or not _probe_is_djangos(type(each)):
                            continue
                        for _asked in range(2):
                            assert each.get_fields(request, obj) == _djangos(each, request, obj), (
                                type(each).__name__, user.username, obj)  # fmt: skip
                        kept += 1
        assert kept > 100  # most of the office's admins learn their fields this way


class _Varied(OfficeModelAdmin):
    """An admin whose read-only and excluded fields follow the request."""

    def get_readonly_fields(self, request, obj=None):
        return ["topic"] if request.GET.get("readonly") else []

    def get_exclude(self, request, obj=None):
        return ["place"] if request.GET.get("exclude") else None


class _Fewer(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["date", "kind"]


def test_each_part_of_the_key_keeps_its_own_names():
    """A key part left out, and the second of two answers that differ in it would be the
    first's."""
    varied = _Varied(Activity, admin.site)
    fewer = _Varied(Activity, admin.site)
    fewer.form = _Fewer
    factory = RequestFactory()
    asked = [
        (varied, {}),
        (varied, {"readonly": "1"}),
        (varied, {"exclude": "1"}),
        (varied, {"readonly": "1", "exclude": "1"}),
        (fewer, {}),
        (admin.site._registry[Activity], {}),
    ]
    learnt = []
    for _round in range(2):
        for model_admin, query in asked:
            request = factory.get("/", query)
            request.user = UserFactory.build(is_superuser=True)
            names = model_admin.get_fields(request)
            assert names == _djangos(model_admin, request, None), query
            learnt.append(tuple(names))
    assert len(set(learnt)) == len(asked) - 1  # the site's activity admin shows varied's {}
    assert "topic" in learnt[1] and "place" not in learnt[2]
    assert learnt[4] == ("date", "kind")
