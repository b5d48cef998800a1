from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress_office.models import StatusChange
from congress_office.wording import in_brackets, labelled

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

    def clean(self):
        item = self.agenda_item if self.agenda_item_id else None
        if item is not None and self.session_id and item.session_id != self.session_id:
            raise ValidationError(
                {"agenda_item": _("This agenda item belongs to another session.")}
            )


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
        # "决议（版本：2）": in the reader's words, not the "v2" of a file name
        return in_brackets(self.resolution, labelled(_("version"), self.number))


class Vote(models.Model):
    """The result of one vote (a resolution, or a candidate in an election), with the counts
    it was judged on and a copy of the rule in force, so later rule changes don't rewrite it.

    What a vote is on (its matter) is its resolution when it names one, else its subject under
    its agenda item, else its subject in its session (`same_matter`). A matter has at most one
    valid vote per round; a further round on it is numbered explicitly. A mistyped vote is not
    edited: a correction records a new vote and marks this one superseded, a mistaken one is
    voided, each with who, when and why (`VoteStateChange`); only valid votes are printed."""

    class State(models.TextChoices):
        VALID = "valid", _("Valid")
        SUPERSEDED = "superseded", _("Superseded by a correction")
        VOIDED = "voided", _("Voided")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="votes", verbose_name=_("session")
    )
    sitting = models.ForeignKey(
        Sitting, on_delete=models.PROTECT, related_name="votes", verbose_name=_("sitting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,  # what the vote was on never changes under it
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
    round = models.PositiveSmallIntegerField(
        _("round"),
        default=1,
        help_text=_("1 for the first vote on this matter; a new vote after it, 2, and so on."),
    )
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
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.VALID, editable=False
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="corrected_by",
        verbose_name=_("corrects"),
    )

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
            models.CheckConstraint(condition=Q(round__gte=1), name="vote_round_from_one"),
            # One valid vote per matter and round (the three kinds of matter of `same_matter`).
            models.UniqueConstraint(
                fields=["resolution", "round"],
                condition=Q(state="valid", resolution__isnull=False),
                name="vote_one_valid_per_resolution_round",
            ),
            models.UniqueConstraint(
                fields=["agenda_item", "subject", "round"],
                condition=Q(state="valid", resolution__isnull=True, agenda_item__isnull=False),
                name="vote_one_valid_per_item_subject_round",
            ),
            models.UniqueConstraint(
                fields=["session", "subject", "round"],
                condition=Q(state="valid", resolution__isnull=True, agenda_item__isnull=True),
                name="vote_one_valid_per_session_subject_round",
            ),
        ]

    def __str__(self):
        return self.subject

    def same_matter(self) -> Q:
        """The votes on the same matter as this one, in any round and state."""
        if self.resolution_id is not None:
            return Q(resolution_id=self.resolution_id)
        if self.agenda_item_id is not None:
            return Q(resolution=None, agenda_item_id=self.agenda_item_id, subject=self.subject)
        return Q(
            resolution=None, agenda_item=None, session_id=self.session_id, subject=self.subject
        )

    def matter_field(self) -> str:
        """The form field that names the matter, where a refusal about it is shown."""
        return "resolution" if self.resolution_id is not None else "subject"

    def rule_description(self) -> str:
        return describe_rule(self.rule)


class VoteStateChange(StatusChange):
    """Who took a vote out of the valid ones, when and why: superseded by a correction (the
    new vote `corrects` it) or voided."""

    vote = models.ForeignKey(
        Vote, on_delete=models.PROTECT, related_name="state_changes", verbose_name=_("vote")
    )
    state_before = models.CharField(_("from"), max_length=12, choices=Vote.State.choices)
    state_after = models.CharField(_("to"), max_length=12, choices=Vote.State.choices)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("correction of a vote")
        verbose_name_plural = _("corrections of votes")
        ordering = ["vote", "at"]

    def __str__(self):
        return labelled(
            self.vote, f"{self.get_state_before_display()} → {self.get_state_after_display()}"
        )
