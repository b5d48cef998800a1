"""A session's workflow, as one table: planned → preparatory meeting held → in progress →
closed, and what may be recorded in each status. The services check every step against it
(`SESSION_WORKFLOW.require`); the admin asks it what to offer."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from congress_office.workflow import Workflow, step

from .models import Resolution, Session, Vote

S = Session.Status


class Step(models.TextChoices):
    HOLD_PREPARATORY = "hold preparatory", _("hold the preparatory meeting")
    OPEN = "open", _("open the session")
    CLOSE = "close", _("close the session")
    RECORD = "record", _("record attendance, outcomes and documents")
    VOTE = "vote", _("record a vote")
    CHECK_IN = "check in", _("check delegates in")


# The order the session goes through; `session_advance` takes the one step forward.
ADVANCE = (Step.HOLD_PREPARATORY, Step.OPEN, Step.CLOSE)

SESSION_WORKFLOW = Workflow(
    S,
    [
        step(Step.HOLD_PREPARATORY, {S.PLANNED}, {S.PREPARATORY_HELD}),
        step(Step.OPEN, {S.PREPARATORY_HELD}, {S.IN_PROGRESS}),
        step(Step.CLOSE, {S.IN_PROGRESS}, {S.CLOSED}),
        step(
            Step.RECORD,
            {S.PLANNED, S.PREPARATORY_HELD, S.IN_PROGRESS},
            refusal=_("The session is closed; its records can no longer change."),
        ),
        step(
            Step.VOTE,
            {S.IN_PROGRESS},
            refusal=_("Votes are recorded while the session is in progress."),
        ),
        step(
            Step.CHECK_IN,
            {S.IN_PROGRESS},
            refusal=_("Check-in opens when the session is opened (its status now: %(status)s)."),
        ),
    ],
    refusal=_("The session is closed."),
)

R = Resolution.Status


class ResolutionStep(models.TextChoices):
    REVISE = "revise", _("revise the text")
    VOTE = "vote", _("vote on it")
    UNDECIDE = "undecide", _("void the vote that decided it")


RESOLUTION_WORKFLOW = Workflow(
    R,
    [
        step(
            ResolutionStep.REVISE,
            {R.DRAFT},
            refusal=_("The resolution has been voted on; its text is final."),
        ),
        # A vote decides it; a later valid vote on the same resolution decides it again.
        step(ResolutionStep.VOTE, set(R), {R.ADOPTED, R.NOT_ADOPTED}),
        # Its only valid vote voided: undecided again, as if never voted on.
        step(ResolutionStep.UNDECIDE, {R.ADOPTED, R.NOT_ADOPTED}, {R.DRAFT}),
    ],
)

V = Vote.State


class VoteStep(models.TextChoices):
    CORRECT = "correct", _("correct it")
    VOID = "void", _("void it")


# A vote is never edited: a correction supersedes it with a new record, a mistake voids it.
VOTE_WORKFLOW = Workflow(
    V,
    [
        step(VoteStep.CORRECT, {V.VALID}, {V.SUPERSEDED}),
        step(VoteStep.VOID, {V.VALID}, {V.VOIDED}),
    ],
    refusal=_(
        "This vote is no longer valid (%(status)s): only the vote that stands can be corrected "
        "or voided."
    ),
)


def advance_step(session: Session) -> str:
    """The step that takes the session to its next status; refused once it is closed."""
    for name in ADVANCE:
        if SESSION_WORKFLOW.allows(session.status, name):
            return name
    SESSION_WORKFLOW.require(session.status, Step.CLOSE)  # says the session is closed
    raise AssertionError("unreachable")
