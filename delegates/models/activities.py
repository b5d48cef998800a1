from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress_office.models import SingletonRules
from congress_office.wording import written_date

from .roster import Delegate, Delegation, Term


class Activity(models.Model):
    """Delegates' work between sessions: a reception day, research, an inspection, training..."""

    class Kind(models.TextChoices):
        RECEPTION_DAY = "reception_day", _("Reception day")
        RESEARCH = "research", _("Research")
        INSPECTION = "inspection", _("Inspection")
        TRAINING = "training", _("Training")
        MEETING = "meeting", _("Meeting")
        OPINION_SOLICITATION = "opinion_solicitation", _("Opinion solicitation")
        OTHER = "other", _("Other")

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="activities", verbose_name=_("term")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=300)
    outcome = models.TextField(_("outcome"), blank=True)
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("organised by delegation"),
    )
    participants = models.ManyToManyField(
        Delegate,
        through="ActivityParticipation",
        related_name="activities",
        verbose_name=_("participants"),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "pk"]
        indexes = [models.Index(fields=["term", "date"])]

    def __str__(self):
        return f"{written_date(self.date)} {self.topic}"


class ActivityParticipation(models.Model):
    """One delegate's attendance at an activity; the duties record is counted from these."""

    class Attendance(models.TextChoices):
        PRESENT = "present", _("Present")
        ON_LEAVE = "on_leave", _("On leave")
        ABSENT = "absent", _("Absent")

    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("activity"),
    )
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("delegate"),
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.PRESENT
    )
    people_contacted = models.PositiveIntegerField(
        _("people contacted"),
        default=0,
        help_text=_("Party members and members of the public the delegate received or visited."),
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "delegate"], name="participation_once_per_activity"
            ),
        ]

    def __str__(self):
        return f"{self.delegate} · {self.activity}"


class ReceptionRule(SingletonRules):
    """The office's rule for the monthly reception day (接待日). One row, edited in the admin."""

    class Rule(models.TextChoices):
        DAY_OF_MONTH = "day_of_month", _("A fixed day of the month, moved to the next working day")
        FIRST_SATURDAY = "first_saturday", _("The first Saturday of the month")

    rule = models.CharField(
        _("rule"), max_length=16, choices=Rule.choices, default=Rule.DAY_OF_MONTH
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"),
        default=21,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Used with the fixed-day rule; 1 to 28 so that every month has it."),
    )

    class Meta(SingletonRules.Meta):
        verbose_name = _("reception-day rule")
        verbose_name_plural = _("reception-day rule")
        constraints = [
            *SingletonRules.Meta.constraints,
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=28),
                name="reception_rule_day_in_every_month",
            ),
        ]

    def __str__(self):
        return str(self.get_rule_display())
