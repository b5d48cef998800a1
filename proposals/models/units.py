from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class HandlingUnit(models.Model):
    """A department that acts on delegates' proposals (承办单位). Its staff are the users
    holding the `work_for_unit` object permission on it (guardian); they see only the items
    routed to it."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["name"]
        permissions = [("work_for_unit", _("Works for the unit and handles its items"))]

    def __str__(self):
        return self.name


# Guardian's direct foreign-key tables (a real foreign key instead of a generic object id).
class HandlingUnitUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(HandlingUnit, on_delete=models.CASCADE)


class HandlingUnitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(HandlingUnit, on_delete=models.CASCADE)
