from django.db import models
from django.utils.translation import gettext_lazy as _

from congress_office.wording import labelled

from .sessions import Session


class SessionDocument(models.Model):
    """A PDF the office prints for a session: the session report, the agenda or the
    attendance list. One row per session and kind: generating again replaces the file."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Session report")
        AGENDA = "agenda", _("Agenda")
        ATTENDANCE = "attendance", _("Attendance list")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being generated")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="documents", verbose_name=_("session")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to="session-pdfs/", blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    # When it was last asked for and queued (None: the task could not be queued): asking
    # again within the task's time limit does not queue a second task.
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("printed document")
        verbose_name_plural = _("printed documents")
        constraints = [
            models.UniqueConstraint(fields=["session", "kind"], name="session_document_once"),
        ]

    def __str__(self):
        return labelled(self.session, self.get_kind_display())
