from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress_office.wording import labelled

from .roster import Delegate, Delegation, Term


class Assessment(models.Model):
    """The office's annual assessment of a delegate, based on the year's duties record."""

    class Rating(models.TextChoices):
        EXCELLENT = "excellent", _("Excellent")
        COMPETENT = "competent", _("Competent")
        NOT_COMPETENT = "not_competent", _("Not competent")

    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("delegate")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    notes = models.TextField(_("notes"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_at = models.DateTimeField(_("assessed at"), auto_now=True)

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["-year", "delegate"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegate", "year"],
                name="assessment_once_a_year",
                violation_error_message=_("This delegate has already been assessed for the year."),
            ),
        ]

    def __str__(self):
        return labelled(f"{self.year} {self.delegate}", self.get_rating_display())


class Award(models.Model):
    """Recognition of a good delegate, a good delegation leader, or a good delegation."""

    class Kind(models.TextChoices):
        EXCELLENT_DELEGATE = "excellent_delegate", _("Excellent delegate")
        EXCELLENT_LEADER = "excellent_leader", _("Excellent delegation leader")
        ADVANCED_DELEGATION = "advanced_delegation", _("Advanced delegation")

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="awards", verbose_name=_("term")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("award"), max_length=20, choices=Kind.choices)
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("delegate"),
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name=_("delegation"),
    )
    decision_reference = models.CharField(_("decision reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "kind"]
        constraints = [
            # A person's award names a delegate only; a delegation's award names a delegation only.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["excellent_delegate", "excellent_leader"],
                        delegate__isnull=False,
                        delegation__isnull=True,
                    )
                    | Q(kind="advanced_delegation", delegate__isnull=True, delegation__isnull=False)
                ),
                name="award_names_the_right_recipient",
                violation_error_message=_(
                    "An award to a delegate or a leader names a delegate and no delegation; "
                    "an award to a delegation names a delegation and no delegate."
                ),
            ),
            models.UniqueConstraint(
                fields=["year", "kind", "delegate"],
                name="award_once_per_delegate_and_year",
                violation_error_message=_("This delegate already has this award for the year."),
            ),
            models.UniqueConstraint(
                fields=["year", "kind", "delegation"],
                name="award_once_per_delegation_and_year",
                violation_error_message=_("This delegation already has this award for the year."),
            ),
        ]

    def __str__(self):
        return labelled(f"{self.year} {self.get_kind_display()}", self.delegate or self.delegation)
