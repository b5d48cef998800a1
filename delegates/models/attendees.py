from django.db import models
from django.utils.translation import gettext_lazy as _

from .roster import Term


class NonVotingAttendee(models.Model):
    """Someone invited to the term's sessions without a vote (列席人员): not a delegate."""

    class Category(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("Party committee member who is not a delegate")
        PEOPLES_CONGRESS = "peoples_congress", _("People's congress")
        GOVERNMENT = "government", _("Government")
        CPPCC = "cppcc", _("Political consultative conference")
        RETIRED_CADRE = "retired_cadre", _("Retired cadre")
        DEPARTMENT = "department", _("Department head")
        OTHER = "other", _("Other")

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="attendees", verbose_name=_("term")
    )
    name = models.CharField(_("name"), max_length=100)
    work_unit = models.CharField(_("work unit"), max_length=200)
    post = models.CharField(_("post"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)

    class Meta:
        verbose_name = _("non-voting attendee")
        verbose_name_plural = _("non-voting attendees")
        ordering = ["term", "category", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "name", "work_unit"], name="attendee_unique_per_term"
            ),
        ]

    def __str__(self):
        return self.name
