from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress_office.wording import written_moment

from .roster import Term


class RosterImport(models.Model):
    """One uploaded roster file, checked in full and then imported all-or-nothing in the
    background. Its status is also how the tasks claim their work exactly once."""

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Checking the file")
        INVALID = "invalid", _("Has errors: nothing imported")
        READY = "ready", _("Checked: ready to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="roster_imports", verbose_name=_("term")
    )
    file = models.FileField(_("file"), upload_to="roster-imports/%Y/%m/")
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VALIDATING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    imported_rows = models.PositiveIntegerField(_("imported rows"), default=0)
    # [{"row": 3, "column": "Date of birth", "message": "Enter a valid date."}, ...]
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # The first rows as they will be imported, for the preview.
    preview = models.JSONField(_("preview"), default=list, blank=True)
    # Its task could not be queued (the broker was away): it waits in its state, and its page
    # offers to queue it again.
    not_queued = models.BooleanField(_("not queued"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.term} · {written_moment(self.created_at)}"
