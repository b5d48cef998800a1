import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from congress_office.models import StatusChange
from congress_office.wording import labelled, written_date
from delegates.models import Delegate, NonVotingAttendee, Term


class Session(models.Model):
    """An annual session of a term's congress (年会), e.g. the 3rd session of the 13th."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PREPARATORY_HELD = "preparatory_held", _("Preparatory meeting held")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("term")
    )
    ordinal = models.PositiveSmallIntegerField(_("session number"))
    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, editable=False
    )
    secretary_general = models.ForeignKey(
        Delegate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("secretary-general"),
    )
    presidium = models.ManyToManyField(
        Delegate, blank=True, related_name="presidium_of", verbose_name=_("presidium")
    )
    invited_attendees = models.ManyToManyField(
        NonVotingAttendee,
        blank=True,
        related_name="sessions",
        verbose_name=_("invited non-voting attendees"),
    )

    class Meta:
        verbose_name = _("annual session")
        verbose_name_plural = _("annual sessions")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["term", "ordinal"], name="session_unique_number"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="session_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        term = Term.objects.filter(pk=self.term_id).first()
        days = (self.start_date, self.end_date)
        if term is None or None in days:
            return
        if not all(term.start_date <= day <= term.end_date for day in days):
            raise ValidationError(
                _("A session falls within its term (%(start)s to %(end)s).")
                % {"start": written_date(term.start_date), "end": written_date(term.end_date)}
            )


class SessionStatusChange(StatusChange):
    """Who moved a session to which status, and when."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("session")
    )
    status_before = models.CharField(_("from"), max_length=20, choices=Session.Status.choices)
    status_after = models.CharField(_("to"), max_length=20, choices=Session.Status.choices)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["session", "at"]

    def __str__(self):
        before, after = self.get_status_before_display(), self.get_status_after_display()
        return labelled(self.session, f"{before} → {after}")


class Sitting(models.Model):
    """One half-day of a session; attendance is taken per sitting."""

    class Part(models.TextChoices):
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")
        EVENING = "evening", _("Evening")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="sittings", verbose_name=_("session")
    )
    date = models.DateField(_("date"))
    part = models.CharField(_("part of the day"), max_length=10, choices=Part.choices)
    starts_at = models.TimeField(
        _("starts at"), blank=True, help_text=_("Left empty: 08:30, 14:00 or 19:00.")
    )

    class Meta:
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        ordering = ["session", "date", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "date", "part"], name="sitting_once"),
        ]

    def __str__(self):
        return pgettext("a sitting: its date and part of the day", "%(date)s %(part)s") % {
            "date": written_date(self.date),
            "part": self.get_part_display(),
        }

    def save(self, *args, **kwargs):
        if self.starts_at is None:
            self.starts_at = DEFAULT_START[self.part]
        super().save(*args, **kwargs)


DEFAULT_START = {
    Sitting.Part.MORNING: datetime.time(8, 30),
    Sitting.Part.AFTERNOON: datetime.time(14, 0),
    Sitting.Part.EVENING: datetime.time(19, 0),
}


class Committee(models.Model):
    """A committee approved at the preparatory meeting, with its members."""

    class Kind(models.TextChoices):
        QUALIFICATION_REVIEW = "qualification_review", _("Qualification review committee")
        PROPOSAL_REVIEW = "proposal_review", _("Proposal review committee")
        OTHER = "other", _("Other committee")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="committees", verbose_name=_("session")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Delegate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    members = models.ManyToManyField(
        Delegate, blank=True, related_name="committees", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["session", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind"],
                condition=~Q(kind="other"),
                name="committee_one_of_each_kind",
                violation_error_message=_("The session already has this committee."),
            ),
        ]

    def __str__(self):
        return self.name or str(self.get_kind_display())
