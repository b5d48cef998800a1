from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress_office.wording import labelled
from delegates.models import Delegate

from .choice_labels import choice_label
from .items import Proposal
from .outcomes import Rating, ReplyResult
from .units import HandlingUnit


class Assignment(models.Model):
    """An item routed to a unit, as lead (主办) or co-handling (协办) unit, in a round."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        CO = "co", _("Co-handling unit")

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("proposal"),
    )
    unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=4, choices=Role.choices)
    round = models.PositiveSmallIntegerField(_("round"))
    responsible_person = models.CharField(_("responsible person"), max_length=100, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("deadline"))
    send_back_until = models.DateField(_("may send back until"))
    # The time left's colours (proposals/deadlines.py): the day the unit's time to the
    # deadline began (routing, a granted extension, the office's new deadline) and the day
    # the item reads "due soon", kept so that counts and filters are indexed date comparisons.
    time_given_from = models.DateField(_("time given from"), null=True, blank=True, editable=False)
    amber_on = models.DateField(_("due soon from"), null=True, blank=True, editable=False)
    sent_back_at = models.DateTimeField(_("sent back at"), null=True, blank=True)
    extension_until = models.DateField(_("extension asked until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    send_back_reason = models.TextField(_("reason for sending back"), blank=True)
    # Kept by the services: the current round's assignment, not sent back, of an item being
    # handled or tracked. The unit's inbox and the sweep read it through the partial index.
    is_open = models.BooleanField(_("needs the unit's work"), default=True, editable=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["proposal", "round", "role", "pk"]
        indexes = [
            models.Index(fields=["unit", "deadline"]),
            models.Index(
                fields=["unit", "deadline", "id"],
                condition=Q(is_open=True),
                name="assignment_open_by_unit",
            ),
            # A unit's latest answered assignments (its inbox's "handled" list, newest first):
            # read from the unit's own closed rows, not by walking every unit's rows back from
            # the newest, which grew with the table (decision 327).
            models.Index(
                fields=["unit", "id"],
                condition=Q(is_open=False),
                name="assignment_closed_by_unit",
            ),
            # The extensions awaiting a decision (the desk's link, the list's filter): a few
            # rows among all assignments, found without reading the others (decision 219).
            models.Index(
                fields=["proposal"],
                condition=Q(extension_until__isnull=False),
                name="assignment_extension_asked",
            ),
            # The assignments' list by role counts its rows from this index (a third and two
            # thirds of all assignments), not from the table (decision 239).
            models.Index(fields=["role"], name="assignment_role"),
            # The desk's count of the items being handled by lead unit and time left: the
            # open lead assignments (a few thousand of 290,000 at 100,000 items) with the
            # columns it counts, read without the table (decision 275).
            models.Index(
                fields=["proposal"],
                include=["unit", "deadline", "amber_on"],
                condition=Q(role="lead", is_open=True),
                name="assignment_open_lead",
            ),
        ]
        constraints = [
            # A unit that sent the item back may be given it again in the same round.
            models.UniqueConstraint(
                fields=["proposal", "unit", "round"],
                condition=Q(sent_back_at__isnull=True),
                name="assignment_once_per_round",
            ),
            models.UniqueConstraint(
                fields=["proposal", "round"],
                condition=Q(role="lead", sent_back_at__isnull=True),
                name="assignment_one_lead_per_round",
            ),
        ]

    def __str__(self):
        return f"{self.proposal} → {self.unit}"

    def get_role_display(self) -> str:
        """Django's, without its dictionary of the choices built on each call (decision 289)."""
        return choice_label(Assignment.Role, self.role)


