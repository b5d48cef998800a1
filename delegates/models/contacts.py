"""The committee's contact with delegates (县委委员联系代表): each member of the party committee
keeps in touch with delegates assigned to them, and every contact is logged. The first link of
the contact chain: committee member → delegates → party members → the public."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congress_office.wording import labelled, written_date

from .roster import Delegate, Term


class CommitteeMember(models.Model):
    """A committee member who keeps in touch with delegates in a term. Kept apart from the
    leading bodies' seats (sessions' Membership, decision 164): the office names who keeps in
    touch, and the member logs their contacts themselves when given an account."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="committee_members", verbose_name=_("term")
    )
    name = models.CharField(pgettext_lazy("a person", "name"), max_length=100)
    post = models.CharField(
        _("post"), max_length=200, blank=True, help_text=_("e.g. 县委常委、组织部部长.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_member_records",
        verbose_name=_("user account"),
        help_text=_("With an account, the member logs their contacts on their phone."),
    )

    class Meta:
        verbose_name = _("committee member keeping in touch")
        verbose_name_plural = _("committee members keeping in touch")
        ordering = ["term", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "user"],
                condition=Q(user__isnull=False),
                name="committee_member_one_record_per_user_and_term",
                violation_error_message=_("This account is already a member's in this term."),
            ),
        ]

    def __str__(self):
        return self.name


class ContactAssignment(models.Model):
    """A delegate assigned to a committee member to keep in touch with. A delegate record
    belongs to one term, so one assignment per delegate is one member per term."""

    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("committee member"),
    )
    delegate = models.OneToOneField(
        Delegate,
        on_delete=models.CASCADE,
        related_name="committee_contact",
        verbose_name=_("delegate"),
    )

    class Meta:
        verbose_name = _("delegate to keep in touch with")
        verbose_name_plural = _("delegates to keep in touch with")
        ordering = ["member", "delegate__name"]

    def __str__(self):
        return f"{self.member} → {self.delegate}"


class Contact(models.Model):
    """One contact between a committee member and a delegate: when, how, what was raised."""

    class Way(models.TextChoices):
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Talk at a meeting")
        PHONE = "phone", _("Phone")
        ONLINE = "online", _("Online")
        LETTER = "letter", _("Letter")

    member = models.ForeignKey(
        CommitteeMember,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("committee member"),
    )
    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        related_name="committee_contacts",
        verbose_name=_("delegate"),
    )
    date = models.DateField(pgettext_lazy("a contact", "date"))
    way = models.CharField(_("way"), max_length=10, choices=Way.choices)
    raised = models.TextField(
        _("what was raised"),
        blank=True,
        help_text=_("The delegate's views, problems and suggestions; empty when none."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact with a delegate")
        verbose_name_plural = _("contacts with delegates")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["delegate", "date"]),
            models.Index(fields=["member", "date"]),
        ]

    def __str__(self):
        return labelled(f"{self.member} → {self.delegate}", written_date(self.date))
