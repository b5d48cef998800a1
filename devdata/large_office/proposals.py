"""The large office's proposals: 200 handling units with their staff and 20,000 items over the
five terms at scale 1, each with its whole history, played forward from the day it was filed
to `plan.today` under the office's rules (ProposalRules) and the working-day calendar:
co-signatures, review (withdrawn, declined, merged, accepted, converted), routing to a lead and
co-handling units, a unit sending an item back, extensions asked and granted or refused, the
co-handling units' views, the lead unit's reply (A, B or C, on time or late), the delegate's
rating, a new round after a dissatisfied rating, the tracked B items' second reply, and the
daily reminder sweep's deliveries (one per assignment, milestone and deadline reached while
the assignment was open). Items still under way on `plan.today` stay in their status.

The rules are the proposals app's: every move is checked against its workflow's table
(`PROPOSAL_WORKFLOW`), numbers are spelled by proposals/numbering.py, the assignments'
deadlines come from proposals/deadlines.py, and the handling facts that `_refresh_handling`
keeps (`Assignment.is_open`, `Proposal.lead_deadline`, `lead_unit`) are decided by
proposals/facts.py; the other facts (`first_result` ... `latest_rating`) follow from the
story, and the statistics' counts are rebuilt from them (`tally_rebuild`). Notifications are
not written: the office would have read them."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.utils.translation import gettext

from congress_office.roles import Role
from congress_office.workdays import Calendar, add_months
from delegates.models import Delegate
from proposals.deadlines import amber_from, assignment_deadlines
from proposals.facts import AssignmentRow, handling_facts
from proposals.models import (
    Assignment,
    CoSignature,
    Feedback,
    HandlingUnit,
    HandlingUnitUserObjectPermission,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    ProposalRules,
    ReminderDelivery,
    Reply,
)
from proposals.numbering import proposal_number
from proposals.tally import tally_rebuild
from proposals.workflow import PROPOSAL_WORKFLOW

from .delegates import GIVEN, SURNAMES, TOWNS
from .office import Plan, add_users, insert, login

ITEMS = 20_000
UNITS = 200
CHUNK = 2000  # items written at a time
S = Proposal.Status
K = Proposal.Kind
A = ProposalEvent.Action
C = CoSignature.Status
R = Reply.Result
LEAD, CO = Assignment.Role.LEAD, Assignment.Role.CO
M = ReminderDelivery.Milestone
DAY = datetime.timedelta(days=1)

DEPARTMENTS = [
    "县委办公室",
    "县人大常委会办公室",
    "县政府办公室",
    "县政协办公室",
    "县纪委监委",
    "县委组织部",
    "县委宣传部",
    "县委统战部",
    "县委政法委",
    "县委编办",
    "县发展和改革局",
    "县经济和信息化局",
    "县教育局",
    "县科学技术局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源和规划局",
    "县生态环境分局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水利局",
    "县农业农村局",
    "县商务局",
    "县文化和广电旅游体育局",
    "县卫生健康局",
    "县退役军人事务局",
    "县应急管理局",
    "县审计局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县综合行政执法局",
    "县信访局",
    "县数据资源管理局",
    "县机关事务管理中心",
    "县供销合作社",
    "县总工会",
    "团县委",
    "县妇联",
    "县科协",
    "县残联",
    "县红十字会",
    "县税务局",
    "县供电公司",
    "县自来水公司",
    "县人民医院",
    "县中医院",
    "县疾病预防控制中心",
    "县融媒体中心",
    "县城市管理局",
    "县粮食和物资储备局",
    "县林业局",
    "县气象局",
    "县消防救援大队",
    "县邮政分公司",
    "县烟草专卖局",
    "县档案馆",
]
TOWN_OFFICES = ["人民政府", "党委", "社会事务办公室", "经济发展办公室", "农业农村办公室",
                "城乡建设办公室", "综合治理办公室", "财政所"]  # fmt: skip
# (category, topics)
CATEGORIES = [
    ("党的建设", ["加强农村基层党组织建设", "规范党员发展工作", "提高党代表履职能力"]),
    ("经济发展", ["扶持小微企业发展", "建设特色产业园区", "优化营商环境"]),
    ("教育", ["为中小学配备多媒体教学设备", "新建公办幼儿园", "改善乡村教师待遇"]),
    ("医疗卫生", ["建设乡镇卫生院", "配备全科医生", "推进家庭医生签约服务"]),
    ("生态环境", ["整治河道污染", "推进垃圾分类", "保护饮用水源地"]),
    ("社会保障", ["建设居家养老服务中心", "提高低保标准", "完善残疾人帮扶机制"]),
    ("城乡建设", ["改造老旧小区", "修缮农村道路", "增设公交线路"]),
    ("其他", ["加强消防安全宣传", "丰富群众文化生活", "规范农贸市场管理"]),
]
SEND_BACK_REASONS = ["该事项不属于本单位职责范围", "该事项由县级其他部门主管"]
EXTENSION_REASONS = ["需会同多个部门实地调研", "涉及资金需纳入下年度预算"]
DECLINE_REASONS = ["属于个人诉求，不宜作为建议办理", "所提事项已有明确政策规定"]
REPLY_TEXTS = {
    R.A: "经研究，所提建议已采纳并落实，相关工作已完成。",
    R.B: "所提事项已列入工作计划，正在推进中，预计年内完成。",
    R.C: "受政策和资金条件限制，暂时难以解决，留作参考，待条件成熟时统筹考虑。",
}
VIEW_TEXT = "我单位同意主办单位的处理意见，并将积极配合。"


@dataclass(eq=False)
class Handling:
    """One assignment as it happened."""

    unit: HandlingUnit
    role: str
    round: int
    assigned_at: datetime.datetime
    assigned_on: datetime.date
    deadline: datetime.date
    send_back_until: datetime.date
    responsible_person: str = ""
    sent_back_at: datetime.datetime | None = None
    send_back_reason: str = ""
    extension_until: datetime.date | None = None
    extension_reason: str = ""
    time_given_from: datetime.date | None = None  # an extension's day; else assigned_on
    amber_on: datetime.date | None = None  # worked out when written (deadlines.amber_from)
    # (deadline, first day, last day) while the item was being handled under that deadline
    periods: list = field(default_factory=list)
    # (result, text, follow_up, replied_by, replied_at, feedback or None)
    replies: list = field(default_factory=list)
    obj: Assignment | None = None


@dataclass(eq=False)
class Item:
    term: object
    author: object
    kind: str
    source: str
    session: object
    category: object
    title: str
    urgent: bool
    created: datetime.datetime
    filed: datetime.datetime
    status: str = S.DRAFT
    number: str = ""
    round: int = 1
    merged_into: "Item | None" = None
    submitted: bool = False
    accepted_at: datetime.datetime | None = None
    left_handling_at: datetime.datetime | None = None  # when it was last merge-able
    cosignatures: list = field(default_factory=list)  # (delegate, status, answered_at)
    events: list = field(default_factory=list)  # (action, before, after, note, actor, at)
    handlings: list = field(default_factory=list)
    first_result: str = ""
    first_reply_on_time: bool | None = None
    first_round_rating: str = ""
    latest_rating: str = ""
    obj: Proposal | None = None

    def move(self, status, action, at, actor, note=""):
        """A step of the workflow, as the services would take it: refused when the table
        (proposals/workflow.py) does not allow it, so no history the services would refuse is
        ever written."""
        PROPOSAL_WORKFLOW.require(self.status, action)
        PROPOSAL_WORKFLOW.check_target(action, self.status, status)
        self.events.append((action, self.status, status, note, actor, at))
        self.status = status

    def current(self):
        return [h for h in self.handlings if h.round == self.round and h.sent_back_at is None]


def build(plan: Plan) -> dict:
    office = plan.built["congress_office"]["office"]
    rosters = plan.built["delegates"]["terms"]
    sessions = {s["term"].pk: s["sessions"] for s in plan.built["congress_sessions"]["terms"]}
    rules = ProposalRules.current()
    categories = insert(
        ProposalCategory,
        (ProposalCategory(name=name, order=n) for n, (name, _topics) in enumerate(CATEGORIES)),
    )
    units, staff, logins = _units(plan)
    calendar = Calendar(rosters[0].term.start_date, plan.today + datetime.timedelta(days=400))
    world = World(plan, rules, calendar, office, categories, units, staff)
    items = []
    per_term = plan.count(ITEMS, minimum=20) // len(rosters)
    for roster in rosters:
        items += world.file_items(roster, sessions[roster.term.pk], per_term)
    for item in items:
        world.play(item)
    _number(items)
    for start in range(0, len(items), CHUNK):
        _write(plan, items[start : start + CHUNK], rules)
    merged = [item for item in items if item.merged_into is not None]
    for item in merged:
        item.obj.merged_into = item.merged_into.obj
    Proposal.objects.bulk_update([item.obj for item in merged], ["merged_into"], batch_size=500)
    tally_rebuild()
    return {"units": units, "staff": staff, "logins": logins}


def _units(plan):
    names = list(DEPARTMENTS)
    names += [f"{town}镇{office}" for office in TOWN_OFFICES for town in TOWNS]
    count = plan.count(UNITS, minimum=4)
    names += [f"县属单位{n:03d}" for n in range(len(names), count)]
    units = insert(HandlingUnit, (HandlingUnit(name=name) for name in names[:count]))
    rng, rows, owners = plan.rng, [], []
    for n, unit in enumerate(units):
        for k in range(rng.choice((1, 2, 2, 3))):
            first = not (n or k)
            rows.append(
                {
                    "username": "unit" if first else f"u{n + 1:03d}-{k + 1}",
                    "first_name": rng.choice(SURNAMES) + rng.choice(GIVEN["female"]),
                    "last_name": "",
                    "login": first,
                }
            )
            owners.append(unit)
    users = add_users(rows, Role.UNIT_STAFF, plan.at(plan.today - datetime.timedelta(days=9000)))
    work = Permission.objects.get(codename="work_for_unit", content_type__app_label="proposals")
    insert(
        HandlingUnitUserObjectPermission,
        (
            HandlingUnitUserObjectPermission(user=user, permission=work, content_object=unit)
            for user, unit in zip(users, owners, strict=True)
        ),
    )
    staff = {}
    for user, unit in zip(users, owners, strict=True):
        staff.setdefault(unit.pk, []).append(user)
    return units, staff, [login(users[0], Role.UNIT_STAFF.label)]


class World:
    """The office, its units and its delegates, playing each item forward to `plan.today`."""

    def __init__(self, plan, rules, calendar, office, categories, units, staff):
        self.plan, self.rng, self.rules, self.calendar = plan, plan.rng, rules, calendar
        self.office, self.categories, self.units, self.staff = office, categories, units, staff
        self.now = plan.at(plan.today, 18)
        self.by_category = [units[n :: len(categories)] or units for n in range(len(categories))]
        self.accepted = {}  # term pk -> items accepted so far, for merging into
        self.demo_delegate = plan.built["delegates"]["delegate"]

    # --- moments ---------------------------------------------------------------------------

    def later(self, moment, low, high):
        """A working day `low` to `high` days after the moment, in office hours."""
        day = self.calendar.next_working_day(
            moment.date() + datetime.timedelta(days=self.rng.randint(low, high))
        )
        return self.plan.office_hours(day)

    def clerk(self):
        return self.rng.choice(self.office)

    # --- filing ----------------------------------------------------------------------------

    def file_items(self, roster, sessions, count):
        rng, plan, term = self.rng, self.plan, roster.term
        last = min(term.end_date, plan.today)
        held = [s for s in sessions if s["session"].start_date <= last]
        mine = self.demo_delegate.term_id == term.pk
        items = []
        for _n in range(count):
            at_session = held and rng.random() < 0.4
            if at_session:
                session = rng.choice(held)["session"]
                day = rng.choice([session.start_date, session.end_date])
            else:
                session = None
                span = (last - term.start_date).days - 7
                day = self.calendar.next_working_day(
                    term.start_date + datetime.timedelta(days=7 + rng.randrange(span))
                )
                if day > last:
                    day = last
                # Filed on a day a session sits: filed during it (proposal_submit's rule).
                session = next(
                    (
                        s["session"]
                        for s in held
                        if s["session"].start_date <= day <= s["session"].end_date
                    ),
                    None,
                )
            filed = plan.office_hours(day)
            author = self.active(roster, day)
            if mine and _n % (count // 8 or 1) == 0:
                author = self.demo_delegate  # so that the demo login has items in every state
            # Inquiries are not part of the large office's story (the kinds it weighs).
            kinds = [K.PROPOSAL, K.SUGGESTION, K.OPINION]
            if at_session:
                kind = rng.choices(kinds, weights=[45, 50, 5])[0]
            else:
                kind = rng.choices(kinds, weights=[20, 60, 20])[0]
            source = Proposal.Source.DELEGATE
            if kind == Proposal.Kind.OPINION and rng.random() < 0.5:
                source = Proposal.Source.RECEPTION_DAY
            n = rng.randrange(len(CATEGORIES))
            name, topics = CATEGORIES[n]
            word = {K.PROPOSAL: "提案", K.SUGGESTION: "建议", K.OPINION: "意见"}[kind]
            items.append(
                Item(
                    term=term,
                    author=author,
                    kind=kind,
                    source=source,
                    session=session,
                    category=self.categories[n],
                    title=f"关于{rng.choice(TOWNS)}{rng.choice(topics)}的{word}",
                    urgent=rng.random() < 0.04,
                    created=filed - datetime.timedelta(minutes=rng.randint(30, 3 * 24 * 60)),
                    filed=filed,
                )
            )
            items[-1].roster = roster
        items.sort(key=lambda item: item.filed)
        return items

    def active(self, roster, day):
        """A delegate of the roster active on the day (the roster's history says so)."""
        while True:
            delegate = self.rng.choice(roster.delegates)
            if roster.status_on(delegate, day) == Delegate.Status.ACTIVE:
                return delegate

    def cosigners(self, item, confirmed, declined=0, invited=0) -> int:
        """Ask delegates active on the day to co-sign (cosigners_invite); returns how many
        confirmed (fewer than asked when the term has not enough delegates)."""
        roster, day = item.roster, item.filed.date()
        wanted = confirmed + declined + invited
        pool = self.rng.sample(roster.delegates, min(len(roster.delegates), 2 * wanted + 5))
        pool = [
            d
            for d in pool
            if d != item.author and roster.status_on(d, day) == Delegate.Status.ACTIVE
        ]
        confirmed = min(confirmed, len(pool))
        statuses = [C.CONFIRMED] * confirmed + [C.DECLINED] * declined + [C.INVITED] * invited
        for delegate, status in zip(pool, statuses, strict=False):
            answered = None
            if status != C.INVITED:
                answered = item.filed - datetime.timedelta(minutes=self.rng.randint(10, 4000))
            item.cosignatures.append((delegate, status, answered))
        return confirmed

    # --- playing an item forward ----------------------------------------------------------

    def play(self, item):
        rng, rules = self.rng, self.rules
        needed = rules.cosigners_needed(during_session=item.session is not None)
        recent = item.filed.date() >= self.plan.today - datetime.timedelta(days=20)
        if item.source == Proposal.Source.RECEPTION_DAY:
            item.created, item.submitted = item.filed, True
            item.move(S.SUBMITTED, A.LOGGED, item.filed, self.clerk())
        elif recent and rng.random() < 0.3:
            # Still a draft: co-signers asked, some answered.
            if item.kind == Proposal.Kind.PROPOSAL:
                self.cosigners(item, rng.randint(0, needed), invited=rng.randint(1, 4))
            return
        else:
            note = ""
            if item.kind == Proposal.Kind.PROPOSAL:
                enough = rng.random() < 0.92
                confirmed = needed + rng.randint(0, 3) if enough else rng.randint(0, needed - 1)
                confirmed = self.cosigners(item, confirmed, declined=rng.choice((0, 0, 1, 2)))
                if confirmed < needed:
                    item.kind = Proposal.Kind.SUGGESTION
                    note = gettext(
                        "Submitted as a suggestion: %(confirmed)s of %(needed)s co-signers."
                    ) % {"confirmed": confirmed, "needed": needed}
            elif rng.random() < 0.3:
                self.cosigners(item, rng.randint(1, 3))
            item.submitted = True
            item.move(S.SUBMITTED, A.SUBMITTED, item.filed, item.author.user, note)
        self.review(item)

    def review(self, item):
        rng = self.rng
        if rng.random() < 0.02:
            at = self.later(item.filed, 1, 5)
            if at <= self.now:
                item.move(S.WITHDRAWN, A.WITHDRAWN, at, item.author.user)
                return
        at = self.later(item.filed, 3, 20) if item.session else self.later(item.filed, 2, 10)
        if at > self.now:
            return
        fate = rng.random()
        if fate < 0.05:
            item.move(S.DECLINED, A.DECLINED, at, self.clerk(), rng.choice(DECLINE_REASONS))
            return
        if fate < 0.08:
            into = self.merge_target(item, at)
            if into is not None:
                item.merged_into = into
                item.move(S.MERGED, A.MERGED, at, self.clerk(), into)  # the note: str(into)
                return
        action = A.ACCEPTED
        if item.kind == Proposal.Kind.PROPOSAL and rng.random() < 0.05:
            item.kind, action = Proposal.Kind.SUGGESTION, A.CONVERTED
        item.accepted_at = at
        item.move(S.ACCEPTED, action, at, self.clerk())
        self.accepted.setdefault(item.term.pk, []).append(item)
        routed = self.later(at, 1, 7)
        if routed <= self.now:
            lead = self.lead_for(item)
            others = [u for u in self.units if u is not lead]
            co = self.rng.sample(
                others, min(len(others), rng.choices(range(5), [15, 30, 25, 17, 13])[0])
            )
            self.route(item, lead, co, routed, self.clerk())
        if item.left_handling_at is None:
            item.left_handling_at = self.now + DAY

    def merge_target(self, item, at):
        """An item of the term accepted before `at` and not yet replied to then."""
        candidates = self.accepted.get(item.term.pk, [])
        for into in reversed(candidates[-200:]):
            left = into.left_handling_at or self.now + DAY
            if into.accepted_at < at < left and self.rng.random() < 0.3:
                return into
        return None

    def lead_for(self, item):
        if self.rng.random() < 0.85:
            return self.rng.choice(self.by_category[self.categories.index(item.category)])
        return self.rng.choice(self.units)

    def responsible(self):
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN["male"]) + "科长"

    def route(self, item, lead, co, at, actor, responsible=None, sent_back_before=False):
        """Route to the lead and co-handling units (proposal_route) and play the round."""
        on = at.date()
        co = [unit for unit in co if unit is not lead]
        handlings = []
        for unit, role in [(lead, LEAD)] + [(u, CO) for u in co]:
            deadline, send_back_until = assignment_deadlines(
                self.rules, role=role, urgent=item.urgent, on=on, calendar=self.calendar
            )
            handlings.append(
                Handling(
                    unit=unit,
                    role=role,
                    round=item.round,
                    assigned_at=at,
                    assigned_on=on,
                    deadline=deadline,
                    send_back_until=send_back_until,
                    responsible_person=(responsible or self.responsible()) if role == LEAD else "",
                )
            )
        item.handlings += handlings
        item.move(S.ASSIGNED, A.ROUTED, at, actor, ", ".join(h.unit.name for h in handlings))
        self.handle(item, handlings, sent_back_before)

    def handle(self, item, handlings, sent_back_before):
        """The round while the item is with the units: sent back, extended, viewed, replied."""
        rng, now = self.rng, self.now
        lead, co = handlings[0], handlings[1:]
        start = lead.assigned_at
        if item.round == 1 and not sent_back_before and rng.random() < 0.03:
            at = self.later(start, 1, 4)
            if at.date() <= lead.send_back_until and at <= now:
                reason = rng.choice(SEND_BACK_REASONS)
                for h in handlings:
                    h.sent_back_at, h.send_back_reason = at, reason
                    h.periods.append((h.deadline, h.assigned_on, at.date()))
                item.move(
                    S.ACCEPTED, A.SENT_BACK, at, self.staff_of(lead), f"{lead.unit}: {reason}"
                )
                again = self.later(at, 1, 5)
                if again <= now:
                    others = [u for u in self.units if u is not lead.unit]
                    new_lead = self.lead_for(item)
                    if new_lead is lead.unit:
                        new_lead = rng.choice(others)
                    self.route(
                        item, new_lead, [h.unit for h in co], again, self.clerk(),
                        sent_back_before=True,
                    )  # fmt: skip
                return
        days = (lead.deadline - lead.assigned_on).days
        chance = rng.random()
        if chance < 0.70:
            delay = rng.randint(min(10, days - 8), days - 8)
        elif chance < 0.85:
            delay = rng.randint(days - 7, days)
        else:
            delay = rng.randint(days + 1, days + 40)
        reply_day = self.calendar.next_working_day(
            lead.assigned_on + datetime.timedelta(days=delay)
        )
        reply_at = self.plan.office_hours(reply_day)
        deadlines = [(lead.deadline, lead.assigned_on)]  # (deadline, from)
        if not item.urgent and delay > days - 10 and rng.random() < 0.3:
            reply_at = self.extension(item, lead, deadlines, reply_at)
        ended = min(reply_at, now)
        for h in co:  # co-handling units' views, while the item is with the units
            viewed = self.later(start, 5, 35)
            if viewed < ended:
                result = rng.choices(list(R), [45, 35, 20])[0]
                h.replies.append((result, VIEW_TEXT, False, self.staff_of(h), viewed, None))
        end_day = ended.date()
        for h in co:
            h.periods.append((h.deadline, h.assigned_on, end_day))
        for (deadline, begun), (_next, until) in zip(
            deadlines, deadlines[1:] + [(None, end_day)], strict=True
        ):
            lead.periods.append((deadline, begun, until))
        if reply_at > now:
            return
        self.reply(item, lead, reply_at)

    def extension(self, item, lead, deadlines, reply_at):
        """The lead unit asks for more time; the office grants it or refuses."""
        rng, now = self.rng, self.now
        asked = self.plan.office_hours(
            self.calendar.next_working_day(
                lead.deadline - datetime.timedelta(days=rng.randint(3, 10))
            )
        )
        if not lead.assigned_at < asked < reply_at or asked > now:
            return reply_at
        longest = add_months(lead.assigned_on, self.rules.longest_extension_months)
        until = min(add_months(lead.deadline, 1), longest)
        if until <= lead.deadline:
            return reply_at
        reason = rng.choice(EXTENSION_REASONS)
        lead.extension_until, lead.extension_reason = until, reason
        item.move(S.ASSIGNED, A.EXTENSION_ASKED, asked, self.staff_of(lead), f"{until}: {reason}")
        decided = self.later(asked, 1, 3)
        if decided > now:
            return max(reply_at, now + DAY)  # still waiting for the office
        grant = rng.random() < 0.8
        lead.extension_until, lead.extension_reason = None, ""
        action = A.EXTENSION_GRANTED if grant else A.EXTENSION_REFUSED
        item.move(S.ASSIGNED, action, decided, self.clerk(), str(until))
        if grant:
            lead.deadline, lead.time_given_from = until, decided.date()
            deadlines.append((until, decided.date()))
            # With more time, the reply comes before the new deadline, mostly.
            days = (until - decided.date()).days
            reply_day = decided.date() + datetime.timedelta(days=rng.randint(1, max(1, days + 5)))
            return self.plan.office_hours(self.calendar.next_working_day(reply_day))
        return max(reply_at, decided + DAY)

    def staff_of(self, handling):
        return self.staff[handling.unit.pk][0]

    def reply(self, item, lead, at):
        """The lead unit's reply (reply_submit), then the delegate's rating."""
        rng = self.rng
        result = rng.choices(list(R), [45, 35, 20] if item.round == 1 else [50, 30, 20])[0]
        text = REPLY_TEXTS[result]
        if not item.first_result:
            item.first_result = result
            item.first_reply_on_time = at.date() <= lead.deadline
        item.left_handling_at = item.left_handling_at or at
        reply = [result, text, False, self.staff_of(lead), at, None]
        lead.replies.append(reply)
        item.move(S.REPLIED, A.REPLIED, at, self.staff_of(lead), R(result).label)
        rated = self.later(at, 2, 25)
        if rated > self.now:
            return
        weights = {1: [68, 22, 10], 2: [75, 20, 5]}.get(item.round, [80, 20, 0])
        overall = rng.choices(list(Feedback.Rating), weights)[0]
        comment = "希望进一步抓好落实。" if overall == Feedback.Rating.DISSATISFIED else ""
        reply[5] = (overall, comment, rated)
        item.latest_rating = overall
        if item.round == 1:
            item.first_round_rating = overall
        user = item.author.user
        if overall == Feedback.Rating.DISSATISFIED:
            current = item.current()
            item.round += 1
            item.move(S.ACCEPTED, A.REHANDLING, rated, user, comment)
            self.route(
                item,
                next(h.unit for h in current if h.role == LEAD),
                [h.unit for h in current if h.role == CO],
                rated,
                user,
                responsible=current[0].responsible_person,
            )
        elif result == R.B:
            item.move(S.TRACKING, A.RATED, rated, user, Feedback.Rating(overall).label)
            solved = self.later(rated, 30, 360)
            if solved <= self.now:
                staff = self.staff_of(lead)
                lead.replies.append([R.A, REPLY_TEXTS[R.A], True, staff, solved, None])
                item.move(S.CLOSED, A.SOLVED, solved, staff)
        else:
            item.move(S.CLOSED, A.RATED, rated, user, Feedback.Rating(overall).label)