class Reply(models.Model):
    """A unit's written reply. The lead unit's reply goes to the delegate; a co-handling unit's
    reply is its view, sent to the lead unit."""

    Result = ReplyResult

    class Review(models.TextChoices):
        PENDING = "pending", _("Awaiting the office's review")
        RELEASED = "released", _("Released by the office")
        RETURNED = "returned", _("Sent back to the unit")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="replies", verbose_name=_("assignment")
    )
    result = models.CharField(_("result"), max_length=1, choices=Result.choices)
    text = models.TextField(_("reply"))
    follow_up = models.BooleanField(
        _("second reply on an item being solved"), default=False, editable=False
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    replied_at = models.DateTimeField(_("replied at"), auto_now_add=True)
    # The reply letter's number (发文字号), given when the official reply is sent to the
    # delegate: the n-th letter of the year. A co-handling unit's view, which goes to the
    # lead unit only, has none; nor have letters sent before numbering began.
    letter_year = models.PositiveSmallIntegerField(
        _("letter's year"), null=True, blank=True, editable=False
    )
    letter_number = models.PositiveIntegerField(
        _("letter's number"), null=True, blank=True, editable=False
    )
    # The co-handling units' views the lead unit took in, and the co-handling assignments
    # whose view had not arrived when it replied: the reply says both (issue 14, item 6).
    views_taken_in = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="taken_in_by",
        verbose_name=_("co-handling views taken in"),
    )
    views_missing = models.ManyToManyField(
        Assignment,
        blank=True,
        related_name="+",
        verbose_name=_("co-handling views not received"),
    )
    # Where the office's review stands (ProposalRules.review_replies); "" when the reply went
    # to the delegate without one. The delegate reads only replies not reviewed or released.
    review = models.CharField(
        _("office's review"), max_length=8, choices=Review.choices, blank=True, editable=False
    )
    return_reason = models.TextField(_("reason for sending the reply back"), blank=True)
    # An inquiry answered at a meeting: the office records the meeting as the round's reply
    # (`text` holds its minutes), so that the signers rate it like a written one.
    meeting_on = models.DateField(_("meeting held on"), null=True, blank=True, editable=False)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    meeting_speaker = models.CharField(
        _("answered for the department by"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["replied_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter_year", "letter_number"], name="reply_letter_number_once"
            ),
        ]

    def __str__(self):
        return labelled(self.assignment.proposal, self.result)

    # The unit's and the delegate's pages' labels of a reply (decision 289).
    def get_result_display(self) -> str:
        return choice_label(Reply.Result, self.result)

    def get_review_display(self) -> str:
        return choice_label(Reply.Review, self.review)

    def units_taken_in(self) -> list[str]:
        """The co-handling units whose views the reply took in (read with `views_said`,
        `views_said_among` on the unit's page, or by name with `views_named`)."""
        named = getattr(self, "units_said", None)
        if named is not None:
            return named[0]
        said = getattr(self, "views_said_read", None)
        views = said[0] if said is not None else self.views_taken_in.all()
        return [str(view.assignment.unit) for view in views]

    def units_missing(self) -> list[str]:
        """The co-handling units whose view had not arrived when the lead unit replied."""
        named = getattr(self, "units_said", None)
        if named is not None:
            return named[1]
        said = getattr(self, "views_said_read", None)
        missing = said[1] if said is not None else self.views_missing.all()
        return [str(assignment.unit) for assignment in missing]


# The replies a delegate may read: sent without review, or released by the office.
SEEN_BY_DELEGATES = Q(review__in=["", Reply.Review.RELEASED])


class Consultation(models.Model):
    """The lead unit's contact with the delegate before replying (面商): when, how, and what
    was agreed. Recorded per assignment, so a new round after a dissatisfied rating needs its
    own."""

    class Way(models.TextChoices):
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Meeting")
        PHONE = "phone", _("Telephone")

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("assignment"),
    )
    held_on = models.DateField(_("date of the consultation"))
    way = models.CharField(_("way"), max_length=8, choices=Way.choices)
    agreed = models.TextField(_("what was agreed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return labelled(self.assignment, self.get_way_display())

    def get_way_display(self) -> str:
        """Django's, without its dictionary of the choices built on each call (decision 289)."""
        return choice_label(Consultation.Way, self.way)


class Feedback(models.Model):
    """A signer's rating of a reply: the author's (dissatisfied opens a new handling round)
    or, where co-signers rate, a co-signer's, counted in the figures."""

    Rating = Rating

    reply = models.ForeignKey(
        Reply, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("reply")
    )
    # Who rated. Empty on ratings recorded in bulk (the large office's data), which are the
    # author's, as every rating was before co-signers rated.
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rated by"),
    )
    overall = models.CharField(_("overall"), max_length=12, choices=Rating.choices)
    consultation = models.CharField(
        _("consultation"), max_length=12, choices=Rating.choices, blank=True
    )
    attitude = models.CharField(_("attitude"), max_length=12, choices=Rating.choices, blank=True)
    reply_quality = models.CharField(
        _("the reply"), max_length=12, choices=Rating.choices, blank=True
    )
    result = models.CharField(_("the result"), max_length=12, choices=Rating.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["reply", "delegate"], name="feedback_once_per_signer"),
        ]

    def __str__(self):
        return labelled(self.reply, self.get_overall_display())


class ReminderDelivery(models.Model):
    """That an assignment's reminder for a milestone of its deadline has been decided (unique:
    once ever), and
    when the digest carrying it went out. The sweep is driven by these rows, so running it
    twice, or again after a crash, reminds nobody twice and forgets nobody."""

    class Milestone(models.TextChoices):
        DUE_SOON = "due_soon", _("Due within the week")
        DUE_TOMORROW = "due_tomorrow", _("Due tomorrow")
        OVERDUE = "overdue", _("Overdue")

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("assignment"),
    )
    milestone = models.CharField(_("milestone"), max_length=14, choices=Milestone.choices)
    # The deadline the milestone was reached for: when the office moves a deadline, the
    # milestones of the new one are reminded again, once each.
    deadline = models.DateField(_("deadline"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "milestone", "deadline"],
                name="reminder_once_per_milestone_and_deadline",
            ),
        ]
        indexes = [
            models.Index(
                fields=["notified_at"],
                name="reminder_unsent",
                condition=Q(notified_at__isnull=True),
            ),
        ]

    def __str__(self):
        return labelled(self.assignment, self.get_milestone_display())
