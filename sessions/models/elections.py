"""Elections held at a session (issue 13): what an election fills, its candidates from the
preliminary to the formal list, and its scrutineers. The rules that vary between places are
rows per term (`ElectionRule`), copied onto the election when its formal list is approved, so
later edits never rewrite an election already under way."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from congress_office.models import StatusChange
from congress_office.wording import labelled
from delegates.models import Delegate, Term

from .agenda import AgendaItem
from .bodies import Body
from .secret_ballot import BallotPart
from .sessions import Session


class Fills(models.TextChoices):
    MEMBERS = "members", _("Members of a body")
    ALTERNATES = "alternates", _("Alternate members of a body")
    HIGHER_DELEGATES = "higher_delegates", _("Delegates to the congress of the level above")


class ElectionRule(models.Model):
    """How an election of one kind is held in a term's congress: the competitive margin
    (candidates at least this many per cent more than seats, rounded up), whether an
    equal-number election is allowed (by-elections, some posts), write-ins, and what follows
    a tie at the last seat or a seat left unfilled. Created with the defaults when first
    needed, edited in the admin."""

    class Then(models.TextChoices):
        FURTHER_ROUND = "further_round", _("A further round among the candidates concerned")
        VACANT = "vacant", _("The seat stays vacant")

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="election_rules", verbose_name=_("term")
    )
    fills = models.CharField(_("fills"), max_length=20, choices=Fills.choices)
    by_election = models.BooleanField(_("by-election"), default=False)
    margin_percent = models.PositiveSmallIntegerField(
        _("competitive margin (%)"),
        default=20,
        help_text=_("Candidates must outnumber the seats by at least this share, rounded up."),
    )
    equal_number_allowed = models.BooleanField(_("equal-number election allowed"), default=False)
    write_ins_allowed = models.BooleanField(_("write-ins allowed"), default=True)
    on_tie = models.CharField(
        _("a tie at the last seat"), max_length=16, choices=Then.choices, default=Then.FURTHER_ROUND
    )
    on_unfilled = models.CharField(
        _("a seat left unfilled"), max_length=16, choices=Then.choices, default=Then.FURTHER_ROUND
    )

    class Meta:
        verbose_name = _("election rule")
        verbose_name_plural = _("election rules")
        ordering = ["term", "fills", "by_election"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "fills", "by_election"], name="election_rule_once_per_kind"
            ),
        ]

    def __str__(self):
        kind = self.get_fills_display()
        if self.by_election:
            kind = labelled(_("By-election"), kind)
        return labelled(self.term, kind)

    def as_record(self) -> dict:
        """The rule as copied onto an election."""
        return {
            "margin_percent": self.margin_percent,
            "equal_number_allowed": self.equal_number_allowed,
            "write_ins_allowed": self.write_ins_allowed,
            "on_tie": self.on_tie,
            "on_unfilled": self.on_unfilled,
        }


class Election(models.Model):
    """One election at a session: the seats of a body (or delegates to the level above) it
    fills, competitive (差额) or equal-number (等额)."""

    class Method(models.TextChoices):
        COMPETITIVE = "competitive", _("Competitive (more candidates than seats)")
        EQUAL = "equal", _("Equal-number (as many candidates as seats)")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing the candidates")
        LIST_APPROVED = "list_approved", _("Formal list approved")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="elections", verbose_name=_("session")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="elections",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    fills = models.CharField(_("fills"), max_length=20, choices=Fills.choices)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("body"),
        help_text=_("The body whose seats it fills (none for delegates to the level above)."),
    )
    by_election = models.BooleanField(_("by-election"), default=False)
    seats = models.PositiveSmallIntegerField(_("seats to fill"))
    method = models.CharField(
        _("method"), max_length=12, choices=Method.choices, default=Method.COMPETITIVE
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PREPARING,
        editable=False,
    )
    rules = models.JSONField(
        _("rules applied"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The term's rule as it stood when the formal list was approved."),
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["session", "agenda_item__order", "pk"]
        # Held on one election by a user, never by a group or globally (election_tellers.py).
        permissions = [
            ("count_election", _("Counts the paper ballots (teller)")),
            ("scrutinise_election", _("Oversees the count (scrutineer)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gt=0),
                name="election_has_seats",
                violation_error_message=_("An election fills at least one seat."),
            ),
            models.CheckConstraint(
                condition=Q(fills="higher_delegates") | Q(body__isnull=False),
                name="election_of_a_body_names_it",
                violation_error_message=_("Choose the body whose seats the election fills."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        same_session = self.agenda_item_id and self.session_id
        if same_session and self.agenda_item.session_id != self.session_id:
            raise ValidationError({"agenda_item": _("Choose an item of this session's agenda.")})
        if self.body_id and self.session_id and self.body.term_id != self.session.term_id:
            raise ValidationError({"body": _("Choose a body of the session's term.")})


class Candidate(BallotPart):
    """A candidate, on the preliminary list first and, once the presidium approves it, on the
    formal list (`formal`). Printed in the stroke order of the surname, or in the order the
    office sets (`order`)."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("election")
    )
    name = models.CharField(pgettext_lazy("a person", "name"), max_length=100)
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("delegate"),
    )
    post = models.CharField(_("post"), max_length=200, blank=True)
    nominated_by = models.CharField(
        _("nominated by"), max_length=200, blank=True, help_text=_("e.g. the presidium.")
    )
    discussion = models.TextField(
        _("delegations' discussion"),
        blank=True,
        help_text=_("What the delegations said when they discussed the preliminary list."),
    )
    formal = models.BooleanField(_("on the formal list"), default=False)
    order = models.PositiveSmallIntegerField(
        _("order set by the office"),
        null=True,
        blank=True,
        help_text=_("Left empty: candidates are printed in the stroke order of their surnames."),
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "name"],
                name="candidate_once_per_election",
                violation_error_message=_("This name is already a candidate in the election."),
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def counted(cls, parts) -> bool:
        """On the ballot of a round (see `BallotPart`)."""
        return cls.rounds.through.objects.filter(candidate__in=parts).exists()


