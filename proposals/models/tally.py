from django.db import models
from django.utils.translation import gettext_lazy as _

from delegates.models import Term
from sessions.models import Session

from .rules import ProposalCategory
from .units import HandlingUnit

# What the statistics count, per item (see proposals/tally.py).
TALLY_COUNTS = (
    "items",
    "routed",
    "replied",
    "on_time",
    "rated",
    "satisfied",
    "first_rated",
    "first_satisfied",
    "result_a",
    "result_b",
    "result_c",
)


class HandlingTally(models.Model):
    """The handling statistics' counts for the items of one term, session, lead unit and
    category, kept by the services as items move (proposals/tally.py), so that the statistics
    page reads a few hundred rows however many thousand items there are."""

    # term:session:unit:category:kind, with empty parts for "none": unique on every database
    # (a unique constraint over nullable columns lets NULLs repeat on SQLite).
    key = models.CharField(max_length=80, unique=True, editable=False)
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, related_name="+")
    lead_unit = models.ForeignKey(
        HandlingUnit, on_delete=models.CASCADE, null=True, related_name="+"
    )
    category = models.ForeignKey(
        ProposalCategory, on_delete=models.CASCADE, null=True, related_name="+"
    )
    kind = models.CharField(max_length=12, blank=True)
    items = models.IntegerField(default=0)
    routed = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    first_rated = models.IntegerField(default=0)
    first_satisfied = models.IntegerField(default=0)
    result_a = models.IntegerField(default=0)
    result_b = models.IntegerField(default=0)
    result_c = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("handling tally")
        verbose_name_plural = _("handling tallies")
        default_permissions = ()
        indexes = [models.Index(fields=["term", "session"])]

    def __str__(self):
        return self.key
