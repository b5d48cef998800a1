"""Demo roster: the 13th Congress of Xieqiao Town, its electoral units, delegations and
about 120 delegates with Chinese names. Deterministic, and safe to run again."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext

from congress_office.demo import DemoLogin, demo_user
from congress_office.roles import Role

from . import demo_contacts, solicitation_demo
from .briefings import briefing_draft_save, briefing_mark_read, briefing_publish
from .models import (
    Activity,
    ActivityParticipation,
    Assessment,
    Award,
    Briefing,
    Delegate,
    Delegation,
    ElectoralUnit,
    NonVotingAttendee,
    QualificationEvent,
    Term,
)
from .services import (
    delegate_change_qualification,
    delegate_enter,
    delegate_link_user,
    delegation_set_leader,
    reception_days_schedule,
)

Kind = QualificationEvent.Kind
Presence = ActivityParticipation.Attendance

TERM_NAME = "中国共产党海宁市斜桥镇第十三次代表大会"

# (electoral unit, seats, delegation it belongs to)
ELECTORAL_UNITS = [
    ("镇机关党委", 16, "机关代表团"),
    ("镇属事业单位党总支", 14, "机关代表团"),
    ("斜桥村党委", 12, "农村第一代表团"),
    ("庆云村党委", 10, "农村第一代表团"),
    ("华丰村党委", 10, "农村第二代表团"),
    ("新光村党委", 10, "农村第二代表团"),
    ("榨菜园社区党总支", 12, "社区代表团"),
    ("镇教育卫生党总支", 14, "教育卫生代表团"),
    ("镇非公企业党委", 22, "企业代表团"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖沈姚钱陆金顾"
# Given-name characters by gender, so that a name reads as its delegate's gender.
GIVEN = {
    "male": "伟强磊军洋勇杰涛明超刚华建国志海春林文斌东宏建新正荣",
    "female": "芳敏静丽艳娟兰霞红燕玉萍晓丹秀英慧琳雪梅洁婷",
}
POSTS = {
    Delegate.Occupation.LEADING_CADRE: ("镇人民政府", ["副镇长", "党委委员", "办公室主任"]),
    Delegate.Occupation.PROFESSIONAL: ("斜桥镇中心小学", ["教师", "教导主任", "医生"]),
    Delegate.Occupation.ENTERPRISE: ("海宁市斜桥皮革有限公司", ["总经理", "党支部书记"]),
    Delegate.Occupation.FRONTLINE_WORKER: ("海宁市斜桥榨菜厂", ["车间主任", "技术工人"]),
    Delegate.Occupation.FARMER: ("村经济合作社", ["种植大户", "农机手", "村民小组长"]),
    Delegate.Occupation.OTHER: ("榨菜园社区居委会", ["社区工作者", "退休干部"]),
}


ELECTION_DAY = date(2022, 1, 8)
ELECTION_DECISION = "斜桥镇第十三次党代会选举结果公告"

# What happened during the term (the seed figures): 9 delegates terminated or suspended and
# 8 replacements by-elected in 3 electoral units. (unit index, seat index, change, date, reason)
CHANGES = [
    (2, 0, Kind.TERMINATED, date(2023, 3, 20), "调离本选举单位"),
    (2, 1, Kind.TERMINATED, date(2023, 3, 20), "调离本选举单位"),
    (2, 2, Kind.TERMINATED, date(2023, 6, 5), "退休"),
    (4, 0, Kind.TERMINATED, date(2023, 5, 10), "工作调动"),
    (4, 1, Kind.TERMINATED, date(2023, 9, 1), "去世"),
    (4, 2, Kind.RECALLED, date(2023, 11, 15), "受党纪处分，选举单位罢免"),
    (8, 0, Kind.TERMINATED, date(2024, 2, 1), "企业迁出本镇"),
    (8, 1, Kind.TERMINATED, date(2024, 2, 1), "离职"),
    (6, 0, Kind.SUSPENDED, date(2024, 4, 12), "接受组织调查"),
]
# (unit index, how many, date) of the by-elections that filled those vacancies.
BY_ELECTIONS = [(2, 3, date(2023, 12, 18)), (4, 3, date(2024, 3, 22)), (8, 2, date(2024, 5, 16))]
CONFIRMATION_DAY = date(2025, 1, 10)


def _term_end() -> date:
    """The term ends on 7 January 2027, or runs on a year from today when the demo is built
    later: the pages that consider only terms running today (the committee members' contacts,
    solicitations, pickers) would otherwise show a demo with nobody in it."""
    return max(date(2027, 1, 7), timezone.localdate() + timedelta(days=365))


def build() -> list[DemoLogin]:
    rng = random.Random(13)
    term, _ = Term.objects.update_or_create(
        name=TERM_NAME,
        defaults={
            "ordinal": 13,
            "level": Term.Level.TOWN,
            "start_date": ELECTION_DAY,
            "end_date": _term_end(),
            "seats": sum(seats for _, seats, _ in ELECTORAL_UNITS),
        },
    )
    office = get_user_model().objects.filter(username="office").first()
    names = _unique_names(rng, term.seats + sum(n for _, n, _ in BY_ELECTIONS))
    units, delegations, by_unit = [], {}, {}
    for unit_name, seats, delegation_name in ELECTORAL_UNITS:
        unit, _ = ElectoralUnit.objects.update_or_create(
            term=term, name=unit_name, defaults={"seats": seats}
        )
        units.append(unit)
        if delegation_name not in delegations:
            delegations[delegation_name], _ = Delegation.objects.get_or_create(
                term=term, name=delegation_name
            )
        delegation = delegations[delegation_name]
        by_unit[unit.pk] = [
            _delegate(rng, term, unit, delegation, names.pop(), Kind.ELECTED, ELECTION_DAY, office)
            for _seat in range(seats)
        ]

    for unit_index, seat, kind, day, reason in CHANGES:
        _change(by_unit[units[unit_index].pk][seat], kind, day, reason, office)
    for unit_index, count, day in BY_ELECTIONS:
        unit = units[unit_index]
        delegation = by_unit[unit.pk][-1].delegation
        for _n in range(count):
            newcomer = _delegate(
                rng, term, unit, delegation, names.pop(), Kind.BY_ELECTED, day, office
            )
            _change(newcomer, Kind.CONFIRMED, CONFIRMATION_DAY, "", office)

    for delegation in delegations.values():
        if delegation.leader_id is None:
            first = delegation.members.filter(status=Delegate.Status.ACTIVE).order_by("pk").first()
            delegation_set_leader(delegation=delegation, leader=first)

    # The demo delegate is an ordinary member of a rural delegation; the demo leader leads it.
    me = by_unit[units[3].pk][5]
    leader = Delegation.objects.select_related("leader").get(pk=me.delegation_id).leader
    logins = [_link(me, "delegate"), _link(leader, "leader", gettext("Delegation leader"))]

    _attendees(term)
    active = Delegate.objects.filter(term=term, status=Delegate.Status.ACTIVE)
    _between_sessions(rng, term, active, office, regulars=[me, leader])
    _briefings(rng, term, active, office, me)
    solicitation_demo.build(rng, term, active, office, me)
    logins += demo_contacts.build(term=term, office=office, me=me, link=_link)
    return logins


def _link(delegate, username, label=""):
    user, login = demo_user(
        username=username, role=Role.DELEGATE, first_name=delegate.name, label=label
    )
    for other in Delegate.objects.filter(term=delegate.term, user=user).exclude(pk=delegate.pk):
        delegate_link_user(delegate=other, user=None)
    delegate_link_user(delegate=delegate, user=user)
    return login


def _change(delegate, kind, day, reason, office):
    if not delegate.qualification_events.filter(kind=kind).exists():
        delegate_change_qualification(
            delegate=delegate,
            kind=kind,
            effective_date=day,
            reason=reason,
            decision_reference=f"斜桥镇党委〔{day.year}〕{day.month * 3 + day.day}号",
            recorded_by=office,
        )


ATTENDEES = [
    ("陆建新", "镇人大主席团", "主席", NonVotingAttendee.Category.PEOPLES_CONGRESS),
    ("钱海燕", "镇人民政府", "副镇长", NonVotingAttendee.Category.GOVERNMENT),
    ("顾文斌", "镇政协工作联络组", "组长", NonVotingAttendee.Category.CPPCC),
    ("沈国庆", "镇老干部协会", "会长", NonVotingAttendee.Category.RETIRED_CADRE),
    ("姚丽", "镇社会事业办公室", "主任", NonVotingAttendee.Category.DEPARTMENT),
]
DEMO_YEAR = 2025


def _attendees(term):
    for name, work_unit, post, category in ATTENDEES:
        NonVotingAttendee.objects.update_or_create(
            term=term, name=name, work_unit=work_unit, defaults={"post": post, "category": category}
        )


def _between_sessions(rng, term, active, office, regulars):
    """A year of work between sessions: reception days, an inspection, a training course;
    then the year's assessment and awards, which follow from it. The `regulars` (the demo
    accounts' delegates) take part in every activity, so their records are not empty."""
    reception_days_schedule(term=term, year=DEMO_YEAR, place="斜桥镇党群服务中心")
    others = [
        (Activity.Kind.INSPECTION, date(DEMO_YEAR, 11, 12), "全镇", "年度代表提案办理情况视察"),
        (Activity.Kind.TRAINING, date(DEMO_YEAR, 6, 18), "镇党校", "党代表履职能力培训"),
        (Activity.Kind.RESEARCH, date(DEMO_YEAR, 8, 6), "庆云村", "农村养老服务专题调研"),
    ]
    for kind, day, place, topic in others:
        Activity.objects.get_or_create(
            term=term, kind=kind, date=day, defaults={"place": place, "topic": topic}
        )
    delegates = list(active.order_by("pk"))
    if ActivityParticipation.objects.filter(activity__term=term).exists():
        return  # attendance was recorded on an earlier run
    participations = []
    for activity in term.activities.filter(date__year=DEMO_YEAR):
        size = 12 if activity.kind == Activity.Kind.RECEPTION_DAY else 40
        others = [d for d in delegates if d not in regulars]
        for delegate in regulars + rng.sample(others, size - len(regulars)):
            attendance = rng.choices(list(Presence), weights=[88, 8, 4])[0]
            contacted = rng.randint(3, 25) if activity.kind == Activity.Kind.RECEPTION_DAY else 0
            participations.append(
                ActivityParticipation(
                    activity=activity,
                    delegate=delegate,
                    attendance=attendance,
                    people_contacted=contacted if attendance == Presence.PRESENT else 0,
                )
            )
    ActivityParticipation.objects.bulk_create(participations)
    ratings = [Assessment.Rating.EXCELLENT] * 15 + [Assessment.Rating.COMPETENT] * 100
    for delegate, rating in zip(
        delegates, ratings + [Assessment.Rating.NOT_COMPETENT] * 5, strict=False
    ):
        Assessment.objects.get_or_create(
            delegate=delegate, year=DEMO_YEAR, defaults={"rating": rating, "assessed_by": office}
        )
    reference = f"斜桥镇党委〔{DEMO_YEAR + 1}〕3号"
    for delegate in delegates[:5]:
        Award.objects.get_or_create(
            term=term,
            year=DEMO_YEAR,
            kind=Award.Kind.EXCELLENT_DELEGATE,
            delegate=delegate,
            defaults={"decision_reference": reference},
        )
    best = term.delegations.order_by("name").first()
    Award.objects.get_or_create(
        term=term,
        year=DEMO_YEAR,
        kind=Award.Kind.ADVANCED_DELEGATION,
        delegation=best,
        defaults={"decision_reference": reference},
    )
    Award.objects.get_or_create(
        term=term,
        year=DEMO_YEAR,
        kind=Award.Kind.EXCELLENT_LEADER,
        delegate=best.leader,
        defaults={"decision_reference": reference},
    )


