"""Who works for which handling unit: a guardian object permission on the unit, granted and
withdrawn only here."""

from django.contrib.auth import get_user_model
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from congress_office.roles import Role, user_grant_role

from .models import HandlingUnit, HandlingUnitUserObjectPermission

WORK_FOR_UNIT_CODENAME = "work_for_unit"
WORK_FOR_UNIT = f"proposals.{WORK_FOR_UNIT_CODENAME}"


@transaction.atomic
def unit_add_staff(*, unit: HandlingUnit, user) -> None:
    user_grant_role(user=user, role=Role.UNIT_STAFF)
    assign_perm(WORK_FOR_UNIT, user, unit)


@transaction.atomic
def unit_remove_staff(*, unit: HandlingUnit, user) -> None:
    remove_perm(WORK_FOR_UNIT, user, unit)


@transaction.atomic
def unit_set_staff(*, unit: HandlingUnit, users) -> None:
    users = set(users)
    current = set(unit_staff(unit))
    for user in current - users:
        unit_remove_staff(unit=unit, user=user)
    for user in users - current:
        unit_add_staff(unit=unit, user=user)


def units_of(user):
    """The units a user works for: the unit permissions granted to the user (only here, and to
    users only, never to groups or globally), read straight from their table. Guardian's
    get_objects_for_user also works out group and global permissions, and cost more than the
    rest of a unit's inbox page (decision 63)."""
    granted = HandlingUnitUserObjectPermission.objects.filter(
        user=user, permission__codename=WORK_FOR_UNIT_CODENAME
    ).values("content_object_id")
    return HandlingUnit.objects.filter(pk__in=granted)


def unit_staff(unit: HandlingUnit):
    """The unit's staff, in one query."""
    user_ids = HandlingUnitUserObjectPermission.objects.filter(
        content_object=unit, permission__codename=WORK_FOR_UNIT_CODENAME
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .order_by("last_name", "first_name", "username")
    )
