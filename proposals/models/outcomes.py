"""A reply's result and a signer's rating: the choices of the reply's and the rating's own
fields, and of the item's fields that keep its first result and its ratings, so that the item
shows them in words as the reply and the rating do (its change page showed "dissatisfied", "C").
Here, not on `Reply` and `Feedback`, because the item's module comes before theirs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReplyResult(models.TextChoices):
    A = "A", _("A: solved or adopted")
    B = "B", _("B: being solved or planned")
    C = "C", _("C: cannot be solved for now, kept for reference")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
