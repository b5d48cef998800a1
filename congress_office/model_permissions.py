"""The account's model permissions for the request, read in one prepared statement.

Django's ModelBackend reads them on the first `has_perm` of a request (every admin page asks
one before showing anything) in two queries the ORM writes each time: the account's own
permissions, then its groups'. Writing those two statements cost more of the server's CPU than
PostgreSQL's answering them (docs/performance.md, "Every admin page"). Here both are one
statement of plain SQL, prepared once per connection (`plain_sql.execute`), that fills the
same per-request caches on the user object (`_user_perm_cache`, `_group_perm_cache`,
`_perm_cache`) with the same "app_label.codename" strings; everything else, and every answer,
stays ModelBackend's.

Nothing is kept beyond the request (decision 283): the caches live on the request's user
object, read again on the next request, so a permission taken from an account or a group stops
opening a page at once."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from . import plain_sql


class RequestPermissionsBackend(ModelBackend):
    """ModelBackend whose read of an account's permissions is one prepared statement. Listed
    before ModelBackend, for permissions only: it signs nobody in, so signing in, and the
    backend sessions record, stay ModelBackend's (a session signed in before this backend
    existed stays valid; Django's test client, signing in without a password, records the
    first backend that can find a user, this one: the same user either way). ModelBackend,
    asked after it, answers from the caches it filled."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    def _get_permissions(self, user_obj, obj, from_name):
        if (
            obj is None
            and user_obj.is_active
            and not user_obj.is_anonymous
            and not user_obj.is_superuser  # every permission: Django's read, as rare as they are
            and not hasattr(user_obj, f"_{from_name}_perm_cache")
        ):
            own, of_groups = read_permissions(user_obj.pk)
            # Only what Django has not read yet: as its own would, one cache never replaced.
            if not hasattr(user_obj, "_user_perm_cache"):
                user_obj._user_perm_cache = own
            if not hasattr(user_obj, "_group_perm_cache"):
                user_obj._group_perm_cache = of_groups
        return super()._get_permissions(user_obj, obj, from_name)


def read_permissions(user_id) -> tuple[set[str], set[str]]:
    """({the account's own permissions}, {its groups' permissions}), as "app_label.codename"."""
    own, of_groups = set(), set()
    with connection.cursor() as cursor:
        plain_sql.execute(cursor, _statement(), [user_id, user_id])
        for from_group, name in cursor.fetchall():
            (of_groups if from_group else own).add(name)
    return own, of_groups


@cache
def _statement() -> str:
    """Both reads, marked 0 for the account's own and 1 for its groups'; the tables named as
    the models name them."""
    user = get_user_model()
    quote = connection.ops.quote_name
    own = quote(user.user_permissions.through._meta.db_table)
    in_group = quote(user.groups.through._meta.db_table)
    of_group = quote(Group.permissions.through._meta.db_table)
    permission, content_type = plain_sql.table(Permission), plain_sql.table(ContentType)
    name = "ct.app_label || '.' || p.codename"
    named = f"JOIN {content_type} ct ON ct.id = p.content_type_id"
    own_read = (
        f"SELECT 0, {name} FROM {own} up JOIN {permission} p ON p.id = up.permission_id "
        f"{named} WHERE up.user_id = %s"
    )
    if connection.vendor == "postgresql":
        # The account's groups as an array read first: planned for no account in particular
        # (prepared, a generic plan after five runs), a join with them was planned for one
        # group permission and looked each of the office's 321 up by index, twice (0.36-0.46
        # ms); by the array it hashes the permissions and their types (0.15-0.19 ms,
        # decision 526). The same rows.
        groups_read = (
            f"SELECT 1, {name} FROM {of_group} gp "
            f"JOIN {permission} p ON p.id = gp.permission_id {named} "
            f"WHERE gp.group_id = ANY (ARRAY(SELECT ug.group_id FROM {in_group} ug "
            f"WHERE ug.user_id = %s))"
        )
    else:
        groups_read = (
            f"SELECT 1, {name} FROM {in_group} ug "
            f"JOIN {of_group} gp ON gp.group_id = ug.group_id "
            f"JOIN {permission} p ON p.id = gp.permission_id {named} WHERE ug.user_id = %s"
        )
    return f"{own_read} UNION ALL {groups_read}"
