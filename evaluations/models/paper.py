from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_office.wording import labelled

from .evaluations import Criterion, Evaluation, Subject
from .scales import Rating


class PaperRound(models.Model):
    """One issue and collection of paper ballots, counted by the tellers. A round with more
    ballots back than were issued is void: recorded, shown as void, left out of the results."""

    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="paper_rounds",
        verbose_name=_("evaluation"),
    )
    number = models.PositiveSmallIntegerField(_("round"))
    issued = models.PositiveIntegerField(_("ballots issued"))
    returned = models.PositiveIntegerField(_("ballots returned"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("paper round")
        verbose_name_plural = _("paper rounds")
        ordering = ["evaluation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="paper_round_once"),
        ]

    def __str__(self):
        return str(_("Paper round %(number)s") % {"number": self.number})

    @property
    def void(self) -> bool:
        return self.returned > self.issued


class PaperCount(models.Model):
    """A round's count of one rating for one subject and criterion. The counts of each
    subject and criterion (blanks included) add up to the ballots returned."""

    round = models.ForeignKey(
        PaperRound, on_delete=models.CASCADE, related_name="counts", verbose_name=_("round")
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name=pgettext_lazy("evaluated", "subject"),
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.RESTRICT, related_name="+", verbose_name=_("criterion")
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("paper count")
        verbose_name_plural = _("paper counts")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["round", "subject", "criterion", "rating"], name="paper_count_once"
            ),
        ]

    def __str__(self):
        return labelled(
            self.round, f"{self.subject} · {self.criterion} · {self.rating} {self.count}"
        )
