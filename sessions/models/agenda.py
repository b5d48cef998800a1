from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress_office.models import StatusChange
from congress_office.wording import labelled

from .sessions import Session


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Hear and review a report")
        ELECTION = "election", _("Election or by-election")
        EVALUATION = "evaluation", _("Democratic evaluation")
        PROPOSALS_REPORT = "proposals_report", _("Report on delegates' proposals")
        RESOLUTION = "resolution", _("Resolution")
        OTHER = "other", _("Other")

    class Delivery(models.TextChoices):
        ORAL = "oral", _("Read out")
        WRITTEN = "written", _("Written (distributed)")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ADOPTED = "adopted", _("Adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        DONE = "done", _("Done")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("session")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.ORAL
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=12,
        choices=Outcome.choices,
        default=Outcome.PENDING,
        editable=False,
    )
    outcome_note = models.TextField(_("outcome in words"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "order"],
                name="agenda_item_unique_order",
                violation_error_message=_("Another item of this session has this number."),
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"


class AgendaDocument(models.Model):
    """A document for an agenda item. Its type is judged from its content on upload, and it is
    served only as a download."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name=_("item")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="session-documents/%Y/%m/")
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["item", "pk"]

    def __str__(self):
        return self.title


class AgendaOutcomeChange(StatusChange):
    """Who changed an agenda item's outcome, when, from what to what."""

    item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="outcome_changes",
        verbose_name=_("item"),
    )
    outcome_before = models.CharField(_("from"), max_length=12, choices=AgendaItem.Outcome.choices)
    outcome_after = models.CharField(_("to"), max_length=12, choices=AgendaItem.Outcome.choices)

    class Meta:
        verbose_name = _("outcome change")
        verbose_name_plural = _("outcome changes")
        ordering = ["item", "at"]

    def __str__(self):
        return labelled(
            self.item,
            f"{self.get_outcome_before_display()} → {self.get_outcome_after_display()}",
        )
