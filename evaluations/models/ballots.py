"""What voting stores: who has taken their ballot, online or on paper (receipts), and how many
chose what online (tallies), kept apart so that nothing links one to the other. See
docs/secrecy.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_office.wording import labelled
from sessions.models.secret_ballot import SecretReceipt, SecretTally

from .evaluations import Criterion, Evaluation, Subject
from .scales import Rating


class Receipt(SecretReceipt):
    """An evaluation's receipt (see `SecretReceipt`): whoever received a paper ballot cannot
    vote online, whoever voted online cannot be handed a paper ballot, even at the same
    instant from two connections. The office sees only how many."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("evaluation")
    )

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "delegate"], name="one_ballot_each"),
        ]


class OnlineTally(SecretTally):
    """How many online ballots gave `rating` to `subject` on `criterion` (see `SecretTally`)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("evaluation")
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

    class Meta:
        verbose_name = _("online tally")
        verbose_name_plural = _("online tallies")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "criterion", "rating"], name="online_tally_once"
            ),
        ]

    def __str__(self):
        return labelled(
            f"{self.subject} · {self.criterion} · {self.get_rating_display()}", self.count
        )
