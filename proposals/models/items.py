from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_office.models import StatusChange
from congress_office.wording import labelled
from delegates.models import Contact, Delegate, SolicitationResponse, Term
from sessions.models import Session

from .choice_labels import choice_label
from .outcomes import Rating, ReplyResult
from .rules import ProposalCategory
from .units import HandlingUnit


class Proposal(models.Model):
    """A proposal, suggestion or opinion (提案 / 建议 / 批评意见) and where it stands."""

    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Proposal")
        SUGGESTION = "suggestion", _("Suggestion")
        OPINION = "opinion", _("Criticism or opinion")
        INQUIRY = "inquiry", _("Inquiry")

    class Source(models.TextChoices):
        DELEGATE = "delegate", _("Filed by a delegate")
        RECEPTION_DAY = "reception_day", _("Heard on a reception day")
        CONTACT = "contact", _("Raised to a committee member")
        SOLICITATION = "solicitation", _("Answer to an opinion solicitation")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("proposal status", "Draft")
        SUBMITTED = "submitted", _("Awaiting review")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DECLINED = "declined", _("Not accepted")
        MERGED = "merged", _("Merged into another item")
        ACCEPTED = "accepted", _("Accepted, awaiting assignment")
        ASSIGNED = "assigned", _("Being handled")
        # The lead unit's reply waits for the office to release it (ProposalRules.review_replies).
        REVIEWING = "reviewing", _("Reply with the office for review")
        REPLIED = "replied", _("Replied, awaiting the delegate's rating")
        TRACKING = "tracking", _("Being solved: tracked until solved")
        CLOSED = "closed", pgettext_lazy("proposal status", "Closed")

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("term")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("filed at session"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.DELEGATE
    )
    # The answer it was made from (source SOLICITATION): one suggestion per answer at most.
    solicitation_response = models.OneToOneField(
        SolicitationResponse,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestion",
        verbose_name=_("made from the answer"),
        editable=False,
    )
    title = models.CharField(_("title"), max_length=200)
    category = models.ForeignKey(
        ProposalCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("category"),
    )
    situation = models.TextField(_("situation and reasons"))
    recommendations = models.TextField(_("recommendations"))
    author = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="proposals", verbose_name=_("author")
    )
    # An inquiry (质询) names, when filed, the department whose work it questions: the office
    # is offered it as the lead unit when routing.
    inquired_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("department inquired about"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    number = models.CharField(_("number"), max_length=20, blank=True, editable=False)
    urgent = models.BooleanField(_("urgent"), default=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_items",
        verbose_name=_("merged into"),
        editable=False,
    )
    # What a delegate raised to their committee member, made a suggestion by the office: once.
    contact = models.OneToOneField(
        Contact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suggestion",
        verbose_name=_("raised in the contact"),
        editable=False,
    )
    round = models.PositiveSmallIntegerField(_("handling round"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)

    # Handling facts, kept by the services as the item moves, so that the office's queues
    # and statistics are one indexed query over the items instead of a walk through every
    # assignment, reply and rating (docs/decisions.md).
    lead_unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lead unit (first round)"),
        editable=False,
    )
    lead_deadline = models.DateField(
        _("lead unit's deadline"), null=True, blank=True, editable=False
    )
    lead_amber_on = models.DateField(
        _("lead unit's due soon from"), null=True, blank=True, editable=False
    )
    first_result = models.CharField(
        _("first reply's result"),
        max_length=1,
        choices=ReplyResult.choices,
        blank=True,
        editable=False,
    )
    first_reply_on_time = models.BooleanField(
        _("first reply on time"), null=True, blank=True, editable=False
    )
    first_round_rating = models.CharField(
        _("first round's rating"), max_length=12, choices=Rating.choices, blank=True, editable=False
    )
    latest_rating = models.CharField(
        _("latest rating"), max_length=12, choices=Rating.choices, blank=True, editable=False
    )
    # The co-signers' ratings, where they rate (an inquiry's signers, or every co-signer by
    # the rules): how many have rated and how many of them are satisfied, each by their latest
    # rating and by their rating of the first round. The lead proposer's own rating stays in
    # the two fields above, which move the item (docs/decisions.md, 154).
    cosigner_rated = models.PositiveSmallIntegerField(
        _("co-signers who rated"), default=0, editable=False
    )
    cosigner_satisfied = models.PositiveSmallIntegerField(
        _("co-signers satisfied"), default=0, editable=False
    )
    cosigner_first_rated = models.PositiveSmallIntegerField(
        _("co-signers who rated the first round"), default=0, editable=False
    )
    cosigner_first_satisfied = models.PositiveSmallIntegerField(
        _("co-signers satisfied with the first round"), default=0, editable=False
    )

    class Meta:
        verbose_name = _("proposal or suggestion")
        verbose_name_plural = _("proposals and suggestions")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["term", "status"]),
            # The overdue queue: items being handled, most overdue first.
            models.Index(fields=["status", "lead_deadline", "id"], name="proposal_lead_deadline"),
            # The change list's "time left" filter: items being handled that read on time.
            models.Index(fields=["status", "lead_amber_on", "id"], name="proposal_lead_amber_on"),
            # The order of the proposals' and the assignments' lists, newest first: their
            # first page read from the index instead of sorting every row (decision 198).
            models.Index(fields=["created_at", "id"], name="proposal_created"),
            # The same order within one value of a filter of the proposals' list: its first
            # page and its count read from the index, where a rare value (42 drafts, an old
            # term or session, no inquiry at all) had the list walk every item backwards to
            # fill a page and count them all from the table (decision 239).
            *(
                models.Index(fields=[field, "created_at", "id"], name=f"proposal_{field}_created")
                for field in ("term", "session", "status", "kind", "source")
            ),
            # The queues' order within their status, oldest submitted first (the change list's
            # queue filter and the queues' page): fifty rows read in order, where the list
            # joined every author of the status's items to sort them (decision 239).
            models.Index(fields=["status", "submitted_at", "id"], name="proposal_status_submitted"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "number"], condition=~Q(number=""), name="proposal_number_once"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_status_display(self) -> str:
        """Django's, without its dictionary of the choices built on each call (decision 289)."""
        return choice_label(Proposal.Status, self.status)

    def get_kind_display(self) -> str:
        return choice_label(Proposal.Kind, self.kind)


