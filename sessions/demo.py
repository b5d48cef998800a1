"""Demo sessions: the closed 3rd session of the 13th Congress, reproducing the seed figures
(117 expected, 109 present, 4 agenda items, both work reports adopted), and the upcoming 5th.
Deterministic and safe to run again."""

import random
from datetime import date

from django.contrib.auth import get_user_model

from delegates.demo import TERM_NAME
from delegates.models import NonVotingAttendee, Term

from . import demo_bodies
from .models import (
    AgendaItem,
    Attendance,
    Committee,
    Resolution,
    Session,
    Sitting,
    VotingRule,
)
from .selectors import expected_delegates
from .services import (
    agenda_item_set_outcome,
    resolution_add_version,
    session_advance,
    vote_record,
)

PRESENT = 109
Part = Sitting.Part
REPORTS = [
    ("中国共产党海宁市斜桥镇第十三届委员会工作报告", "镇党委书记 沈建华"),
    ("中国共产党海宁市斜桥镇纪律检查委员会工作报告", "镇纪委书记 王丽"),
]


def build():
    term = Term.objects.get(name=TERM_NAME)
    office = get_user_model().objects.filter(username="office").first()
    demo_bodies.build(term)
    _closed_session(term, office)
    _upcoming_session(term)
    demo_bodies.build_election(term)
    return []


def _closed_session(term, office):
    session, created = Session.objects.get_or_create(
        term=term,
        ordinal=3,
        defaults={
            "name": "中国共产党海宁市斜桥镇第十三次代表大会第三次会议",
            "start_date": date(2024, 1, 6),
            "end_date": date(2024, 1, 6),
            "venue": "斜桥镇党群服务中心大会堂",
        },
    )
    if not created:
        return session
    session.invited_attendees.set(NonVotingAttendee.objects.filter(term=term))
    morning = Sitting.objects.create(session=session, date=session.start_date, part=Part.MORNING)
    expected = list(expected_delegates(session).order_by("pk"))
    session.presidium.set(expected[:11])
    session.secretary_general = expected[1]
    session.save(update_fields=["secretary_general"])
    committee = Committee.objects.create(
        session=session, kind=Committee.Kind.QUALIFICATION_REVIEW, chair=expected[2]
    )
    committee.members.set(expected[2:9])
    items = [
        AgendaItem.objects.create(
            session=session,
            order=n,
            kind=AgendaItem.Kind.REPORT,
            title=f"听取和审议{title}",
            presenter=presenter,
        )
        for n, (title, presenter) in enumerate(REPORTS, start=1)
    ]
    items.append(
        AgendaItem.objects.create(
            session=session,
            order=3,
            kind=AgendaItem.Kind.REPORT,
            title="审查镇党委关于党费收缴、使用和管理情况的报告",
            delivery=AgendaItem.Delivery.WRITTEN,
            outcome=AgendaItem.Outcome.DONE,
        )
    )
    items.append(
        AgendaItem.objects.create(
            session=session,
            order=4,
            kind=AgendaItem.Kind.PROPOSALS_REPORT,
            title="听取关于代表提案办理情况的报告",
            presenter="镇党代表联络办公室",
            outcome=AgendaItem.Outcome.DONE,
        )
    )
    session_advance(session=session, changed_by=office)
    session_advance(session=session, changed_by=office)
    rng = random.Random(3)
    absent = set(rng.sample(range(len(expected)), len(expected) - PRESENT))
    Attendance.objects.bulk_create(
        Attendance(
            sitting=morning,
            delegate=delegate,
            status=Attendance.Status.ABSENT
            if n in absent and n % 3 == 0
            else (Attendance.Status.ON_LEAVE if n in absent else Attendance.Status.PRESENT),
            method=Attendance.Method.LIST,
            recorded_by=office,
        )
        for n, delegate in enumerate(expected)
    )
    for item, (title, _presenter) in zip(items[:2], REPORTS, strict=True):
        resolution = Resolution.objects.create(
            session=session, agenda_item=item, title=f"关于{title}的决议"
        )
        resolution_add_version(
            resolution=resolution,
            text=f"大会同意{title}，决定批准这个报告。大会号召全镇各级党组织和广大党员，"
            "团结一心，奋发进取，为建设共同富裕示范镇而努力奋斗。",
            note="草案",
            created_by=office,
        )
        vote_record(
            session=session,
            sitting=morning,
            matter=VotingRule.Matter.RESOLUTION,
            subject=resolution.title,
            votes_for=PRESENT - 2,
            votes_against=0,
            abstentions=2,
            agenda_item=item,
            resolution=resolution,
            recorded_by=office,
        )
    for item in items[2:]:
        agenda_item_set_outcome(item=item, outcome=AgendaItem.Outcome.DONE, changed_by=office)
    demo_bodies.hold_by_election(session, morning, office)
    session_advance(session=session, changed_by=office)
    return session


def _upcoming_session(term):
    session, created = Session.objects.get_or_create(
        term=term,
        ordinal=5,
        defaults={
            "name": "中国共产党海宁市斜桥镇第十三次代表大会第五次会议",
            "start_date": date(2026, 12, 18),
            "end_date": date(2026, 12, 19),
            "venue": "斜桥镇党群服务中心大会堂",
        },
    )
    if created:
        Sitting.objects.create(session=session, date=date(2026, 12, 18), part=Part.MORNING)
        Sitting.objects.create(session=session, date=date(2026, 12, 18), part=Part.AFTERNOON)
        Sitting.objects.create(session=session, date=date(2026, 12, 19), part=Part.MORNING)
        for n, (title, presenter) in enumerate(REPORTS, start=1):
            AgendaItem.objects.create(
                session=session,
                order=n,
                kind=AgendaItem.Kind.REPORT,
                title=f"听取和审议{title}",
                presenter=presenter,
            )
        AgendaItem.objects.create(
            session=session,
            order=3,
            kind=AgendaItem.Kind.EVALUATION,
            title="对镇党委领导班子及其成员进行民主测评",
        )
        session.invited_attendees.set(NonVotingAttendee.objects.filter(term=term))
    return session
