from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A congress elected for five years, e.g. the 13th Congress of Xieqiao Town."""

    class Level(models.TextChoices):
        TOWN = "town", _("Town (grassroots)")
        COUNTY = "county", _("County")

    name = models.CharField(_("name"), max_length=200, unique=True)
    ordinal = models.PositiveSmallIntegerField(_("ordinal number"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    seats = models.PositiveIntegerField(_("number of seats"))

    class Meta:
        verbose_name = _("congress term")
        verbose_name_plural = _("congress terms")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="term_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # Every recorded qualification change falls within the term (the services see to it
        # when they record one); new dates must keep it so.
        if self.pk is None or self.start_date is None or self.end_date is None:
            return
        from .qualification import QualificationEvent

        outside = QualificationEvent.objects.filter(delegate__term=self.pk).exclude(
            effective_date__range=(self.start_date, self.end_date)
        )
        if outside.exists():
            dates = QualificationEvent.objects.filter(delegate__term=self.pk).aggregate(
                first=models.Min("effective_date"), last=models.Max("effective_date")
            )
            raise ValidationError(
                _(
                    "Qualification changes of this term are recorded from %(first)s to %(last)s; "
                    "the term must include those dates."
                )
                % dates
            )


class ElectoralUnit(models.Model):
    """The unit (选举单位) that elects delegates and fills its own vacancies."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="electoral_units", verbose_name=_("term")
    )
    name = models.CharField(_("name"), max_length=200)
    seats = models.PositiveIntegerField(_("number of seats"))

    class Meta:
        verbose_name = _("electoral unit")
        verbose_name_plural = _("electoral units")
        ordering = ["term", "name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="electoral_unit_unique_name"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # Fewer seats than delegates holding one (active or suspended) on any day of the term
        # would leave a roster that no by-election could have produced.
        if self.pk is None or self.seats is None:
            return
        from ..selectors import most_seats_held_from  # the selectors import the models

        held, _day = most_seats_held_from(self, self.term.start_date)
        if self.seats < held:
            raise ValidationError(
                {
                    "seats": _(
                        "%(held)s delegates hold a seat in this unit; it cannot have fewer seats."
                    )
                    % {"held": held}
                }
            )


class Delegation(models.Model):
    """Delegates grouped by area or sector, with a leader (团长).

    The leader's user holds the `lead_delegation` object permission on it (guardian), set by
    `delegation_set_leader`; that permission is what lets them see the members' records."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("term")
    )
    name = models.CharField(_("name"), max_length=200)
    leader = models.ForeignKey(
        "Delegate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_delegations",
        verbose_name=_("leader"),
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["term", "name"]
        permissions = [("lead_delegation", _("Can see the members and records of a delegation"))]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="delegation_unique_name"),
        ]

    def __str__(self):
        return self.name


class Delegate(models.Model):
    """A person elected to a term's congress, with the facts the structure report counts.

    `status` is the current qualification, kept by the services in delegates.services from the
    append-only QualificationEvent history, which also answers "what was it on date D"."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")
        RECALLED = "recalled", _("Recalled")

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Education(models.TextChoices):
        POSTGRADUATE = "postgraduate", _("Postgraduate")
        UNDERGRADUATE = "undergraduate", _("Undergraduate")
        JUNIOR_COLLEGE = "junior_college", _("Junior college")
        SECONDARY = "secondary", _("Senior secondary")
        JUNIOR_SECONDARY = "junior_secondary", _("Junior secondary or below")

    class Occupation(models.TextChoices):
        LEADING_CADRE = "leading_cadre", _("Leading cadre")
        PROFESSIONAL = "professional", _("Professional and technical staff")
        ENTERPRISE = "enterprise", _("Enterprise manager")
        FRONTLINE_WORKER = "frontline_worker", _("Frontline worker")
        FARMER = "farmer", _("Farmer")
        OTHER = "other", _("Other")

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="delegates", verbose_name=_("term")
    )
    name = models.CharField(_("name"), max_length=100)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=30)
    birth_date = models.DateField(_("date of birth"))
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    occupation = models.CharField(
        _("occupation category"), max_length=20, choices=Occupation.choices
    )
    work_unit = models.CharField(_("work unit"), max_length=200)
    post = models.CharField(_("post"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    electoral_unit = models.ForeignKey(
        ElectoralUnit,
        on_delete=models.PROTECT,
        related_name="delegates",
        verbose_name=_("electoral unit"),
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("delegation"),
    )
    status = models.CharField(
        _("qualification"),
        max_length=12,
        choices=Status.choices,
        default=Status.ACTIVE,
        editable=False,
    )
    # A person re-elected for the next term gets a new Delegate row and keeps the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegate_records",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["term", "name", "pk"]
        indexes = [
            models.Index(fields=["term", "status"]),
            # The roster's change list, read term by term in this order (decision 264).
            models.Index(fields=["term", "name", "id"], name="delegate_term_name"),
            # The roster sorted by term (`?o=8`): each term's newest first (decision 309).
            models.Index(fields=["term", "id"], name="delegate_term_id"),
            # The roster sorted by name first (`?o=-1.8`): read in the index's order, each
            # name's few delegates sorted by term (decision 320).
            models.Index(fields=["name", "id"], name="delegate_name"),
            # The roster filtered by a qualification status, an education or an occupation,
            # read term by term (decision 320): each term's first rows of that value by name,
            # not every row of the term until fifty of a rare value are found (decision 477).
            models.Index(fields=["term", "status", "name", "id"], name="delegate_term_status_name"),
            models.Index(
                fields=["term", "education", "name", "id"], name="delegate_term_education_name"
            ),
            models.Index(
                fields=["term", "occupation", "name", "id"], name="delegate_term_occupation_name"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "name", "birth_date"], name="delegate_unique_person_per_term"
            ),
            models.UniqueConstraint(
                fields=["term", "user"],
                condition=Q(user__isnull=False),
                name="delegate_one_record_per_user_and_term",
            ),
        ]

    # How to reach the person: shown only to the roles that need it (decision 233); the
    # pages of other roles read their delegate rows without them.
    CONTACT_DETAILS = ("phone", "email")

    def __str__(self):
        return self.name
