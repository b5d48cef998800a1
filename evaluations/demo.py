"""Demo evaluations: the democratic evaluation of the town party committee's leadership held at
the closed 3rd session (ballots cast online through the service by 80 of the delegates
present, a paper round counted by the office, closed, with results), and a confidence vote
open at the upcoming 5th session in which every active delegate, the demo `delegate` login
included, may vote. The `office` login is teller of both.

Ballots can only be cast while an evaluation is open, so the closed one is opened, voted and
closed when the demo is built: its window is that moment, not the session's day. Deterministic
and safe to run again (evaluations are keyed by session and title)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from delegates.demo import TERM_NAME
from delegates.models import Delegate, Term
from sessions.models import Session
from sessions.selectors import expected_delegates

from .models import Criterion, Evaluation, Rating, Scale, Subject
from .services import (
    ballot_cast_for_delegate,
    entitlements_set,
    evaluation_close,
    evaluation_open,
    paper_ballots_hand_out,
    paper_round_enter,
    tellers_set,
)

EVALUATION_TITLE = "2023年度镇党委领导班子和班子成员民主测评"
CONFIDENCE_TITLE = "镇党委委员信任度测评"
TEAM = ("镇党委领导班子", "", True)
MEMBERS = [
    ("沈建华", "镇党委书记", False),
    ("陈国平", "镇党委副书记、镇长", False),
    ("周敏", "镇党委副书记", False),
    ("王丽", "镇党委委员、纪委书记", False),
    ("刘洋", "镇党委委员、组织委员", False),
    ("吴婷", "镇党委委员、宣传委员", False),
]
CRITERIA = ["德", "能", "勤", "绩", "廉", "总体评价"]
# How the delegates' ratings lean (excellent, competent, basically competent, incompetent):
# most subjects are rated well; one member draws a warning.
LEANINGS = {"刘洋": (2, 3, 4, 2)}
USUAL = (6, 3, 1, 0.2)
ONLINE_BALLOTS = 80
PAPER_ISSUED, PAPER_RETURNED = 25, 24


def build():
    term = Term.objects.filter(name=TERM_NAME).first()
    if term is None:
        return []
    office = get_user_model().objects.filter(username="office").first()
    me = Delegate.objects.filter(term=term, user__username="delegate").first()
    closed = Session.objects.filter(term=term, ordinal=3).first()
    upcoming = Session.objects.filter(term=term, ordinal=5).first()
    if closed is not None:
        _closed_evaluation(closed, office, me)
    if upcoming is not None:
        _confidence_vote(upcoming, office)
    return []


def _form(evaluation, subjects, criteria):
    for n, (name, post, is_team) in enumerate(subjects, start=1):
        Subject.objects.create(
            evaluation=evaluation, name=name, post=post, is_team=is_team, order=n
        )
    for n, name in enumerate(criteria, start=1):
        Criterion.objects.create(evaluation=evaluation, name=name, order=n)


def _closed_evaluation(session, office, me):
    if Evaluation.objects.filter(session=session, title=EVALUATION_TITLE).exists():
        return
    now = timezone.now()
    evaluation = Evaluation.objects.create(
        session=session,
        title=EVALUATION_TITLE,
        kind=Evaluation.Kind.EVALUATION,
        scale=Scale.EXCELLENCE,
        opens_at=now - datetime.timedelta(minutes=30),
        closes_at=now + datetime.timedelta(minutes=30),
    )
    _form(evaluation, [TEAM, *MEMBERS], CRITERIA)
    tellers_set(evaluation=evaluation, users=[office] if office else [])
    # Entitled: the delegates checked in at the session (the default).
    evaluation = evaluation_open(evaluation=evaluation, opened_by=office)
    rng = random.Random(6)
    ratings = evaluation.scale_ratings()
    subjects = list(evaluation.subjects.all())
    criteria = list(evaluation.criteria.all())

    def pick(subject):
        return rng.choices(ratings, weights=LEANINGS.get(subject.name, USUAL))[0]

    entitled = list(
        Delegate.objects.filter(evaluation_entitlements__evaluation=evaluation)
        .exclude(pk=me.pk if me else None)
        .order_by("pk")[: ONLINE_BALLOTS + PAPER_ISSUED]
    )
    voters, on_paper = entitled[:ONLINE_BALLOTS], entitled[ONLINE_BALLOTS:]
    for delegate in voters:
        choices = {
            (s.pk, c.pk): "" if rng.random() < 0.02 else pick(s) for s in subjects for c in criteria
        }
        ballot_cast_for_delegate(evaluation=evaluation, delegate=delegate, choices=choices)
    counts = {}
    for subject in subjects:
        for criterion in criteria:
            marks = [pick(subject) for _ in range(PAPER_RETURNED - 1)] + [Rating.ABSTAIN]
            for rating in set(marks):
                counts[(subject.pk, criterion.pk, rating)] = marks.count(rating)
    paper_ballots_hand_out(evaluation=evaluation, delegates=on_paper, handed_out_by=office)
    paper_round_enter(
        evaluation=evaluation,
        issued=PAPER_ISSUED,
        returned=PAPER_RETURNED,
        counts=counts,
        entered_by=office,
    )
    evaluation_close(evaluation=evaluation, closed_by=office)


def _confidence_vote(session, office):
    if Evaluation.objects.filter(session=session, title=CONFIDENCE_TITLE).exists():
        return
    now = timezone.now()
    evaluation = Evaluation.objects.create(
        session=session,
        title=CONFIDENCE_TITLE,
        kind=Evaluation.Kind.CONFIDENCE,
        scale=Scale.TRUST,
        allow_dont_know=True,
        opens_at=now - datetime.timedelta(minutes=5),
        closes_at=now + datetime.timedelta(days=60),
    )
    _form(evaluation, MEMBERS, ["总体评价"])
    # Nobody is checked in at an upcoming session: the office entitles every active delegate.
    entitlements_set(evaluation=evaluation, delegates=expected_delegates(session))
    tellers_set(evaluation=evaluation, users=[office] if office else [])
    evaluation_open(evaluation=evaluation, opened_by=office)
