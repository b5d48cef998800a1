from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .roster import Delegation


# Guardian's direct foreign-key tables: a real foreign key per row instead of a generic
# object id, so that permission checks join and index properly as rows grow.
class DelegationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Delegation, on_delete=models.CASCADE)


class DelegationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Delegation, on_delete=models.CASCADE)
