from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from congress_office.wording import labelled
from delegates.models import Term


class VotingRule(models.Model):
    """When a vote of a term's sessions is valid and when it passes. One row per term and
    matter, created with the defaults of the term's level, edited in the admin.

    Quorum: present > quorum_numerator / quorum_denominator × entitled.
    Passing: votes for > majority_numerator / majority_denominator × the majority base."""

    class Matter(models.TextChoices):
        ELECTION = "election", _("Election")
        RESOLUTION = "resolution", _("Resolution")

    class Base(models.TextChoices):
        ENTITLED = "entitled", _("the delegates entitled to vote")
        PRESENT = "present", _("the delegates present")
        BALLOTS = "ballots", _("the ballots returned")

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="voting_rules", verbose_name=_("term")
    )
    matter = models.CharField(_("matter"), max_length=12, choices=Matter.choices)
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum: more than (numerator)"))
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum: of (denominator)"))
    majority_numerator = models.PositiveSmallIntegerField(_("majority: more than (numerator)"))
    majority_denominator = models.PositiveSmallIntegerField(_("majority: of (denominator)"))
    majority_base = models.CharField(_("majority of"), max_length=10, choices=Base.choices)

    class Meta:
        verbose_name = _("voting rule")
        verbose_name_plural = _("voting rules")
        ordering = ["term", "matter"]
        constraints = [
            models.UniqueConstraint(fields=["term", "matter"], name="voting_rule_once_per_matter"),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(majority_denominator__gt=0)
                & Q(quorum_numerator__lt=F("quorum_denominator"))
                & Q(majority_numerator__lt=F("majority_denominator")),
                name="voting_rule_proper_fractions",
                violation_error_message=_(
                    "Each threshold is a fraction below one, such as 1/2 or 4/5."
                ),
            ),
        ]

    def __str__(self):
        return labelled(self.term, self.get_matter_display())

    def describe(self) -> str:
        return describe_rule(self.as_record())

    def as_record(self) -> dict:
        """The rule as copied onto each vote, so later edits don't rewrite past results."""
        return {
            "matter": self.matter,
            "quorum": [self.quorum_numerator, self.quorum_denominator],
            "majority": [self.majority_numerator, self.majority_denominator],
            "majority_base": self.majority_base,
        }

    @classmethod
    def from_record(cls, record: dict) -> "VotingRule":
        """The rule as it was copied onto a vote (unsaved), to judge corrected figures by the
        rule the vote was taken under."""
        return cls(
            matter=record["matter"],
            quorum_numerator=record["quorum"][0],
            quorum_denominator=record["quorum"][1],
            majority_numerator=record["majority"][0],
            majority_denominator=record["majority"][1],
            majority_base=record["majority_base"],
        )

    def quorum_met(self, *, entitled: int, present: int) -> bool:
        # Integer arithmetic, so that "more than four fifths" is exact at the edge.
        return present * self.quorum_denominator > self.quorum_numerator * entitled

    def passes(
        self, *, votes_for: int, entitled: int, present: int, ballots: int | None = None
    ) -> bool:
        """Whether `votes_for` is above the majority; a base of ballots returned needs
        `ballots` (only an election has them)."""
        base = {
            self.Base.ENTITLED: entitled,
            self.Base.PRESENT: present,
            self.Base.BALLOTS: ballots,
        }[self.majority_base]
        if base is None:
            raise ValueError("this rule counts the majority on the ballots returned")
        return votes_for * self.majority_denominator > self.majority_numerator * base


def describe_rule(record: dict) -> str:
    """A rule (as copied onto a vote) in words, in the current language."""
    return _(
        "valid when more than %(qn)s/%(qd)s of the delegates entitled to vote are present; "
        "passes with more than %(mn)s/%(md)s of %(base)s"
    ) % {
        "qn": record["quorum"][0],
        "qd": record["quorum"][1],
        "mn": record["majority"][0],
        "md": record["majority"][1],
        "base": VotingRule.Base(record["majority_base"]).label,
    }
