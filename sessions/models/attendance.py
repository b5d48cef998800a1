from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress_office.wording import labelled
from delegates.models import Delegate

from .sessions import Sitting


class Attendance(models.Model):
    """A delegate's attendance at one sitting. No row means not yet checked in."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ON_LEAVE = "on_leave", _("On leave")
        ABSENT = "absent", _("Absent")

    class Method(models.TextChoices):
        SEARCH = "search", _("Found by name")
        LIST = "list", _("From the delegation list")
        QR = "qr", _("QR code")
        ADMIN = "admin", _("Entered by the office")

    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("sitting")
    )
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("delegate")
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    method = models.CharField(_("recorded by way of"), max_length=10, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("time"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["sitting", "delegate__name"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "delegate"], name="attendance_once"),
        ]

    def __str__(self):
        return labelled(f"{self.delegate} · {self.sitting}", self.get_status_display())