class Scrutineer(models.Model):
    """A delegate who oversees the count (监票人), the chief (总监票人) among them; never a
    candidate of the same election."""

    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, related_name="scrutineers", verbose_name=_("election")
    )
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="+", verbose_name=_("delegate")
    )
    chief = models.BooleanField(_("chief scrutineer"), default=False)

    class Meta:
        verbose_name = _("scrutineer")
        verbose_name_plural = _("scrutineers")
        ordering = ["election", "-chief", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "delegate"],
                name="scrutineer_once",
                violation_error_message=_("This delegate is already a scrutineer here."),
            ),
            models.UniqueConstraint(
                fields=["election"],
                condition=Q(chief=True),
                name="one_chief_scrutineer",
                violation_error_message=_("The election already has a chief scrutineer."),
            ),
        ]

    def __str__(self):
        return self.delegate.name


class ElectionStatusChange(StatusChange):
    """Who took an election a step further, and when (the audit of issue 13, item 10)."""

    election = models.ForeignKey(
        Election,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("election"),
    )
    status_before = models.CharField(_("from"), max_length=16, choices=Election.Status.choices)
    status_after = models.CharField(_("to"), max_length=16, choices=Election.Status.choices)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["election", "at"]

    def __str__(self):
        before, after = self.get_status_before_display(), self.get_status_after_display()
        return labelled(self.election, f"{before} → {after}")


# Tellers and scrutineers: guardian's direct foreign-key tables (a real foreign key, not a
# generic object id), as for the evaluations' tellers.
class ElectionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Election, on_delete=models.CASCADE)


class ElectionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Election, on_delete=models.CASCADE)
