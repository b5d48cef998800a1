"""Personal data kept as the Personal Information Protection Law expects: how long the office
keeps a delegate's personal details after their term, and the record of each removal
(decisions 234 and 235)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress_office.models import SingletonRules, StatusChange
from congress_office.wording import written_date

from .roster import Delegate


class PersonalDataRules(SingletonRules):
    """How long a delegate's personal details are kept once their term has ended. One row,
    edited in the admin with the office's other rules."""

    retention_years = models.PositiveSmallIntegerField(
        _("years kept after the term"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "A delegate's phone, email, work unit, post and exact date of birth may be removed "
            "this many years after the end of their term."
        ),
    )

    class Meta(SingletonRules.Meta):
        verbose_name = _("personal data rule")
        verbose_name_plural = _("personal data rule")
        constraints = [
            *SingletonRules.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(retention_years__gte=1, retention_years__lte=30),
                name="personal_data_retention_in_range",
            ),
        ]

    def __str__(self):
        return str(_("Kept %(years)s years after the term") % {"years": self.retention_years})


class PersonalDetailsRemoval(StatusChange):
    """The removal of one delegate's personal details: who removed them and when (`actor`,
    `at`), never the values removed. Append-only, written by
    `delegates_personal_details_remove`; its existence also marks the record as removed."""

    # What became of the account (no name or address of it is kept here).
    class Account(models.TextChoices):
        NONE = "none", _("No account was linked")
        UNLINKED = "unlinked", _("Unlinked; the account is kept for another term's record")
        ROLE_REMOVED = "role_removed", _("Unlinked; the account keeps its other roles")
        DEACTIVATED = "deactivated", _("Unlinked and closed")

    delegate = models.OneToOneField(
        Delegate,
        on_delete=models.PROTECT,
        related_name="personal_details_removal",
        verbose_name=_("delegate"),
    )
    account = models.CharField(_("account"), max_length=12, choices=Account.choices)

    class Meta:
        verbose_name = _("removal of personal details")
        verbose_name_plural = _("removals of personal details")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.delegate} · {written_date(self.at.date())}"
