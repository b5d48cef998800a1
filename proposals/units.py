"""Who works for which handling unit: the object permission `work_for_unit` on the unit,
granted to users (never to groups or globally) and withdrawn only here."""

from django.db import transaction

from congress_office import object_permissions
from congress_office.roles import Role, user_grant_role

from .models import HandlingUnit

WORK_FOR_UNIT = "proposals.work_for_unit"


@transaction.atomic
def unit_add_staff(*, unit: HandlingUnit, user) -> None:
    user_grant_role(user=user, role=Role.UNIT_STAFF)
    object_permissions.grant(WORK_FOR_UNIT, user, unit)


@transaction.atomic
def unit_remove_staff(*, unit: HandlingUnit, user) -> None:
    object_permissions.revoke(WORK_FOR_UNIT, user, unit)


@transaction.atomic
def unit_set_staff(*, unit: HandlingUnit, users) -> None:
    granted, _withdrawn = object_permissions.set_holders(WORK_FOR_UNIT, unit, users)
    for user in granted:
        user_grant_role(user=user, role=Role.UNIT_STAFF)


def units_of(user):
    """The units a user works for (decision 63: read straight from the permission table)."""
    return object_permissions.objects_of(WORK_FOR_UNIT, user, HandlingUnit)


def unit_staff(unit: HandlingUnit):
    """The unit's staff, by name, in one query."""
    return object_permissions.holders(WORK_FOR_UNIT, unit)


def unit_staff_by_unit(units) -> dict[int, list]:
    """Each unit's staff (by the unit's pk, by name), in one query."""
    return object_permissions.holders_by_object(WORK_FOR_UNIT, units)