BRIEFINGS = [
    (
        f"{DEMO_YEAR}年下半年党代表工作情况通报",
        "各位党代表：\n\n下半年，全镇党代表共参加接待日活动12次，开展专题调研1次、视察1次，"
        "接待党员群众300余人次，提出意见建议46条，已全部交有关部门办理。\n\n"
        "请各位代表继续做好联系党员群众工作，按时参加每月21日的接待日活动。",
    ),
    (
        f"党代表通讯（{DEMO_YEAR + 1}年第1期）",
        "本期要目：一、镇党委关于年度代表提案办理情况的报告；二、农村养老服务专题调研成果；"
        "三、代表履职能力培训安排。\n\n请各位代表认真阅读，并结合本选举单位实际提出意见建议。",
    ),
]


def _briefings(rng, term, active, office, me):
    """Two briefings to every delegate of the term: the first read by about two thirds of
    them (the demo delegate among them), the second just out, read by a few (not by the demo
    delegate, so that their list shows one unread)."""
    delegates = list(active.order_by("pk"))
    others = [d for d in delegates if d.pk != me.pk]
    readers = [[me, *rng.sample(others, len(others) * 2 // 3)], rng.sample(others, 8)]
    for (title, body), read_by in zip(BRIEFINGS, readers, strict=True):
        briefing = Briefing.objects.filter(term=term, title=title).first()
        if briefing is None:
            briefing = briefing_draft_save(
                briefing=Briefing(term=term, title=title, body=body), saved_by=office
            )
        if not briefing.is_published:
            briefing = briefing_publish(briefing=briefing, published_by=office)
            for delegate in read_by:
                briefing_mark_read(briefing=briefing, delegate=delegate)


def _unique_names(rng, count):
    """`count` distinct (name, gender) pairs; about a third of the delegates are women."""
    names = {}
    while len(names) < count:
        gender = rng.choices(["male", "female"], weights=[68, 32], k=1)[0]
        given = "".join(rng.choice(GIVEN[gender]) for _ in range(rng.choice((1, 2, 2))))
        names.setdefault(rng.choice(SURNAMES) + given, gender)
    return sorted(names.items(), reverse=True)


def _delegate(rng, term, unit, delegation, name_and_gender, kind, day, office):
    """The delegate of that name, entered through the roster service the first time."""
    name, gender = name_and_gender
    occupation = rng.choices(list(POSTS), weights=[25, 20, 15, 15, 15, 10], k=1)[0]
    work_unit, posts = POSTS[occupation]
    fields = {
        "gender": gender,
        "ethnicity": rng.choices(["汉族", "回族", "畲族"], weights=[96, 2, 2], k=1)[0],
        "birth_date": date(rng.randint(1962, 1996), rng.randint(1, 12), rng.randint(1, 28)),
        "education": rng.choice(list(Delegate.Education)),
        "occupation": occupation,
        "work_unit": work_unit,
        "post": rng.choice(posts),
        "phone": f"139{rng.randint(10000000, 99999999)}",
        "electoral_unit": unit,
        "delegation": delegation,
    }
    existing = Delegate.objects.filter(term=term, name=name).first()
    if existing is not None:
        return existing
    return delegate_enter(
        term=term,
        kind=kind,
        effective_date=day,
        decision_reference=ELECTION_DECISION,
        recorded_by=office,
        name=name,
        **fields,
    )
