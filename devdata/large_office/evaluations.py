"""The large office's evaluations: a democratic evaluation of the county committee's leadership
at every session (the team and its nine members on six criteria) and a confidence vote in its
members at the mid-term and end-of-term sessions, 50,000 online ballots in all at scale 1, and
a paper round at some of them; all closed. Written as the services would have left them: the
delegates present at the session entitled (the default), a receipt per ballot (unique per
evaluation and delegate), counts for every subject × criterion × rating (kept in tally shards,
as the services keep them) adding up to the receipts for each subject and criterion, paper
counts adding up to the ballots returned, the status changes, the office as teller."""

import datetime
import random
from collections import Counter

from django.contrib.auth.models import Permission
from django.utils import timezone

from evaluations.models import (
    Criterion,
    Entitlement,
    Evaluation,
    EvaluationStatusChange,
    EvaluationUserObjectPermission,
    OnlineTallyShard,
    PaperCount,
    PaperRound,
    Receipt,
    Subject,
)
from evaluations.models.scales import SCALE_RATINGS, Scale
from evaluations.tallies import tally_layout
from sessions.secret_ballot import masked_shares

from .delegates import GIVEN, SURNAMES
from .office import Plan, insert

BALLOTS = 50_000
POSTS = ["县委书记", "县委副书记、县长", "县委副书记", "县委常委、纪委书记", "县委常委、组织部部长",
         "县委常委、宣传部部长", "县委常委、政法委书记", "县委常委、常务副县长",
         "县委常委、统战部部长"]  # fmt: skip
CRITERIA = ["德", "能", "勤", "绩", "廉", "总体评价"]
# Weights of the scale's ratings (best first), then "don't know" when offered, then blank.
USUAL = {Scale.EXCELLENCE: [60, 30, 7, 1.5, 1.5], Scale.TRUST: [80, 15, 2, 2, 1]}
WEAK = {Scale.EXCELLENCE: [20, 35, 28, 14, 3], Scale.TRUST: [45, 30, 20, 3, 2]}
PAPER_EVERY = 5  # every fifth evaluation also counts a paper round


