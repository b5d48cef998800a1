from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    EXCELLENCE = "excellence", _("Excellent / competent / basically competent / incompetent")
    SATISFACTION = "satisfaction", _("Satisfied / basically satisfied / dissatisfied")
    TRUST = "trust", _("Trust / basic trust / distrust")


class Rating(models.TextChoices):
    """Every rating of every scale, plus "don't know" and the blank (abstention)."""

    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASICALLY_COMPETENT = "basically_competent", _("Basically competent")
    INCOMPETENT = "incompetent", _("Incompetent")
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    TRUST = "trust", _("Trust")
    BASIC_TRUST = "basic_trust", _("Basic trust")
    DISTRUST = "distrust", _("Distrust")
    DONT_KNOW = "dont_know", _("Don't know")
    ABSTAIN = "abstain", _("Blank (abstention)")


# Each scale's ratings, best first. The first two are "the two best" of the warning threshold,
# the last one "the worst" of the flag threshold.
SCALE_RATINGS = {
    Scale.EXCELLENCE: [
        Rating.EXCELLENT,
        Rating.COMPETENT,
        Rating.BASICALLY_COMPETENT,
        Rating.INCOMPETENT,
    ],
    Scale.SATISFACTION: [Rating.SATISFIED, Rating.BASICALLY_SATISFIED, Rating.DISSATISFIED],
    Scale.TRUST: [Rating.TRUST, Rating.BASIC_TRUST, Rating.DISTRUST],
}
