"""Solicitations for tests: a draft with one question of each kind, published."""

import datetime

from django.utils import timezone

from delegates.models import Solicitation, SolicitationQuestion
from delegates.solicitations import (
    solicitation_audience_set,
    solicitation_draft_save,
    solicitation_publish,
    solicitation_questions_save,
)

K = SolicitationQuestion.Kind
QUESTIONS = [
    ("您对规划草案总体是否赞成？", K.ONE, "赞成\n基本赞成\n不赞成"),
    ("您最关注哪些方面？", K.SEVERAL, "交通\n教育\n医疗\n养老"),
    ("请为草案打分", K.RATING, ""),
    ("其他意见和建议", K.TEXT, ""),
]


def solicitation_draft(
    term, office, *, title="关于镇十五五规划草案的意见征集", delegations=(), delegates=(),
    days=10, attachment=None,
):  # fmt: skip
    made = Solicitation(
        term=term,
        title=title,
        body="请阅读草案后回答以下问题。",
        deadline=timezone.now() + datetime.timedelta(days=days),
    )
    if attachment is not None:
        made.attachment = attachment
    solicitation_draft_save(solicitation=made, saved_by=office, new_attachment=attachment)
    solicitation_audience_set(
        solicitation=made, delegations=delegations, delegates=delegates, set_by=office
    )
    solicitation_questions_save(
        solicitation=made,
        questions=[
            SolicitationQuestion(
                order=i, text=text, kind=kind, choices=choices, required=kind != K.TEXT
            )
            for i, (text, kind, choices) in enumerate(QUESTIONS)
        ],  # fmt: skip
        saved_by=office,
    )
    return made


def solicitation_published(term, office, **kwargs):
    return solicitation_publish(
        solicitation=solicitation_draft(term, office, **kwargs), published_by=office
    )


def full_answer(solicitation, *, one=0, several=(1, 2), rating=4, text="建议加快建设。"):
    """Values for every question, as the answer form gives them."""
    q = list(solicitation.questions.order_by("order"))
    return {q[0].pk: str(one), q[1].pk: [str(c) for c in several], q[2].pk: str(rating),
            q[3].pk: text}  # fmt: skip