def build(plan: Plan) -> dict:
    rng = plan.rng
    office = plan.built["congress_office"]["office"][0]
    planned = []
    for term in plan.built["congress_sessions"]["terms"]:
        held_sessions = term["sessions"]
        # Confidence votes at the mid-term and the last session (the 5th and 10th of ten).
        confidence_at = {len(held_sessions) // 2, len(held_sessions)}
        members = [
            (rng.choice(SURNAMES) + rng.choice(GIVEN["male"]) + rng.choice(GIVEN["female"]), post)
            for post in POSTS
        ]
        for held in held_sessions:
            session = held["session"]
            planned.append(_evaluation(session, held, members, Evaluation.Kind.EVALUATION))
            if session.ordinal in confidence_at:
                planned.append(_evaluation(session, held, members, Evaluation.Kind.CONFIDENCE))
    for n, p in enumerate(planned):
        wanted = max(1, len(p["entitled"]) // 25) if n % PAPER_EVERY == 0 else 0
        p["paper"] = wanted if len(p["entitled"]) > wanted + 1 else 0
    _allocate(planned, plan.count(BALLOTS, minimum=len(planned)))

    evaluations = insert(Evaluation, (p["evaluation"] for p in planned))
    subjects = insert(Subject, (s for p in planned for s in p["subjects"]))
    criteria = insert(Criterion, (c for p in planned for c in p["criteria"]))
    del subjects, criteria  # the planned objects now have their keys
    insert(
        EvaluationStatusChange,
        (
            EvaluationStatusChange(
                evaluation=e, status_before=before, status_after=after, actor=office, at=at,
            )
            for e in evaluations
            for before, after, at in [
                (Evaluation.Status.DRAFT, Evaluation.Status.OPEN, e.opens_at),
                (Evaluation.Status.OPEN, Evaluation.Status.CLOSED, e.closes_at),
            ]
        ),
    )  # fmt: skip
    tally = Permission.objects.get(
        codename="tally_evaluation", content_type__app_label="evaluations"
    )
    insert(
        EvaluationUserObjectPermission,
        (
            EvaluationUserObjectPermission(user=office, permission=tally, content_object=e)
            for e in evaluations
        ),
    )
    entitlements, receipts, tallies, rounds, counts = [], [], [], [], []
    for n, p in enumerate(planned):
        evaluation = p["evaluation"]
        entitlements += [
            Entitlement(evaluation_id=evaluation.pk, delegate_id=d.pk) for d in p["entitled"]
        ]
        voters = rng.sample(p["entitled"], p["online"])
        receipts += [Receipt(evaluation_id=evaluation.pk, delegate_id=d.pk) for d in voters]
        tallies += _shards(n, p, _marks(rng, p, p["online"]))
        if p["paper"]:
            returned = p["paper"] - (1 if p["paper"] > 2 else 0)
            paper_round = PaperRound(
                evaluation=evaluation,
                number=1,
                issued=p["paper"],
                returned=returned,
                entered_by=office,
                entered_at=evaluation.closes_at - datetime.timedelta(minutes=30),
            )
            rounds.append(paper_round)
            counts += [
                PaperCount(round=paper_round, subject_id=s, criterion_id=c, rating=r, count=k)
                for (s, c, r), k in _marks(rng, p, returned).items()
            ]
    insert(Entitlement, entitlements, batch_size=5000)
    insert(Receipt, receipts, batch_size=5000)
    insert(OnlineTallyShard, tallies, batch_size=5000)
    insert(PaperRound, rounds)
    insert(PaperCount, counts, batch_size=5000)
    return {"evaluations": evaluations}


def _evaluation(session, held, members, kind):
    day = session.start_date
    confidence = kind == Evaluation.Kind.CONFIDENCE
    year = day.year - 1 if session.ordinal % 2 else day.year
    evaluation = Evaluation(
        session=session,
        title="县委委员信任度测评" if confidence else f"{year}年度县委领导班子和班子成员民主测评",
        kind=kind,
        scale=Scale.TRUST if confidence else Scale.EXCELLENCE,
        allow_dont_know=confidence,
        opens_at=_at(day, 15 if confidence else 14),
        closes_at=_at(day, 17),
        status=Evaluation.Status.CLOSED,
    )
    people = [(name, post, False) for name, post in members]
    if not confidence:
        people.insert(0, ("县委领导班子", "", True))
    return {
        "evaluation": evaluation,
        "subjects": [
            Subject(evaluation=evaluation, name=name, post=post, is_team=team, order=n)
            for n, (name, post, team) in enumerate(people, start=1)
        ],
        "criteria": [
            Criterion(evaluation=evaluation, name=name, order=n)
            for n, name in enumerate(["总体评价"] if confidence else CRITERIA, start=1)
        ],
        "entitled": held["present"],  # present at any sitting: the default when it opened
    }


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _allocate(planned, total):
    """Share `total` online ballots among the evaluations in proportion to the delegates
    entitled, leaving room for the paper ballots; never more than can vote."""
    room = [len(p["entitled"]) - p["paper"] for p in planned]
    share = min(1.0, total / max(1, sum(room)))
    online = [int(r * share) for r in room]
    left = min(total, sum(room)) - sum(online)
    n = 0
    while left > 0:
        if online[n % len(planned)] < room[n % len(planned)]:
            online[n % len(planned)] += 1
            left -= 1
        n += 1
    for p, count in zip(planned, online, strict=True):
        p["online"] = count


def _shards(n, p, marks) -> list[OnlineTallyShard]:
    """The evaluation's online counts as its tally shards would hold them (the services'
    layout, masked), the masks drawn from a generator of this evaluation's own so that the
    office stays the same run after run (these are no real ballots)."""
    evaluation = p["evaluation"]
    subjects, criteria = ([x.pk for x in p[part]] for part in ("subjects", "criteria"))
    vector = [marks[cell] for cell in tally_layout(evaluation, subjects, criteria)]
    shares = masked_shares(vector, draw=random.Random(f"large office masks {n}").randrange)
    return [
        OnlineTallyShard(evaluation=evaluation, shard=number, counts=share)
        for number, share in enumerate(shares)
    ]


def _marks(rng, p, ballots) -> dict[tuple, int]:
    """{(subject id, criterion id, rating): count} for each cell of the form; each subject
    and criterion's counts add up to the ballots (blanks included)."""
    evaluation = p["evaluation"]
    ratings = evaluation.tally_ratings()
    scale = Scale(evaluation.scale)
    weak = rng.choice(p["subjects"]) if rng.random() < 0.3 else None
    marks = {}
    for subject in p["subjects"]:
        weights = (WEAK if subject is weak else USUAL)[scale]
        if not evaluation.allow_dont_know:
            weights = weights[: len(SCALE_RATINGS[scale])] + weights[-1:]
        for criterion in p["criteria"]:
            given = Counter(rng.choices(ratings, weights, k=ballots))
            marks |= {(subject.pk, criterion.pk, r): given[r] for r in ratings}
    return marks
