from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeMessage(models.Model):
    """What the office sends to delegates once (a briefing, a solicitation): a draft, the
    office's alone, until `published_at`; fixed from then on. Its attachment's content type
    is judged when the file is uploaded (congress_office/uploads.py)."""

    attachment_type = models.CharField(_("type"), max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        abstract = True
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
