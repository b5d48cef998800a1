from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress_office.models import StatusChange
from congress_office.wording import written_date

from .roster import Delegate


class QualificationEvent(StatusChange):
    """One change of a delegate's qualification. Append-only: written by the services, never
    edited, so the roster on any past date can be read back from it."""

    class Kind(models.TextChoices):
        ELECTED = "elected", _("Elected")
        BY_ELECTED = "by_elected", _("By-elected")
        SUSPENDED = "suspended", _("Suspended")
        RESTORED = "restored", _("Restored")
        TERMINATED = "terminated", _("Terminated")
        RECALLED = "recalled", _("Recalled")
        CONFIRMED = "confirmed", _("Confirmed at a session")

    delegate = models.ForeignKey(
        Delegate,
        on_delete=models.PROTECT,
        related_name="qualification_events",
        verbose_name=_("delegate"),
    )
    kind = models.CharField(_("change"), max_length=12, choices=Kind.choices)
    effective_date = models.DateField(_("effective date"))
    status_before = models.CharField(
        _("qualification before"), max_length=12, choices=Delegate.Status.choices, blank=True
    )
    status_after = models.CharField(
        _("qualification after"), max_length=12, choices=Delegate.Status.choices
    )
    reason = models.TextField(_("reason"), blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=200)

    class Meta:
        verbose_name = _("qualification change")
        verbose_name_plural = _("qualification history")
        ordering = ["delegate", "effective_date", "pk"]
        # A delegate's latest event on a day first (`delegates_with_status_on`, a probe per
        # delegate on every check-in page): each probe stops at its first row; read
        # backwards it serves the history in order too (decision 204). By the day alone:
        # whether any change takes effect after a day, asked before every probe (decision 221).
        indexes = [
            models.Index(
                fields=["delegate", "-effective_date", "-id"], name="qualification_latest_idx"
            ),
            models.Index(fields=["effective_date"], name="qualification_effective_idx"),
        ]
        constraints = [
            # A delegate enters the congress once, by election or by-election...
            models.UniqueConstraint(
                fields=["delegate"],
                condition=Q(kind__in=["elected", "by_elected"]),
                name="qualification_one_entry_per_delegate",
            ),
            # ...and a by-elected delegate is confirmed once.
            models.UniqueConstraint(
                fields=["delegate"],
                condition=Q(kind="confirmed"),
                name="qualification_one_confirmation_per_delegate",
            ),
        ]

    def __str__(self):
        return f"{self.delegate} · {self.get_kind_display()} · {written_date(self.effective_date)}"
