from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from congress_office.models import StatusChange
from congress_office.wording import labelled
from delegates.models import Delegate
from sessions.models import Session
from sessions.models.secret_ballot import BallotPart

from .scales import SCALE_RATINGS, Rating, Scale


class Evaluation(models.Model):
    """A democratic evaluation (民主测评) or confidence vote (信任度测评) held at a session:
    subjects rated on criteria with one scale, by the entitled delegates, in a window.
    The status moves only through the services, draft → open → closed, each move recorded."""

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("Democratic evaluation")
        CONFIDENCE = "confidence", _("Confidence vote")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("evaluation status", "Draft")
        OPEN = "open", pgettext_lazy("evaluation status", "Open")
        CLOSED = "closed", pgettext_lazy("evaluation status", "Closed")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("session")
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.EVALUATION)
    scale = models.CharField(
        _("scale"), max_length=12, choices=Scale.choices, default=Scale.EXCELLENCE
    )
    allow_dont_know = models.BooleanField(_('offer "don\'t know"'), default=False)
    opens_at = models.DateTimeField(_("voting opens at"))
    closes_at = models.DateTimeField(_("voting closes at"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT, editable=False
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-opens_at", "pk"]
        permissions = [("tally_evaluation", _("Enters the paper ballot counts (teller)"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="evaluation_closes_after_it_opens",
                violation_error_message=_("Voting must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(kind="evaluation") | Q(scale="trust"),
                name="evaluation_confidence_vote_uses_trust",
                violation_error_message=_(
                    "A confidence vote uses the scale trust / basic trust / distrust."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def voting_day(self):
        """The day voting opens: who votes, counts or is entitled must be an active delegate
        then (a teller or voter who is a delegate at all)."""
        return timezone.localdate(self.opens_at)

    def scale_ratings(self) -> list[str]:
        """The scale's ratings, best first."""
        return [r.value for r in SCALE_RATINGS[Scale(self.scale)]]

    def ballot_ratings(self) -> list[str]:
        """What a voter may choose for each subject and criterion (besides leaving it blank)."""
        return self.scale_ratings() + ([Rating.DONT_KNOW.value] if self.allow_dont_know else [])

    def tally_ratings(self) -> list[str]:
        """The ratings counted: the ballot's and the blank."""
        return [*self.ballot_ratings(), Rating.ABSTAIN.value]


class EvaluationStatusChange(StatusChange):
    """Who opened or closed an evaluation, and when."""

    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("evaluation"),
    )
    status_before = models.CharField(_("from"), max_length=8, choices=Evaluation.Status.choices)
    status_after = models.CharField(_("to"), max_length=8, choices=Evaluation.Status.choices)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["evaluation", "at", "pk"]

    def __str__(self):
        before, after = self.get_status_before_display(), self.get_status_after_display()
        return labelled(self.evaluation, f"{before} → {after}")


class FormPart(BallotPart):
    """A subject or a criterion: a part of the evaluation's form, and of its tally shards'
    layout once it opens (see `BallotPart`)."""

    class Meta:
        abstract = True

    @classmethod
    def counted(cls, parts) -> bool:
        opened = Evaluation.objects.exclude(status=Evaluation.Status.DRAFT)
        return opened.filter(pk__in=parts.values("evaluation")).exists()


class Criterion(FormPart):
    """One line of the form: morality, ability, diligence, performance, integrity, overall."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("evaluation")
    )
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["evaluation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="criterion_once"),
        ]

    def __str__(self):
        return self.name


class Subject(FormPart):
    """Who is rated: the leadership team as a whole, or one of its members."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="subjects", verbose_name=_("evaluation")
    )
    name = models.CharField(_("name"), max_length=100)
    post = models.CharField(_("post"), max_length=200, blank=True)
    is_team = models.BooleanField(_("the team as a whole"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("evaluated", "subject")
        verbose_name_plural = pgettext_lazy("evaluated", "subjects")
        ordering = ["evaluation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "name"], name="subject_once"),
        ]

    def __str__(self):
        return f"{self.name}（{self.post}）" if self.post else self.name


class Entitlement(models.Model):
    """A delegate entitled to vote in the evaluation. Set when it opens (by default, the
    delegates checked in at the session) or by the office while it is a draft."""

    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="entitlements",
        verbose_name=_("evaluation"),
    )
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        related_name="evaluation_entitlements",
        verbose_name=_("delegate"),
    )

    class Meta:
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "delegate"], name="entitlement_once"),
        ]

    def __str__(self):
        return labelled(self.evaluation, self.delegate)


# Tellers: guardian's direct foreign-key tables (a real foreign key, not a generic object id).
class EvaluationUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Evaluation, on_delete=models.CASCADE)


class EvaluationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Evaluation, on_delete=models.CASCADE)
