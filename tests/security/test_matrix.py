"""The security matrix: every URL of the project × every role, with the expected answer.

The URLs are read from the URL configuration (tests/security/urlconf.py), the answers from the
table (tests/security/table.py), the objects from tests/security/world.py. A URL with no entry
in the table fails here, naming it, so that a new page cannot arrive without deciding who may
open it. Every cell is one test: `GET <url name> [<case>] as <role>`.

Besides the answer itself:
- a role refused on GET (302 to a sign-in page, 403, 404) is refused the same way on POST,
  and nothing in the database changes;
- the table's `Post` rows check that a role that may read a page cannot do what it offers
  (and that the right role can);
- downloads are attachments with the stored content type;
- every HTML page keeps to the Content Security Policy it is sent with;
- no page shows a delegate's phone or email to a role that may not see it
  (tests/security/personal_data.py).
"""

import fnmatch

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.security.expect import Bug
from tests.security.helpers import policy_problems
from tests.security.personal_data import TEXT_TYPES, personal_data_leaks
from tests.security.table import TABLE
from tests.security.urlconf import project_urls
from tests.security.world import ROLES

pytestmark = pytest.mark.django_db

URLS = project_urls()


def entry_for(url):
    """The table's cases for a URL: by its exact key, else by the first matching pattern."""
    if url.key in TABLE:
        return TABLE[url.key]
    for pattern, cases in TABLE.items():
        if any(ch in pattern for ch in "*?[") and fnmatch.fnmatchcase(url.key, pattern):
            return cases
    return None


def _cells():
    for url in URLS:
        cases = entry_for(url)
        if cases is None:
            yield pytest.param(url, None, None, None, id=f"GET {url.key} has no entry")
            continue
        for number, case in enumerate(cases):
            label = case.label or url.key
            for role in ROLES:
                expected = case.expect[role]
                marks = ()
                if isinstance(expected, Bug):
                    marks = pytest.mark.xfail(reason=expected.reason, strict=True)
                yield pytest.param(
                    url, number, role, None, id=f"GET {url.key} [{label}] as {role}", marks=marks
                )
                for post_number, post in enumerate(case.posts):
                    marks = ()
                    if isinstance(post.expect[role], Bug):
                        marks = pytest.mark.xfail(reason=post.expect[role].reason, strict=True)
                    yield pytest.param(
                        url,
                        number,
                        role,
                        post_number,
                        id=f"POST {url.key} [{label}: {post.label}] as {role}",
                        marks=marks,
                    )


# --- Building and checking one request ----------------------------------------------------


class _Pks(dict):
    """ "/proposals/{draft}/" -> "/proposals/12/": world objects by their primary keys."""

    def __init__(self, world):
        super().__init__()
        self.world = world

    def __missing__(self, name):
        return getattr(self.world, name).pk


def _path(world, url, case):
    missing = set(url.parameters) - set(case.params)
    assert not missing, f"{url.key}: the case gives no value for {sorted(missing)}"
    values = {
        name: value(world, url) if callable(value) else value
        for name, value in case.params.items()
        if name in url.parameters
    }
    path = url.fill(values)
    return f"{path}?{case.query}" if case.query else path


def _client(world, role):
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _check(response, expected, world, path, role):
    where = f"{path} as {role}"
    got = response.status_code
    location = response.get("Location", "")
    assert got == expected.status, f"{where}: expected {expected}, got {got} {location}".rstrip()
    if expected.redirect == "login":
        assert location.startswith("/accounts/login/?next="), f"{where}: to {location}"
    elif expected.redirect == "admin login":
        assert location.startswith("/admin/login/?next="), f"{where}: to {location}"
    elif expected.status == 302:
        assert not location.startswith(("/accounts/login/", "/admin/login/")), where
        if expected.redirect is not None:
            to = expected.redirect
            to = to(world) if callable(to) else to.format_map(_Pks(world))
            assert location == to, f"{where}: to {location}, expected {to}"
    if expected.download:
        assert response["Content-Disposition"].startswith("attachment;"), where
        assert response["Content-Type"].split(";")[0] == expected.download, where
    if expected.content_type:
        assert response["Content-Type"].split(";")[0] == expected.content_type, where
    if got == 200 and response["Content-Type"].startswith("text/html"):
        assert policy_problems(response) == [], f"{where}: the page breaks its own CSP"
    if got == 200 and response["Content-Type"].startswith(TEXT_TYPES):
        leaks = personal_data_leaks(role, response.content.decode())
        assert leaks == [], f"{where}: shows personal data the role may not see: {leaks}"


def _row_counts():
    """The number of rows of every table, in one query: a refused POST must change none."""
    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    )
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _baseline(world):
    """The row counts of the world as built: every test starts from them, since whatever a
    test changes is rolled back (a case's `setup` changes rows, it adds none)."""
    if not hasattr(world, "row_counts"):
        world.row_counts = _row_counts()
    return world.row_counts


# --- The tests ----------------------------------------------------------------------------


def test_every_url_has_an_entry_and_every_entry_a_url():
    missing = [f"{url.key}  ({url.route})" for url in URLS if entry_for(url) is None]
    assert not missing, (
        "URLs with no entry in the security matrix (tests/security/table.py); decide who may "
        "open each and add it:\n  " + "\n  ".join(missing)
    )
    keys = {url.key for url in URLS}
    stale = [
        key
        for key in TABLE
        if key not in keys and not any(fnmatch.fnmatchcase(k, key) for k in keys)
    ]
    assert not stale, f"entries for URLs that no longer exist: {stale}"


def test_the_matrix_covers_every_role_and_the_admin():
    assert len(URLS) > 150  # the admin's model pages are in it
    for key, cases in TABLE.items():
        for case in cases:
            assert all(case.expect[role] is not None for role in ROLES), key


@pytest.mark.parametrize(("url", "number", "role", "post_number"), list(_cells()))
def test_matrix(world, url, number, role, post_number):
    if number is None:
        pytest.fail(
            f"{url.key} ({url.route}) has no entry in the security matrix: add one to "
            "tests/security/table.py"
        )
    case = entry_for(url)[number]
    baseline = _baseline(world)  # before any request of this test (the first one too)
    if case.setup:
        case.setup(world)
    path = _path(world, url, case)
    client = _client(world, role)
    expected = case.expect[role]
    if isinstance(expected, Bug):
        expected = expected.answer

    if post_number is None:
        _check(client.get(path), expected, world, path, role)
        if expected.refusal:
            response = client.post(path, {})
            if response.status_code != 405:  # a GET-only view refuses every POST anyway
                _check(response, expected, world, f"POST {path}", role)
            assert _row_counts() == baseline, f"POST {path} as {role} changed the database"
        return

    post = case.posts[post_number]
    data = post.data(world) if callable(post.data) else post.data
    expected = post.expect[role]
    if isinstance(expected, Bug):
        expected = expected.answer
    before = post.effect(world)
    _check(client.post(path, data), expected, world, f"POST {path}", role)
    after = post.effect(world)
    if role in post.changes_for:
        assert after != before, f"POST {path} as {role} did not {post.label}"
    else:
        assert after == before, f"POST {path} as {role} could {post.label}: {before} -> {after}"
