"""congress_office.plain_sql.execute: the ballot's statements, prepared once per connection on
PostgreSQL (PREPARE, then EXECUTE), as they are elsewhere; the same rows either way."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from congress_office.plain_sql import _prepared, execute
from tests.core.factories import UserFactory

SQL = "SELECT id, username FROM auth_user WHERE id >= %s AND username <> %s ORDER BY id"
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _rows(sql, params):
    with connection.cursor() as cursor:
        execute(cursor, sql, params)
        return cursor.fetchall()


def _prepared_here(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [name])
        return cursor.fetchone()[0]


def test_placeholders_are_numbered_in_order():
    name, numbered = _prepared("a = %s AND b IN (%s, %s)")
    assert numbered == "a = $1 AND b IN ($2, $3)"
    assert name.startswith("plain_") and name != _prepared("a = %s")[0]


@pytest.mark.django_db
def test_the_rows_are_those_of_the_statement_run_as_it_is():
    users = UserFactory.create_batch(3)
    params = [users[1].pk, users[2].username]
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        expected = cursor.fetchall()
    assert expected == [(users[1].pk, users[1].username)]
    assert _rows(SQL, params) == expected
    assert _rows(SQL, params) == expected  # again: executed, not prepared again
    assert _rows("SELECT count(*) FROM auth_user", []) == [(3,)]  # no parameters


@needs_postgresql
@pytest.mark.django_db
def test_a_statement_is_prepared_once_on_a_connection_then_executed():
    user = UserFactory()
    name = _prepared(SQL)[0]
    _rows(SQL, [user.pk, ""])
    assert _prepared_here(name) == 1
    with CaptureQueriesContext(connection) as ran:
        assert _rows(SQL, [user.pk, ""]) == [(user.pk, user.username)]
    assert [q["sql"].split("(")[0] for q in ran.captured_queries] == [f"EXECUTE {name}"]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again_and_a_rollback_keeps_what_was_prepared():
    connection.close()  # a connection of this test's own, nothing prepared on it yet
    user = UserFactory()
    name = _prepared(SQL)[0]
    assert _prepared_here(name) == 0
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        _rows(SQL, [user.pk, ""])  # prepared inside a transaction rolled back
        raise ZeroDivisionError
    assert _prepared_here(name) == 1
    assert _rows(SQL, [user.pk, ""]) == [(user.pk, user.username)]
    connection.close()  # as CONN_MAX_AGE does: the next connection has nothing prepared
    assert _prepared_here(name) == 0
    assert _rows(SQL, [user.pk, ""]) == [(user.pk, user.username)]
    assert _prepared_here(name) == 1
