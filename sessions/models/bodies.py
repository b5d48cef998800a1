"""The leading bodies the congress elects (the party committee, its standing committee, the
discipline inspection commission) and who sits on them from when to when."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_office.wording import date_range, in_brackets
from delegates.models import Delegate, Term

from .sessions import Session


class Body(models.Model):
    """A leading body of one term, with its seats (members and alternate members)."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Party committee")
        STANDING_COMMITTEE = "standing_committee", _("Standing committee")
        DISCIPLINE_COMMISSION = "discipline_commission", _("Discipline inspection commission")

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("term")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("As printed, e.g. 中共斜桥镇第十三届委员会.")
    )
    seats = models.PositiveSmallIntegerField(_("members' seats"))
    alternate_seats = models.PositiveSmallIntegerField(_("alternate members' seats"), default=0)

    class Meta:
        verbose_name = _("leading body")
        verbose_name_plural = _("leading bodies")
        ordering = ["term", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "kind"],
                name="body_one_of_each_kind_per_term",
                violation_error_message=_("The term already has this body."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gt=0),
                name="body_has_seats",
                violation_error_message=_("A body has at least one seat."),
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """One person's seat on a body, from the day they were elected (at a session) or made a
    member by a decision (co-opted) to the day it ended, with why. Never deleted: the body
    on any date is read from these."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
        MEMBER = "member", _("Member")
        ALTERNATE = "alternate", _("Alternate member")

    class EndReason(models.TextChoices):
        TERM_ENDED = "term_ended", _("The term ended")
        MOVED = "moved", _("Moved to another post or place")
        RESIGNED = "resigned", _("Resigned")
        REMOVED = "removed", _("Removed or disciplined")
        DIED = "died", _("Died")
        BECAME_MEMBER = "became_member", _("Became a full member")

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("body")
    )
    name = models.CharField(pgettext_lazy("a person", "name"), max_length=100)
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("delegate"),
        help_text=_("When the member is a delegate of this congress."),
    )
    post = models.CharField(
        _("post"), max_length=200, blank=True, help_text=_("e.g. 镇党委副书记、镇长.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    alternate_rank = models.PositiveSmallIntegerField(
        _("rank among alternates"),
        null=True,
        blank=True,
        help_text=_("Alternate members are ranked by their votes: 1 had the most."),
    )
    start_date = models.DateField(pgettext_lazy("a membership", "from"))
    elected_at = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elected_memberships",
        verbose_name=_("elected at"),
    )
    decision = models.CharField(
        _("by decision"),
        max_length=200,
        blank=True,
        help_text=_(
            "When not elected at a session recorded here: the decision that made them a "
            "member (a co-option between sessions, or an election before these records)."
        ),
    )
    end_date = models.DateField(pgettext_lazy("a membership", "until"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=20, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="membership_end_has_a_reason",
                violation_error_message=_("An ended membership needs its date and its reason."),
            ),
            models.CheckConstraint(
                condition=Q(elected_at__isnull=False) | ~Q(decision=""),
                name="membership_has_an_origin",
                violation_error_message=_(
                    "Say at which session the member was elected, or by which decision they "
                    "became a member."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role="alternate") | Q(alternate_rank__isnull=True),
                name="membership_rank_only_for_alternates",
                violation_error_message=_("Only alternate members are ranked."),
            ),
        ]

    def __str__(self):
        return in_brackets(self.name, self.get_role_display())

    def clean(self):
        body = Body.objects.select_related("term").filter(pk=self.body_id).first()
        if body is None:
            return
        if self.elected_at_id and self.elected_at.term_id != body.term_id:
            raise ValidationError(
                {
                    "elected_at": _("Choose a session of the body's term (%(term)s).")
                    % {"term": body.term}
                }
            )
        term = body.term
        if self.start_date and not term.start_date <= self.start_date <= term.end_date:
            raise ValidationError(
                {
                    "start_date": _("Choose a date within the term (%(range)s).")
                    % {"range": date_range(term.start_date, term.end_date)}
                }
            )

    @property
    def is_alternate(self) -> bool:
        return self.role == self.Role.ALTERNATE
