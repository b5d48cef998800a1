"""The open evaluations on the office's desk, with their turnout so far: how many are
entitled and how many ballots are in, never who voted."""

import datetime

from django.urls import reverse

from congress_office.desk import DeskPart

from .models import Evaluation
from .selectors import open_evaluations_turnout


def read_desk(today: datetime.date) -> dict:
    changelist = reverse("admin:evaluations_evaluation_changelist")
    return {
        "evaluations": open_evaluations_turnout(),
        "open_list": f"{changelist}?status__exact={Evaluation.Status.OPEN.value}",
    }


EVALUATIONS_DESK = DeskPart(
    order=30,
    permission="evaluations.view_evaluation",
    template="admin/desk/evaluations.html",
    read=read_desk,
)
