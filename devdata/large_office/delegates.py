"""The large office's roster: five terms of a county congress, 1,000 delegate records each at
scale 1. Everyone is elected on the term's first day; during the term a few are suspended
(half of them restored), terminated or recalled, and the first vacancies are filled by
by-elections in the same electoral unit. About a third of each term's delegates were
delegates of the term before and keep their account. Written as `delegate_enter` and
`delegate_change_qualification` would write it: the current status on the record and the
append-only history with the status before and after each change."""

import bisect
import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.utils.translation import gettext

from congress_office.roles import Role
from congress_office.workdays import add_months
from delegates.models import (
    Delegate,
    Delegation,
    DelegationUserObjectPermission,
    ElectoralUnit,
    NonVotingAttendee,
    QualificationEvent,
    Term,
)
from delegates.workflow import QUALIFICATION_WORKFLOW

from .office import Plan, add_users, insert, login

TERMS = 5
RECORDS_PER_TERM = 1000
COUNTY = "平湖县"
FIRST_ORDINAL = 11
S = Delegate.Status
K = QualificationEvent.Kind

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
GIVEN = {
    "male": "伟强磊军洋勇杰涛明超刚华建国志海春林文斌东宏新正荣平辉鹏飞俊峰波浩宇鑫亮成",
    "female": "芳敏静丽艳娟兰霞红燕玉萍晓丹秀英慧琳雪梅洁婷颖琴莉倩莹璐怡佳欣悦",
}
ETHNICITIES = (["汉族", "回族", "畲族", "满族", "土家族"], [94, 2, 2, 1, 1])
OCCUPATIONS = {
    Delegate.Occupation.LEADING_CADRE: (["县委办公室", "县人民政府", "乡镇党委"], ["主任", "书记"]),
    Delegate.Occupation.PROFESSIONAL: (["县人民医院", "县第一中学", "县农科所"], ["医生", "教师"]),
    Delegate.Occupation.ENTERPRISE: (["平湖纺织有限公司", "县农商银行"], ["总经理", "董事长"]),
    Delegate.Occupation.FRONTLINE_WORKER: (["平湖机械厂", "县供电公司"], ["技术工人", "班组长"]),
    Delegate.Occupation.FARMER: (["村经济合作社", "家庭农场"], ["种植大户", "村民小组长"]),
    Delegate.Occupation.OTHER: (["社区居委会", "县老干部局"], ["社区工作者", "退休干部"]),
}
OCCUPATION_WEIGHTS = [25, 20, 15, 15, 15, 10]
TOWNS = "城关 新埭 林埭 乍浦 独山 全塘 广陈 曹桥 黄姑 钟埭 当湖 新仓 虎啸 白马 金家 南桥 东湖 西湖"
TOWNS = TOWNS.split()
SECTORS = ["机关", "农村", "企业", "教育卫生", "社区", "两新组织"]
TERMINATION_REASONS = ["调离本选举单位", "退休", "工作调动", "去世", "辞去代表职务"]
RECALL_REASON = "受党纪处分，选举单位罢免"
SUSPENSION_REASON = "接受组织调查"
ATTENDEES = [
    ("县人大常委会", "主任", NonVotingAttendee.Category.PEOPLES_CONGRESS),
    ("县人民政府", "副县长", NonVotingAttendee.Category.GOVERNMENT),
    ("县政协", "主席", NonVotingAttendee.Category.CPPCC),
    ("县老干部局", "局长", NonVotingAttendee.Category.RETIRED_CADRE),
    ("县委组织部", "副部长", NonVotingAttendee.Category.DEPARTMENT),
    ("县委宣传部", "副部长", NonVotingAttendee.Category.PARTY_COMMITTEE),
]


