"""An evaluation's workflow, as one table: draft → open → closed, and what may be done in
each status. The services check every step against it (`EVALUATION_WORKFLOW.require`); the
admin asks it what to offer."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congress_office.roles import require_office
from congress_office.workflow import Workflow, step

from .models import Evaluation
from .tellers import evaluation_tellers

S = Evaluation.Status


class By(models.TextChoices):
    OFFICE = "office", _("the congress office")
    TELLER = "teller", _("a teller of the evaluation")


class Step(models.TextChoices):
    EDIT_FORM = "edit form", _("change the form")
    OPEN = "open", _("open the evaluation")
    CLOSE = "close", _("close the evaluation")
    ENTER_PAPER = "enter paper round", _("enter a paper round")
    HAND_OUT_PAPER = "hand out paper ballots", _("hand out paper ballots")


EVALUATION_WORKFLOW = Workflow(
    S,
    [
        # Subjects, criteria, scale and entitlements: set while a draft only (decision 39).
        step(
            Step.EDIT_FORM,
            {S.DRAFT},
            by=By.OFFICE,
            refusal=_(
                "The evaluation is %(status)s: its form can be changed only while it is a draft."
            ),
        ),
        step(
            Step.OPEN,
            {S.DRAFT},
            {S.OPEN},
            by=By.OFFICE,
            refusal=_("The evaluation is already %(status)s."),
        ),
        step(
            Step.CLOSE,
            {S.OPEN},
            {S.CLOSED},
            by=By.OFFICE,
            refusal=_("Only an open evaluation can be closed; this one is %(status)s."),
        ),
        # Paper rounds are entered while open, so that closing ends the count (decision 44).
        step(
            Step.ENTER_PAPER,
            {S.OPEN},
            by=By.TELLER,
            refusal=_("Paper ballots are entered while the evaluation is open; it is %(status)s."),
        ),
        # Who received a paper ballot is recorded as it is handed out, while voting is open.
        step(
            Step.HAND_OUT_PAPER,
            {S.OPEN},
            by=By.TELLER,
            refusal=_(
                "Paper ballots are handed out while the evaluation is open; it is %(status)s."
            ),
        ),
    ],
    status_words=lambda label: label.lower(),
)


def require_step(name, *, evaluation: Evaluation, user) -> None:
    """Refuse a step the evaluation's status or the person does not allow."""
    EVALUATION_WORKFLOW.require(evaluation.status, name)
    by = EVALUATION_WORKFLOW.steps[name].by
    if by == By.OFFICE:
        require_office(user)
    if by == By.TELLER and not (
        user is not None and evaluation_tellers(evaluation).filter(pk=user.pk).exists()
    ):
        raise ValidationError(gettext("Only the evaluation's tellers enter paper ballots."))
