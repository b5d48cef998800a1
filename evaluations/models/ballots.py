"""What voting stores: who has taken their ballot, online or on paper (receipts), and how many
chose what online (tallies), kept apart so that nothing links one to the other. See
docs/secrecy.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from congress_office.wording import labelled
from sessions.models.secret_ballot import SecretReceipt, SecretTallyShard

from .evaluations import Evaluation


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


class OnlineTallyShard(SecretTallyShard):
    """A shard of the evaluation's online counts (see `SecretTallyShard`): one count for
    each subject × criterion × rating, in the order of `evaluations.tallies.tally_layout`."""

    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="tally_shards",
        verbose_name=_("evaluation"),
    )

    class Meta:
        verbose_name = _("online tally shard")
        verbose_name_plural = _("online tally shards")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "shard"], name="online_tally_shard_once"),
        ]

    def __str__(self):
        return labelled(self.evaluation, self.shard)