def status_after(kind: str, before: str) -> str:
    """The status a change of qualification leaves a delegate in, by the roster's own table
    (`delegates.workflow`); a change the service would refuse is a mistake here."""
    if not QUALIFICATION_WORKFLOW.allows(before, kind):
        raise ValueError(f"A delegate who is {before} cannot be {kind}.")
    return QUALIFICATION_WORKFLOW.target(kind, before)


def chinese_number(n: int) -> str:
    """1 to 99 in Chinese numerals: 11 is 十一, 20 is 二十."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not tens:
        return digits[ones]
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"


@dataclass
class Person:
    name: str
    gender: str
    birth_date: datetime.date
    username: str
    user: object = None


@dataclass
class TermRoster:
    """A term and its roster as written, with each delegate's history for "on date D"."""

    term: Term
    units: list
    delegations: list
    delegates: list
    history: dict = field(default_factory=dict)  # delegate pk -> ([dates], [status after])
    # (delegate, by-election date) of the by-elected, to be confirmed at the next session.
    by_elected: list = field(default_factory=list)

    def status_on(self, delegate, day: datetime.date) -> str | None:
        """The status the roster's history gives on the day (the latest change on or before
        it, the last written among changes of the same day), None before the delegate entered."""
        dates, statuses = self.history[delegate.pk]
        n = bisect.bisect_right(dates, day)
        return statuses[n - 1] if n else None

    def active_on(self, day: datetime.date) -> list:
        return [d for d in self.delegates if self.status_on(d, day) == S.ACTIVE]


