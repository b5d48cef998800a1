"""Object permissions held by users directly, in guardian's direct foreign-key tables.

Who works for a handling unit and who enters an evaluation's paper counts are both decided by
a permission granted to the user on one object, here and only here: never to a group, never
globally. So who holds a permission, and on what, is read straight from the object's
permission table (one query, no group or global permissions worked out, decision 63).
Granting and withdrawing go through guardian. `perm` is "app_label.codename" throughout.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model


def _table(model_or_obj, perm: str):
    """The direct permission table of the object's model, and the codename to filter on."""
    table = get_user_obj_perms_model(model_or_obj)
    if table is UserObjectPermission:  # guardian's generic table: text keys, slow at scale
        raise ImproperlyConfigured(f"{model_or_obj} has no direct user permission table.")
    return table, perm.split(".", 1)[1]


def grant(perm: str, user, obj) -> None:
    assign_perm(perm, user, obj)


def revoke(perm: str, user, obj) -> None:
    remove_perm(perm, user, obj)


@transaction.atomic
def set_holders(perm: str, obj, users) -> tuple[set, set]:
    """Make exactly these users the holders of the permission on the object; returns the
    users granted it and the users it was withdrawn from."""
    wanted, current = set(users), set(holders(perm, obj))
    granted, withdrawn = wanted - current, current - wanted
    for user in withdrawn:
        revoke(perm, user, obj)
    for user in granted:
        grant(perm, user, obj)
    return granted, withdrawn


def holds(perm: str, user, obj) -> bool:
    """Whether the user holds the permission on the object, granted to them or to one of their
    groups: guardian's answer to `user.has_perm(perm, obj)` (an inactive user holds none, an
    active superuser every one), asked as one query for a holder instead of guardian's two
    (the user's grants, then their groups'); a refusal asks both."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    table, codename = _table(obj, perm)
    granted = {
        "content_object": obj,
        "permission__codename": codename,
        "permission__content_type": ContentType.objects.get_for_model(obj),
    }
    if table.objects.filter(user=user, **granted).exists():
        return True
    return get_group_obj_perms_model(obj).objects.filter(group__user=user, **granted).exists()


def holders(perm: str, obj):
    """The users holding the permission on the object, by name, in one query."""
    table, codename = _table(obj, perm)
    user_ids = table.objects.filter(content_object=obj, permission__codename=codename).values(
        "user_id"
    )
    return (
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .order_by("last_name", "first_name", "username")
    )


def holders_by_object(perm: str, objects) -> dict[int, list]:
    """Each object's holders (by the object's pk, users by name), in one query."""
    objects = list(objects)
    if not objects:
        return {}
    table, codename = _table(objects[0], perm)
    rows = (
        table.objects.filter(content_object__in=objects, permission__codename=codename)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    by_object = {}
    for row in rows:
        by_object.setdefault(row.content_object_id, []).append(row.user)
    return by_object


def objects_of(perm: str, user, model):
    """The objects of `model` the user holds the permission on (a queryset, one query)."""
    return objects_of_any((perm,), user, model)


def objects_of_any(perms, user, model):
    """The objects of `model` the user holds any of the permissions on (a queryset, one query:
    a single subquery on the model's permission table, whatever the number of permissions)."""
    if not user.is_authenticated:
        return model.objects.none()
    tables_and_codenames = [_table(model, perm) for perm in perms]
    table = tables_and_codenames[0][0]
    codenames = [codename for _table_, codename in tables_and_codenames]
    granted = table.objects.filter(user=user, permission__codename__in=codenames)
    return model.objects.filter(pk__in=granted.values("content_object_id"))
