"""Demo solicitations: one open, asking every delegate, answered by about half of them (the
demo delegate has not answered yet, and a few have only a draft); one closed, to chosen
delegations, answered by most. Answers go through the services, as delegates would send
them."""

import datetime

from django.utils import timezone

from .models import Solicitation, SolicitationQuestion
from .solicitations import (
    response_save,
    solicitation_audience_set,
    solicitation_draft_save,
    solicitation_publish,
    solicitation_questions_save,
)

K = SolicitationQuestion.Kind
OPINIONS = [
    "建议优先安排农村公路提档升级。",
    "希望增加镇卫生院的医生和设备。",
    "养老服务中心应覆盖到每个村。",
    "建议规划中明确榨菜产业园的用地。",
    "学校周边交通安全需要加强。",
    "",
]
OPEN = (
    "关于《镇“十五五”发展规划（征求意见稿）》的意见征集",
    "镇党委拟于下月提请党代表会议审议《镇“十五五”发展规划》。请各位代表阅读征求意见稿，"
    "并结合本选区实际回答以下问题。",
    [
        ("您对规划征求意见稿总体是否赞成？", K.ONE, "赞成\n基本赞成\n不赞成", True),
        (
            "您认为今后五年最需要加强的方面（可多选）",
            K.SEVERAL,
            "交通基础设施\n教育\n医疗卫生\n养老服务\n产业发展",
            True,
        ),  # fmt: skip
        ("请为征求意见稿的可操作性打分", K.RATING, "", True),
        ("其他意见和建议", K.TEXT, "", False),
    ],
)
CLOSED = (
    "关于镇党代表接待日安排的意见征集",
    "为更好地联系党员群众，镇党委拟调整党代表接待日的时间和地点，现征求代表意见。",
    [
        ("接待日继续安排在每月21日是否合适？", K.ONE, "合适\n不合适，建议调整", True),
        ("请为目前接待日的效果打分", K.RATING, "", True),
        ("对接待日工作的建议", K.TEXT, "", False),
    ],
)


def build(rng, term, active, office, me) -> None:
    delegates = list(active.order_by("pk"))
    others = [d for d in delegates if d.pk != me.pk]
    now = timezone.now()
    opened = _solicitation(term, office, OPEN, _at_half_past_five(10), ())
    if opened is not None:
        answering = rng.sample(others, len(others) // 2)
        for delegate in answering:
            _answer(rng, opened, delegate, send=True)
        for delegate in [d for d in others if d not in answering][:4]:
            _answer(rng, opened, delegate, send=False)
    delegations = sorted({d.delegation for d in delegates if d.delegation}, key=lambda d: d.pk)[:3]
    closed = _solicitation(term, office, CLOSED, _at_half_past_five(1), delegations)
    if closed is not None:
        asked = [d for d in delegates if d.delegation in delegations]
        for delegate in asked[: len(asked) * 4 // 5]:
            _answer(rng, closed, delegate, send=True)
        # A demo shortcut: the deadline is moved into the past, as if the days had gone by.
        Solicitation.objects.filter(pk=closed.pk).update(deadline=now - datetime.timedelta(days=20))


def _at_half_past_five(days: int) -> datetime.datetime:
    """A deadline as an office sets one: at 17:30, `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 30)))


def _solicitation(term, office, content, deadline, delegations):
    """The solicitation, made and published the first time; None when it already exists."""
    title, body, questions = content
    if Solicitation.objects.filter(term=term, title=title).exists():
        return None
    made = solicitation_draft_save(
        solicitation=Solicitation(term=term, title=title, body=body, deadline=deadline),
        saved_by=office,
    )
    solicitation_audience_set(solicitation=made, delegations=delegations, set_by=office)
    solicitation_questions_save(
        solicitation=made,
        questions=[
            SolicitationQuestion(order=n, text=text, kind=kind, choices=choices, required=required)
            for n, (text, kind, choices, required) in enumerate(questions)
        ],
        saved_by=office,
    )
    return solicitation_publish(solicitation=made, published_by=office)


def _answer(rng, solicitation, delegate, *, send):
    values = {}
    for question in solicitation.questions.all():
        if question.kind == K.ONE:
            weights = [6, 3, 1][: len(question.choice_labels)]
            values[question.pk] = str(rng.choices(range(len(weights)), weights=weights)[0])
        elif question.kind == K.SEVERAL:
            count = rng.randint(1, 3)
            values[question.pk] = [
                str(c) for c in rng.sample(range(len(question.choice_labels)), count)
            ]  # noqa: E501
        elif question.kind == K.RATING:
            values[question.pk] = str(rng.choices([5, 4, 3, 2], weights=[4, 4, 2, 1])[0])
        else:
            values[question.pk] = rng.choice(OPINIONS)
    response_save(solicitation=solicitation, delegate=delegate, values=values, send=send)