def term_dates(today: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """Five consecutive five-year terms; the current one began about four years and eight
    months ago, so its tenth half-yearly session is behind and it still runs a few months."""
    back = today - datetime.timedelta(days=1700)
    current = back.replace(day=1)
    starts = [add_months(current, -60 * (TERMS - 1 - n)) for n in range(TERMS)]
    return [(s, add_months(s, 60) - datetime.timedelta(days=1)) for s in starts]


def build(plan: Plan) -> dict:
    rng, office = plan.rng, plan.built["congress_office"]["office"][0]
    names = set()
    persons: list[Person] = []

    def new_person():
        while True:
            gender = rng.choices(["male", "female"], weights=[66, 34])[0]
            given = "".join(rng.choice(GIVEN[gender]) for _ in range(rng.choice((1, 2, 2))))
            name = rng.choice(SURNAMES) + given
            birth = datetime.date(rng.randint(1950, 1992), rng.randint(1, 12), rng.randint(1, 28))
            if (name, birth) not in names:
                names.add((name, birth))
                person = Person(name, gender, birth, f"d{len(persons) + 1:05d}")
                persons.append(person)
                return person

    # Plan every term in memory first (who sits where, what happens when), then write.
    plans, previous_stayers = [], []
    for t, (start, end) in enumerate(term_dates(plan.today)):
        plans.append(_plan_term(plan, t, start, end, previous_stayers, new_person))
        previous_stayers = plans[-1]["stayers"]
    current = plans[-1]
    current["seats"][current["delegate_seat"]]["person"].username = "delegate"
    current["seats"][current["leader_seats"][0]]["person"].username = "leader"

    accounts = add_users(
        [
            {
                "username": p.username,
                "first_name": p.name,
                "login": p.username in ("delegate", "leader"),
            }
            for p in persons
        ],
        Role.DELEGATE,
        plan.at(plan.today - datetime.timedelta(days=25 * 366)),
    )
    for person, user in zip(persons, accounts, strict=True):
        person.user = user
    rosters = [_write_term(plan, term_plan, office) for term_plan in plans]
    by_username = {p.username: p.user for p in persons}
    current = rosters[-1]
    return {
        "terms": rosters,
        # The demo delegate's record in the current term, for the apps above to give it work.
        "delegate": next(d for d in current.delegates if d.user == by_username["delegate"]),
        "logins": [
            login(by_username["delegate"], Role.DELEGATE.label),
            login(by_username["leader"], gettext("Delegation leader")),
        ],
    }


def _plan_term(plan, t, start, end, previous_stayers, new_person):
    rng = plan.rng
    records = plan.count(RECORDS_PER_TERM, minimum=12)
    by_elections = max(1, records // 40)
    seats = records - by_elections
    vacated = max(by_elections, records // 30)
    suspended = max(1, records // 100)
    n_units, n_delegations = plan.count(20, minimum=2), plan.count(10, minimum=2)
    limit = min(end, plan.today)

    again = rng.sample(previous_stayers, min(len(previous_stayers), seats * 35 // 100))
    people = again + [new_person() for _ in range(seats - len(again))]
    rng.shuffle(people)
    seat_rows = [
        {"person": person, "unit": n % n_units, "events": [(start, K.ELECTED, "", S.ACTIVE, "")]}
        for n, person in enumerate(people)
    ]
    # Leaders: the first seat of each delegation (a unit belongs to delegation unit % n);
    # they and the demo delegate go through the term unchanged.
    leader_seats = [
        next(n for n, seat in enumerate(seat_rows) if seat["unit"] % n_delegations == d)
        for d in range(n_delegations)
    ]
    re_elected = {id(p) for p in again}
    delegate_seat = next(
        (n for n, s in enumerate(seat_rows) if id(s["person"]) in re_elected),
        None,
    )
    if delegate_seat is None or delegate_seat in leader_seats:
        delegate_seat = next(n for n in range(len(seat_rows)) if n not in leader_seats)
    protected = set(leader_seats) | {delegate_seat}
    changeable = [n for n in range(len(seat_rows)) if n not in protected]
    chosen = rng.sample(changeable, vacated + suspended)

    def day_between(first, last):
        return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))

    leaving = []
    for n in chosen[:vacated]:
        day = day_between(start + datetime.timedelta(days=90), limit - datetime.timedelta(days=40))
        recalled = rng.random() < 1 / 6
        kind = K.RECALLED if recalled else K.TERMINATED
        reason = RECALL_REASON if recalled else rng.choice(TERMINATION_REASONS)
        seat_rows[n]["events"].append((day, kind, S.ACTIVE, status_after(kind, S.ACTIVE), reason))
        leaving.append((day, n))
    for n in chosen[vacated:]:
        day = day_between(start + datetime.timedelta(days=60), limit - datetime.timedelta(days=10))
        status = status_after(K.SUSPENDED, S.ACTIVE)
        seat_rows[n]["events"].append((day, K.SUSPENDED, S.ACTIVE, status, SUSPENSION_REASON))
        back = day + datetime.timedelta(days=rng.randint(60, 240))
        if rng.random() < 0.5 and back <= limit:
            seat_rows[n]["events"].append(
                (back, K.RESTORED, status, status_after(K.RESTORED, status), "")
            )
    # The earliest vacancies are filled by a by-election in the same electoral unit.
    newcomers = []
    for day, n in sorted(leaving)[:by_elections]:
        last = min(limit - datetime.timedelta(days=1), day + datetime.timedelta(days=150))
        elected = day_between(day + datetime.timedelta(days=20), last)
        elected = max(elected, day + datetime.timedelta(days=1))
        newcomers.append(
            {
                "person": new_person(),
                "unit": seat_rows[n]["unit"],
                "events": [(elected, K.BY_ELECTED, "", S.ACTIVE, "")],
            }
        )
    all_rows = seat_rows + newcomers
    return {
        "ordinal": FIRST_ORDINAL + t,
        "start": start,
        "end": end,
        "seat_count": seats,
        "n_units": n_units,
        "n_delegations": n_delegations,
        "unit_seats": [sum(1 for s in seat_rows if s["unit"] == u) for u in range(n_units)],
        "seats": all_rows,  # the elected, then the by-elected
        "leader_seats": leader_seats,
        "delegate_seat": delegate_seat,
        "stayers": [r["person"] for r in all_rows if r["events"][-1][3] == S.ACTIVE],
    }


def _write_term(plan, p, office) -> TermRoster:
    rng = plan.rng
    ordinal = chinese_number(p["ordinal"])
    term = Term.objects.create(
        name=f"中国共产党{COUNTY}第{ordinal}次代表大会",
        ordinal=p["ordinal"],
        level=Term.Level.COUNTY,
        start_date=p["start"],
        end_date=p["end"],
        seats=p["seat_count"],
    )
    towns = TOWNS * (p["n_units"] // len(TOWNS) + 1)
    units = insert(
        ElectoralUnit,
        (
            ElectoralUnit(
                term=term,
                name=f"{towns[u]}{'镇' if u < len(TOWNS) else f'{u // len(TOWNS) + 1}片'}选举单位",
                seats=p["unit_seats"][u],
            )
            for u in range(p["n_units"])
        ),
    )
    sectors = SECTORS * (p["n_delegations"] // len(SECTORS) + 1)
    delegations = insert(
        Delegation,
        (
            Delegation(term=term, name=f"第{chinese_number(d + 1)}代表团（{sectors[d]}）")
            for d in range(p["n_delegations"])
        ),
    )
    rows = p["seats"]
    delegates = []
    for row in rows:
        person = row["person"]
        occupation = rng.choices(list(OCCUPATIONS), weights=OCCUPATION_WEIGHTS)[0]
        work_units, posts = OCCUPATIONS[occupation]
        delegates.append(
            Delegate(
                term=term,
                name=person.name,
                gender=person.gender,
                ethnicity=rng.choices(*ETHNICITIES)[0],
                birth_date=person.birth_date,
                education=rng.choice(list(Delegate.Education)),
                occupation=occupation,
                work_unit=rng.choice(work_units),
                post=rng.choice(posts),
                phone=f"139{rng.randint(10000000, 99999999)}",
                electoral_unit=units[row["unit"]],
                delegation=delegations[row["unit"] % p["n_delegations"]],
                status=row["events"][-1][3],
                user=person.user,
            )
        )
    delegates = insert(Delegate, delegates)
    reference = f"{COUNTY}委〔{{year}}〕{{n}}号"
    events = []
    roster = TermRoster(term=term, units=units, delegations=delegations, delegates=delegates)
    for row, delegate in zip(rows, delegates, strict=True):
        for day, kind, before, after, reason in row["events"]:
            events.append(
                QualificationEvent(
                    delegate_id=delegate.pk,
                    kind=kind,
                    effective_date=day,
                    status_before=before,
                    status_after=after,
                    reason=reason,
                    decision_reference=reference.format(year=day.year, n=rng.randint(1, 200)),
                    actor_id=office.pk,
                    at=plan.at(day, 16),
                )
            )
        roster.history[delegate.pk] = (
            [e[0] for e in row["events"]],
            [e[3] for e in row["events"]],
        )
        if row["events"][0][1] == K.BY_ELECTED:
            roster.by_elected.append((delegate, row["events"][0][0]))
    insert(QualificationEvent, events)

    lead = Permission.objects.get(codename="lead_delegation", content_type__app_label="delegates")
    for delegation, seat in zip(delegations, p["leader_seats"], strict=True):
        delegation.leader = delegates[seat]
    Delegation.objects.bulk_update(delegations, ["leader"])
    insert(
        DelegationUserObjectPermission,
        (
            DelegationUserObjectPermission(
                user=delegates[seat].user, permission=lead, content_object=delegation
            )
            for delegation, seat in zip(delegations, p["leader_seats"], strict=True)
        ),
    )
    insert(
        NonVotingAttendee,
        (
            NonVotingAttendee(
                term=term,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN["male"]) + rng.choice(GIVEN["female"]),
                work_unit=work_unit,
                post=post,
                category=category,
            )
            for work_unit, post, category in ATTENDEES
        ),
    )
    return roster
