"""An election's rounds of voting: each held at a sitting, with the candidates on its ballot
and the seats it fills; the secret online ballots (receipts and tallies, on the shared
machinery of `secret_ballot`) and the paper count the tellers enter."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_office.models import StatusChange
from congress_office.wording import labelled

from .elections import Candidate, Election
from .secret_ballot import SecretReceipt, SecretTallyShard
from .sessions import Sitting


class Mark(models.TextChoices):
    FOR = "for", _("For (○)")
    AGAINST = "against", _("Against (×)")
    ABSTAIN = "abstain", _("Abstain (left blank)")


class ElectionRound(models.Model):
    """One round of voting: the first on the formal list, a further one among the candidates
    a tie or an unfilled seat left."""

    class Status(models.TextChoices):
        OPEN = "open", _("Voting")
        CLOSED = "closed", _("Closed")

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("election")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    sitting = models.ForeignKey(
        Sitting, on_delete=models.PROTECT, related_name="election_rounds", verbose_name=_("sitting")
    )
    seats = models.PositiveSmallIntegerField(_("seats to fill"))
    candidates = models.ManyToManyField(
        Candidate, related_name="rounds", verbose_name=_("candidates on the ballot")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN, editable=False
    )
    # The paper count, entered by the tellers once the ballot box is opened.
    paper_issued = models.PositiveIntegerField(_("paper ballots issued"), null=True, blank=True)
    paper_returned = models.PositiveIntegerField(_("paper ballots returned"), null=True, blank=True)
    paper_invalid = models.PositiveIntegerField(_("invalid paper ballots"), null=True, blank=True)

    class Meta:
        verbose_name = _("round of voting")
        verbose_name_plural = _("rounds of voting")
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="election_round_once"),
            models.UniqueConstraint(
                fields=["election"],
                condition=Q(status="open"),
                name="one_open_round_per_election",
                violation_error_message=_("A round of this election is already open."),
            ),
            models.CheckConstraint(
                condition=Q(paper_invalid__isnull=True)
                | Q(paper_invalid__lte=models.F("paper_returned")),
                name="round_invalid_within_returned",
                violation_error_message=_("More invalid ballots than ballots returned."),
            ),
        ]

    def __str__(self):
        return labelled(self.election, _("round %(n)s") % {"n": self.number})


class ElectionReceipt(SecretReceipt):
    """A delegate has taken their ballot in the round, online or on paper (`SecretReceipt`)."""

    round = models.ForeignKey(
        ElectionRound,
        on_delete=models.CASCADE,
        related_name="receipts",
        verbose_name=_("round of voting"),
    )

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["round", "delegate"], name="one_ballot_per_round"),
        ]


class ElectionTallyShard(SecretTallyShard):
    """A shard of the round's online counts (see `SecretTallyShard`): one count for each
    candidate on the ballot × mark, in the order of `sessions.election_rounds.round_layout`.
    Names are written in on paper only: a cell added for a new name would tell what one
    ballot held."""

    round = models.ForeignKey(
        ElectionRound,
        on_delete=models.CASCADE,
        related_name="tally_shards",
        verbose_name=_("round of voting"),
    )

    class Meta:
        verbose_name = _("online tally shard")
        verbose_name_plural = _("online tally shards")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["round", "shard"], name="election_tally_shard_once"),
        ]

    def __str__(self):
        return labelled(self.round, self.shard)


class PaperTotal(models.Model):
    """The paper ballots' totals for one candidate, or for one name written in, as the
    tellers counted them."""

    round = models.ForeignKey(
        ElectionRound,
        on_delete=models.CASCADE,
        related_name="paper_totals",
        verbose_name=_("round of voting"),
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("candidate"),
    )
    written_in = models.CharField(_("name written in"), max_length=100, blank=True)
    votes_for = models.PositiveIntegerField(pgettext_lazy("votes", "for"))
    against = models.PositiveIntegerField(pgettext_lazy("votes", "against"), default=0)
    abstain = models.PositiveIntegerField(pgettext_lazy("votes", "abstain"), default=0)

    class Meta:
        verbose_name = _("paper total")
        verbose_name_plural = _("paper totals")
        constraints = [
            models.CheckConstraint(
                condition=Q(candidate__isnull=False, written_in="")
                | Q(candidate__isnull=True) & ~Q(written_in=""),
                name="paper_total_for_a_candidate_or_a_name",
            ),
            models.UniqueConstraint(
                fields=["round", "candidate"],
                condition=Q(candidate__isnull=False),
                name="paper_total_once_per_candidate",
            ),
            models.UniqueConstraint(
                fields=["round", "written_in"],
                condition=~Q(written_in=""),
                name="paper_total_once_per_name",
            ),
        ]

    def __str__(self):
        return labelled(self.candidate or self.written_in, self.votes_for)


class RoundStatusChange(StatusChange):
    """Who opened, counted and closed a round, and when (the audit of issue 13, item 10)."""

    class Step(models.TextChoices):
        OPENED = "opened", _("Voting opened")
        ENTRIES_AGREED = "entries_agreed", _("Paper ballots entered ballot by ballot and agreed")
        PAPER_ENTERED = "paper_entered", _("Paper count entered")
        CLOSED = "closed", _("Voting closed")
        ANNOUNCED = "announced", _("Result announced")

    round = models.ForeignKey(
        ElectionRound,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("round of voting"),
    )
    step = models.CharField(_("step"), max_length=16, choices=Step.choices)

    class Meta:
        verbose_name = _("step of a round")
        verbose_name_plural = _("steps of rounds")
        ordering = ["round", "at"]

    def __str__(self):
        return labelled(self.round, self.get_step_display())


class BallotEntry(models.Model):
    """One paper ballot as a teller read it, for the per-ballot count: each ballot is entered
    by two tellers apart, and the count is taken only once their entries agree. Paper ballots
    carry no name: the number is the order the teller read the pile in, nothing else."""

    round = models.ForeignKey(
        ElectionRound,
        on_delete=models.CASCADE,
        related_name="ballot_entries",
        verbose_name=_("round of voting"),
    )
    teller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("teller"),
    )
    number = models.PositiveIntegerField(_("ballot number"))
    # {candidate id: "for" | "against"}; a candidate left out is blank (abstains).
    marks = models.JSONField(_("marks"), default=dict)
    written_in = models.JSONField(_("names written in"), default=list)

    class Meta:
        verbose_name = _("ballot entry")
        verbose_name_plural = _("ballot entries")
        default_permissions = ()
        ordering = ["round", "teller", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "teller", "number"], name="ballot_entered_once_per_teller"
            ),
            models.CheckConstraint(condition=Q(number__gt=0), name="ballot_number_positive"),
        ]

    def __str__(self):
        return labelled(self.round, _("ballot %(n)s") % {"n": self.number})
