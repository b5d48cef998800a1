from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from congress_office.models import SingletonRules


class ConsultationRule(models.TextChoices):
    """Which items the lead unit may not reply to before recording a consultation."""

    PROPOSALS = "proposals", _("Formal proposals")
    ALL = "all", _("Every item")
    NONE = "none", _("No item")


class ProposalRules(SingletonRules):
    """The office's rules for proposals (one row, edited in the admin). The defaults are the
    usual ones: 10 co-signers during a session, 5 between sessions; a reply within 3 months;
    co-handling units' views within 1 month; sending back within 7 working days; extensions
    up to 6 months; items read "due soon" in the last quarter of their time."""

    cosigners_during_session = models.PositiveSmallIntegerField(
        _("co-signers needed during a session"), default=10
    )
    cosigners_between_sessions = models.PositiveSmallIntegerField(
        _("co-signers needed between sessions"), default=5
    )
    reply_months = models.PositiveSmallIntegerField(
        _("reply within (months)"), default=3, validators=[MinValueValidator(1)]
    )
    urgent_reply_working_days = models.PositiveSmallIntegerField(
        _("urgent items: reply within (working days)"),
        default=15,
        validators=[MinValueValidator(1)],
    )
    co_handling_months = models.PositiveSmallIntegerField(
        _("co-handling units' views within (months)"),
        default=1,
        validators=[MinValueValidator(1)],
    )
    send_back_working_days = models.PositiveSmallIntegerField(
        _("a unit may send an item back within (working days)"),
        default=7,
        validators=[MinValueValidator(1)],
    )
    longest_extension_months = models.PositiveSmallIntegerField(
        _("longest extension (months from assignment)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )
    first_reminder_days = models.PositiveSmallIntegerField(
        _("first reminder (days before the deadline)"), default=7, validators=[MinValueValidator(2)]
    )
    due_soon_share_percent = models.PositiveSmallIntegerField(
        _("due soon in the last share of the time given (%)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "An item reads “due soon” (amber) once the days left are at most this share of the "
            "whole time its unit was given; “overdue” (red) after its deadline."
        ),
    )
    max_characters = models.PositiveIntegerField(
        _("longest text of an item (characters)"), default=3000
    )
    rate_by_aspect = models.BooleanField(
        _("delegates rate each aspect"),
        default=False,
        help_text=_("Consultation, attitude, reply and result, besides the overall rating."),
    )
    publish_closed_items = models.BooleanField(
        _("publish closed items with their replies"),
        default=False,
        help_text=_(
            "A public page lists closed proposals and suggestions with the units' replies "
            "(criticisms and opinions are never listed)."
        ),
    )

    consultation_before_reply = models.CharField(
        _("a reply needs a recorded consultation with the delegate for"),
        max_length=10,
        choices=ConsultationRule.choices,
        default=ConsultationRule.PROPOSALS,
    )
    review_replies = models.BooleanField(
        _("the office reviews replies before the delegate sees them"),
        default=False,
        help_text=_(
            "The office releases each reply, sends it back to the unit with a reason, or "
            "changes its result; the delegate is told only on release."
        ),
    )
    inquiry_signers = models.PositiveSmallIntegerField(
        _("delegates needed to file an inquiry"),
        default=10,
        validators=[MinValueValidator(2)],
        help_text=_("The delegate who files it and the co-signers who confirm, together."),
    )
    inquiry_reply_working_days = models.PositiveSmallIntegerField(
        _("inquiries: the department answers within (working days)"),
        default=20,
        validators=[MinValueValidator(1)],
    )
    every_cosigner_rates = models.BooleanField(
        _("every co-signer rates the reply"),
        default=False,
        help_text=_(
            "Off: the lead proposer alone rates. On: every confirmed co-signer rates too, and "
            "the satisfaction figures count every rating. The lead proposer's rating still "
            "decides whether the item is handled again. An inquiry's signers always rate."
        ),
    )

    class Meta(SingletonRules.Meta):
        verbose_name = _("proposal rules")
        verbose_name_plural = _("proposal rules")

    def __str__(self):
        return str(_("Proposal rules"))

    def cosigners_needed(self, *, during_session: bool) -> int:
        """Co-signers a formal proposal needs, filed on a day a session sits or between
        sessions: the day of filing decides, never the session the author may name."""
        return self.cosigners_during_session if during_session else self.cosigners_between_sessions

    def needs_consultation(self, kind: str) -> bool:
        """Whether the lead unit's reply to an item of this kind needs a consultation first."""
        if self.consultation_before_reply == ConsultationRule.ALL:
            return True
        return self.consultation_before_reply == ConsultationRule.PROPOSALS and kind == "proposal"


class ProposalCategory(models.Model):
    """A subject area items are classified by (party building, economy, education...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
