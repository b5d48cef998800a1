from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlingUnit(models.Model):
    """A department that acts on delegates' proposals (承办单位); its staff see only its items."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="handling_units",
        verbose_name=_("staff"),
    )

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["name"]

    def __str__(self):
        return self.name
