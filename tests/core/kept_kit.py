"""What the tests of kept markup and classes share (kept_form_classes, kept_select_rows,
kept_empty_forms): a page as a client sees it with what is new on every request blanked, the
same page with a module's keeping switched off (Django's own), a fixture that starts and ends
each test with nothing kept, the inline forms a page made, and an account lacking one
permission."""

import re
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.forms.models import BaseInlineFormSet
from django.test.utils import CaptureQueriesContext

from tests.core.factories import UserFactory

# The CSRF token (form field, header meta) and CSP nonces differ on every request.
VOLATILE = re.compile(r'((?:name="csrfmiddlewaretoken" value|nonce|data-csrf-token)=")[^"]*')


def page(client, url, language="zh-hans") -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return VOLATILE.sub(r"\1-", response.content.decode())


def djangos(module, client, url, language="zh-hans") -> str:
    """The page with `module.KEEP` off: what Django's own classes and widgets write."""
    with mock.patch.object(module, "KEEP", False):
        return page(client, url, language)


def inline_forms_made(client, url) -> list[str]:
    """The prefix of each inline form the page made, in order (a kept row makes none)."""
    made = []
    construct = BaseInlineFormSet._construct_form

    def counted(formset, i, **kwargs):
        made.append(formset.prefix)
        return construct(formset, i, **kwargs)

    with mock.patch.object(BaseInlineFormSet, "_construct_form", counted):
        page(client, url)
    return made


def nothing_kept_in(*stores):
    """An autouse fixture emptying `stores` (the modules' dicts of what they keep) around each
    test; assign it to a name in the test module."""

    @pytest.fixture(autouse=True)
    def nothing_kept():
        for store in stores:
            store.clear()
        yield
        for store in stores:
            store.clear()

    return nothing_kept


def without(user, codename: str, app_label: str | None = None):
    """A staff account holding each of `user`'s permissions but one (of `app_label`'s, where
    two applications have a permission of that name), given one by one."""
    found = Permission.objects.filter(codename=codename)
    if app_label is not None:
        found = found.filter(content_type__app_label=app_label)
    permission = found.get()
    assert user.has_perm(f"{permission.content_type.app_label}.{codename}")
    held = [
        p
        for p in Permission.objects.select_related("content_type")
        if p != permission and user.has_perm(f"{p.content_type.app_label}.{p.codename}")
    ]
    fewer = UserFactory(username="fewer", is_staff=True)
    fewer.user_permissions.set(held)
    return fewer


def queries_kept_or_not(module, client, urls) -> set[int]:
    """The queries of each page of `urls` with `module.KEEP` off, then on: made and kept, then
    read from what was kept (the process's statements written first, by the first page)."""

    def counted(url) -> int:
        with CaptureQueriesContext(connection) as queries:
            page(client, url)
        return len(queries)

    page(client, urls[0])
    counts = set()
    for url in urls:
        with mock.patch.object(module, "KEEP", False):
            counts.add(counted(url))
        counts.add(counted(url))  # made and kept
        counts.add(counted(url))  # read from what was kept
    return counts
