from django.db import models
from django.utils.translation import gettext_lazy as _

from .messages import OfficeMessage
from .roster import Delegate, Delegation, Term


class Briefing(OfficeMessage):
    """A briefing or newsletter (通报, 党代表通讯) the office publishes to the delegates of a
    term, or of chosen delegations. A draft (no `published_at`) is the office's alone; once
    published it is fixed, and each delegate's reading is recorded (BriefingRead)."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="briefings", verbose_name=_("term")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    attachment = models.FileField(
        _("attached file"),
        upload_to="briefings/%Y/%m/",
        blank=True,
        help_text=_("Optional: one PDF or Word document (DOCX)."),
    )
    delegations = models.ManyToManyField(
        Delegation,
        blank=True,
        related_name="briefings",
        verbose_name=_("delegations"),
        help_text=_("Leave empty to brief every delegate of the term."),
    )

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["term", "published_at"])]


class BriefingRead(models.Model):
    """That a delegate has read a briefing, and when: recorded once, the first time."""

    briefing = models.ForeignKey(
        Briefing, on_delete=models.CASCADE, related_name="reads", verbose_name=_("briefing")
    )
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        related_name="briefing_reads",
        verbose_name=_("delegate"),
    )
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("reading of a briefing")
        verbose_name_plural = _("readings of briefings")
        constraints = [
            models.UniqueConstraint(
                fields=["briefing", "delegate"], name="briefing_read_once_per_delegate"
            ),
        ]
        indexes = [models.Index(fields=["delegate", "read_at"])]

    def __str__(self):
        return f"{self.delegate} · {self.briefing}"
