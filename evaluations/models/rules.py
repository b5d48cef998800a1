from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from congress_office.models import SingletonRules


class EvaluationRules(SingletonRules):
    """The office's thresholds for evaluation results (one row, edited in the admin).

    Warning: the two best ratings ("excellent + competent", "satisfied + basically
    satisfied", "trust + basic trust") make up less than warning_numerator /
    warning_denominator of the ratings given. Flagged: the worst rating makes up more than
    flag_numerator / flag_denominator. Defaults: 2/3 and 1/3. Integer arithmetic, so exactly
    two thirds is no warning and exactly one third is not flagged."""

    warning_numerator = models.PositiveSmallIntegerField(_("warning below (numerator)"), default=2)
    warning_denominator = models.PositiveSmallIntegerField(
        _("warning below (denominator)"), default=3, validators=[MinValueValidator(1)]
    )
    flag_numerator = models.PositiveSmallIntegerField(_("flagged above (numerator)"), default=1)
    flag_denominator = models.PositiveSmallIntegerField(
        _("flagged above (denominator)"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta(SingletonRules.Meta):
        verbose_name = _("evaluation rules")
        verbose_name_plural = _("evaluation rules")
        constraints = [
            *SingletonRules.Meta.constraints,
            models.CheckConstraint(
                condition=Q(warning_denominator__gt=0)
                & Q(flag_denominator__gt=0)
                & Q(warning_numerator__lte=F("warning_denominator"))
                & Q(flag_numerator__lte=F("flag_denominator")),
                name="evaluation_rules_proper_fractions",
                violation_error_message=_(
                    "Each threshold is a fraction no greater than one, such as 2/3 or 1/3."
                ),
            ),
        ]

    def __str__(self):
        return str(_("Evaluation rules"))

    def warning(self, *, best_two: int, rated: int) -> bool:
        """Fewer than n/d of the ratings given are one of the two best."""
        return rated > 0 and best_two * self.warning_denominator < self.warning_numerator * rated

    def flagged(self, *, worst: int, rated: int) -> bool:
        """More than n/d of the ratings given are the worst one."""
        return rated > 0 and worst * self.flag_denominator > self.flag_numerator * rated
