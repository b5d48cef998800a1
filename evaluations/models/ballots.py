"""What voting stores: who has taken their ballot, online or on paper (receipts), and how many
chose what online (tallies), kept apart so that nothing links one to the other. See
docs/secrecy.md."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_office.wording import labelled
from delegates.models import Delegate

from .evaluations import Criterion, Evaluation, Subject
from .scales import Rating


class Receipt(models.Model):
    """ "Has taken their ballot": cast online, or a paper ballot handed out (`on_paper`). The
    unique constraint is the database's one-ballot-per-delegate guarantee across both ways of
    voting: whoever received a paper ballot cannot vote online, whoever voted online cannot be
    handed a paper ballot, even at the same instant from two connections.

    Deliberately without a timestamp, a sequence, an ordering or any link to the choices (a
    paper receipt names no round): the key is a random UUID. No admin, no permissions: the
    office sees only how many."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="receipts", verbose_name=_("evaluation")
    )
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="+", verbose_name=_("delegate")
    )
    on_paper = models.BooleanField(_("paper ballot handed out"), default=False)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "delegate"], name="one_ballot_each"),
        ]

    def __str__(self):
        return str(_("receipt"))


class OnlineTally(models.Model):
    """How many online ballots gave `rating` to `subject` on `criterion`. Created with count 0
    when the evaluation opens; every ballot adds to all of the evaluation's rows in one
    UPDATE (most by 0), so no row version tells which cells one ballot chose."""

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
    count = models.PositiveIntegerField(_("count"), default=0)

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
