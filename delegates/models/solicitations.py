from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .messages import OfficeMessage
from .roster import Delegate, Delegation, Term


class Solicitation(OfficeMessage):
    """An opinion solicitation (意见征集): before a major decision the office asks delegates
    questions on a topic, with documents to read and a deadline. A draft (no
    `published_at`) is the office's alone; once published it is fixed, and each delegate
    addressed answers it (SolicitationResponse) until the deadline."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="solicitations", verbose_name=_("term")
    )
    title = models.CharField(_("topic"), max_length=200)
    body = models.TextField(_("background"), blank=True)
    attachment = models.FileField(
        _("document to read"),
        upload_to="solicitations/%Y/%m/",
        blank=True,
        help_text=_("Optional: one PDF or Word document (DOCX)."),
    )
    deadline = models.DateTimeField(pgettext_lazy("solicitation", "deadline"))
    reminder_days = models.PositiveSmallIntegerField(
        _("remind days before the deadline"),
        default=3,
        validators=[MaxValueValidator(30)],
        help_text=_("Those who have not answered are reminded once, this many days before."),
    )
    delegations = models.ManyToManyField(
        Delegation,
        blank=True,
        related_name="solicitations",
        verbose_name=_("delegations"),
    )
    delegates = models.ManyToManyField(
        Delegate,
        blank=True,
        related_name="solicitations",
        verbose_name=_("chosen delegates"),
        help_text=_("Leave both empty to ask every delegate of the term."),
    )

    class Meta:
        verbose_name = _("opinion solicitation")
        verbose_name_plural = _("opinion solicitations")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["term", "published_at"])]


class SolicitationQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        ONE = "one", _("One choice")
        SEVERAL = "several", _("Several choices")
        RATING = "rating", _("Rating from 1 to 5")

    solicitation = models.ForeignKey(
        Solicitation,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("opinion solicitation"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(
        pgettext_lazy("question", "kind"), max_length=8, choices=Kind.choices, default=Kind.TEXT
    )
    required = models.BooleanField(_("answer required"), default=True)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For a choice question: one choice per line.")
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    def clean(self):
        if self.has_choices and len(self.choice_labels) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one per line.")})
        if not self.has_choices and self.choices.strip():
            raise ValidationError({"choices": _("Only a choice question has choices.")})

    @property
    def choice_labels(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.ONE, self.Kind.SEVERAL)


class SolicitationResponse(models.Model):
    """A delegate's answer to a solicitation: a draft until `sent_at`, changeable until the
    deadline. One per solicitation and delegate."""

    solicitation = models.ForeignKey(
        Solicitation,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("opinion solicitation"),
    )
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        related_name="solicitation_responses",
        verbose_name=_("delegate"),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("answer to a solicitation")
        verbose_name_plural = _("answers to solicitations")
        ordering = ["-sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["solicitation", "delegate"], name="solicitation_answer_once_per_delegate"
            ),
        ]
        indexes = [models.Index(fields=["delegate", "sent_at"])]

    def __str__(self):
        return f"{self.delegate} · {self.solicitation}"


class QuestionAnswer(models.Model):
    """One value of an answer to one question: the text, the rating, or one chosen choice (by
    its place in the question's list, fixed once published); a question of several choices
    has a row per chosen one, so that the summary counts them in one grouped query."""

    response = models.ForeignKey(
        SolicitationResponse,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("answer to a solicitation"),
    )
    question = models.ForeignKey(
        SolicitationQuestion,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("question"),
    )
    text = models.TextField(_("written answer"), blank=True)
    choice = models.PositiveSmallIntegerField(_("choice"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("score"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        indexes = [models.Index(fields=["question", "choice"])]

    def __str__(self):
        return f"{self.question} · {self.text or self.choice or self.rating}"


class SolicitationReminder(models.Model):
    """That a delegate who had not answered was reminded: the unique row makes it once."""

    solicitation = models.ForeignKey(
        Solicitation,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("opinion solicitation"),
    )
    delegate = models.ForeignKey(
        Delegate, on_delete=models.CASCADE, related_name="+", verbose_name=_("delegate")
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("solicitation reminder")
        verbose_name_plural = _("solicitation reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["solicitation", "delegate"], name="solicitation_reminded_once"
            ),
        ]

    def __str__(self):
        return f"{self.delegate} · {self.solicitation}"
