from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .agenda import AgendaItem
from .rules import VotingRule, describe_rule
from .sessions import Session, Sitting


class Resolution(models.Model):
    """A resolution: drafted in versions, discussed, voted, adopted or not."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("session")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resolutions",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["session", "pk"]

    def __str__(self):
        return self.title


class ResolutionVersion(models.Model):
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("resolution"),
    )
    number = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("resolution version")
        verbose_name_plural = _("resolution versions")
        ordering = ["resolution", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "number"], name="resolution_version_once"
            ),
        ]

    def __str__(self):
        return f"{self.resolution} v{self.number}"


class Vote(models.Model):
    """The result of one vote (a resolution, or a candidate in an election), with the counts
    it was judged on and a copy of the rule in force, so later rule changes don't rewrite it."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="votes", verbose_name=_("session")
    )
    sitting = models.ForeignKey(
        Sitting, on_delete=models.PROTECT, related_name="votes", verbose_name=_("sitting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("agenda item"),
    )
    resolution = models.ForeignKey(
        Resolution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("resolution"),
    )
    matter = models.CharField(_("matter"), max_length=12, choices=VotingRule.Matter.choices)
    subject = models.CharField(_("subject"), max_length=300)
    entitled = models.PositiveIntegerField(_("entitled to vote"))
    present = models.PositiveIntegerField(_("present"))
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    ballots_returned = models.PositiveIntegerField(_("ballots returned"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    abstentions = models.PositiveIntegerField(_("abstentions"))
    quorum_met = models.BooleanField(_("quorum met"))
    void = models.BooleanField(_("void"), default=False)
    passed = models.BooleanField(_("passed"))
    rule = models.JSONField(_("rule in force"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["session", "recorded_at", "pk"]
        constraints = [
            # Nothing can pass that was void or without quorum.
            models.CheckConstraint(
                condition=Q(passed=False) | Q(quorum_met=True, void=False),
                name="vote_passes_only_when_valid",
            ),
        ]

    def __str__(self):
        return self.subject

    def rule_description(self) -> str:
        return describe_rule(self.rule)