class CoSignature(models.Model):
    """A delegate invited to co-sign a proposal, and their answer."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="cosignatures",
        verbose_name=_("proposal"),
    )
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        related_name="cosignatures",
        verbose_name=_("delegate"),
    )
    status = models.CharField(
        _("answer"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "delegate"], name="cosign_once"),
        ]

    def __str__(self):
        return f"{self.delegate} · {self.proposal}"


class ProposalEvent(StatusChange):
    """The item's timeline: who did what, when, and what the status became."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        LOGGED = "logged", _("Logged from a reception day")
        CONTACT_LOGGED = "contact logged", _("Logged from a committee member's contact")
        ANSWER_LOGGED = "answer logged", _("Taken from an answer to a solicitation")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        ACCEPTED = "accepted", _("Accepted")
        CONVERTED = "converted", _("Accepted as a suggestion")
        MERGED = "merged", _("Merged into another item")
        DECLINED = "declined", _("Not accepted")
        ROUTED = "routed", _("Routed to handling units")
        SENT_BACK = "sent back", _("Sent back by the unit")
        EXTENSION_ASKED = "extension asked", _("Extension asked")
        EXTENSION_GRANTED = "extension granted", _("Extension granted")
        EXTENSION_REFUSED = "extension refused", _("Extension refused")
        EXTENSION_LAPSED = "extension lapsed", _("Extension request lapsed")
        REPLIED = "replied", _("Replied")
        ANSWERED_AT_MEETING = "answered at meeting", _("Answered at a meeting")
        RATED = "rated", _("Rated by the delegate")
        SIGNER_RATED = "signer rated", _("Rated by a co-signer")
        REHANDLING = "rehandling", _("Dissatisfied: handled again")
        SOLVED = "solved", _("Reported solved")
        DEADLINE_SET = "deadline set", _("Deadline set by the office")
        REMINDED = "reminded", _("Reminded by the office")
        CONSULTED = "consulted", _("Consultation with the delegate recorded")
        REVIEW_ASKED = "review asked", _("Reply sent to the office for review")
        RELEASED = "released", _("Reply released by the office")
        REPLY_RETURNED = "reply returned", _("Reply sent back to the unit by the office")
        RECLASSIFIED = "reclassified", _("Reply's result changed by the office")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="events", verbose_name=_("proposal")
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    status_before = models.CharField(_("from"), max_length=12, choices=Proposal.Status.choices)
    status_after = models.CharField(_("to"), max_length=12, choices=Proposal.Status.choices)
    # What a person typed (a reason, a comment), as typed.
    note = models.TextField(_("note"), blank=True)
    # The step's facts (unit names, ISO dates, codes), read in the viewer's language.
    params = models.JSONField(_("facts of the step"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["proposal", "at", "pk"]

    def __str__(self):
        return labelled(self.proposal, self.get_action_display())

    # The timeline's labels, each entry's two (decision 289).
    def get_action_display(self) -> str:
        return choice_label(ProposalEvent.Action, self.action)

    def get_status_after_display(self) -> str:
        return choice_label(Proposal.Status, self.status_after)

    @property
    def shown_note(self) -> str:
        """The note in the active language: the facts in words, then what the person typed."""
        from ..timeline_notes import timeline_note

        return timeline_note(self.action, self.params, self.note)


class ProposalAttachment(models.Model):
    """A document or photo supporting an item; its type is judged by content on upload."""

    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("proposal"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="proposal-attachments/%Y/%m/")
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size in bytes"), editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["proposal", "pk"]

    def __str__(self):
        return self.title