def _number(items):
    """Per term and year, in the order items were accepted (proposal_accept's numbering)."""
    accepted = sorted((i for i in items if i.accepted_at), key=lambda i: (i.term.pk, i.accepted_at))
    counters = {}
    for item in accepted:
        key = (item.term.pk, item.accepted_at.year)
        counters[key] = counters.get(key, 0) + 1
        item.number = proposal_number(item.accepted_at.year, counters[key])


def _write(plan, items, rules):
    for item in items:
        for h in item.handlings:  # extension_decide's and proposal_route's day of amber
            h.time_given_from = h.time_given_from or h.assigned_on
            h.amber_on = amber_from(h.time_given_from, h.deadline, rules.due_soon_share_percent)
        facts = handling_facts(
            status=item.status,
            round=item.round,
            assignments=[
                AssignmentRow(
                    h.role, h.round, h.sent_back_at is not None, h.deadline, h.unit.pk, h.amber_on
                )
                for h in item.handlings
            ],
        )
        for h, is_open in zip(item.handlings, facts.is_open, strict=True):
            h.is_open = is_open
        item.obj = Proposal(
            term_id=item.term.pk,
            session_id=item.session.pk if item.session else None,
            kind=item.kind,
            source=item.source,
            title=item.title,
            category_id=item.category.pk if item.accepted_at else None,
            situation=f"{item.title[2:-3]}，群众反映强烈，亟需解决。",
            recommendations="建议有关部门加强调研，统筹资金，尽快落实。",
            author_id=item.author.pk,
            status=item.status,
            number=item.number,
            urgent=item.urgent,
            round=item.round,
            created_at=item.created,
            submitted_at=item.filed if item.submitted else None,
            lead_unit_id=facts.lead_unit_id,
            lead_deadline=facts.lead_deadline,
            lead_amber_on=facts.lead_amber_on,
            first_result=item.first_result,
            first_reply_on_time=item.first_reply_on_time,
            first_round_rating=item.first_round_rating,
            latest_rating=item.latest_rating,
        )
    insert(Proposal, (item.obj for item in items))
    insert(
        CoSignature,
        (
            CoSignature(
                proposal_id=item.obj.pk, delegate_id=d.pk, status=status, answered_at=answered
            )
            for item in items
            for d, status, answered in item.cosignatures
        ),
        batch_size=5000,
    )
    insert(
        ProposalEvent,
        (
            ProposalEvent(
                proposal_id=item.obj.pk,
                action=action,
                status_before=before,
                status_after=after,
                note=_note(note),
                actor_id=actor.pk,
                at=at,
            )
            for item in items
            for action, before, after, note, actor, at in item.events
        ),
        batch_size=5000,
    )
    handlings = [h for item in items for h in item.handlings]
    owners = [item for item in items for _h in item.handlings]
    assignments = insert(
        Assignment,
        (
            Assignment(
                proposal_id=item.obj.pk,
                unit_id=h.unit.pk,
                role=h.role,
                round=h.round,
                responsible_person=h.responsible_person,
                assigned_at=h.assigned_at,
                assigned_on=h.assigned_on,
                deadline=h.deadline,
                send_back_until=h.send_back_until,
                time_given_from=h.time_given_from,
                amber_on=h.amber_on,
                sent_back_at=h.sent_back_at,
                extension_until=h.extension_until,
                extension_reason=h.extension_reason,
                send_back_reason=h.send_back_reason,
                is_open=h.is_open,
            )
            for h, item in zip(handlings, owners, strict=True)
        ),
        batch_size=5000,
    )
    replies, ratings = [], []
    for h, assignment in zip(handlings, assignments, strict=True):
        for result, text, follow_up, by, at, feedback in h.replies:
            replies.append(
                Reply(
                    assignment_id=assignment.pk,
                    result=result,
                    text=text,
                    follow_up=follow_up,
                    replied_by_id=by.pk,
                    replied_at=at,
                )
            )
            ratings.append(feedback)
    replies = insert(Reply, replies, batch_size=5000)
    feedback = []
    for reply, rating in zip(replies, ratings, strict=True):
        if rating is not None:
            overall, comment, rated = rating
            feedback.append(
                Feedback(reply_id=reply.pk, overall=overall, comment=comment, rated_at=rated)
            )
    insert(Feedback, feedback, batch_size=5000)
    insert(
        ReminderDelivery,
        (
            ReminderDelivery(
                assignment_id=assignment.pk,
                milestone=milestone,
                deadline=deadline,
                created_at=plan.at(day, 7),
                notified_at=plan.at(day, 7, 5),
            )
            for h, assignment in zip(handlings, assignments, strict=True)
            for milestone, deadline, day in reminders(h, rules.first_reminder_days)
        ),
        batch_size=5000,
    )


def _note(note) -> str:
    if isinstance(note, Item):  # merged into it: the note names it as str(proposal) does
        return f"{note.number} {note.title}".strip()
    return str(note)


def reminders(handling, first_days):
    """(milestone, deadline, day) that the daily sweep (proposals/reminders.py) recorded for
    an assignment: the first day of each milestone's window that the assignment spent open
    with that deadline (the sweep runs in the morning: from the day after it was routed to the
    day it stopped being handled, inclusive)."""
    found = []
    for deadline, begun, until in handling.periods:
        first = begun + DAY
        windows = (
            (M.DUE_SOON, deadline - datetime.timedelta(days=first_days), deadline - 2 * DAY),
            (M.DUE_TOMORROW, deadline - DAY, deadline),
            (M.OVERDUE, deadline + DAY, until),
        )
        for milestone, opens, closes in windows:
            day = max(first, opens)
            if day <= min(until, closes):
                found.append((milestone, deadline, day))
    return found
