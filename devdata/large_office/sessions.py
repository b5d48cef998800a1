"""The large office's sessions: ten per term at scale 1, every six months, all held and
closed. Each has three sittings with everyone expected checked in (present, on leave or
absent), a presidium and two committees, an agenda of five items, two resolutions adopted by
vote under the term's rule, and the by-elected delegates confirmed at the first session after
their by-election. Written as the services would have written it (status changes, outcome
changes, the vote's counts from the attendance and the rule copied onto it)."""

import datetime

from congress_office.workdays import Calendar
from delegates.models import NonVotingAttendee, QualificationEvent
from sessions.models import (
    AgendaItem,
    AgendaOutcomeChange,
    Attendance,
    Committee,
    Resolution,
    ResolutionVersion,
    Session,
    SessionStatusChange,
    Sitting,
    Vote,
    VotingRule,
)
from sessions.models.sessions import DEFAULT_START
from sessions.services import voting_rule_for
from sessions.workflow import ADVANCE, SESSION_WORKFLOW

from .delegates import chinese_number, status_after
from .office import Plan, insert

SESSIONS_PER_TERM = 10
EVERY_DAYS = 182
PRESENT, ON_LEAVE, ABSENT = (Attendance.Status.PRESENT, Attendance.Status.ON_LEAVE,
                             Attendance.Status.ABSENT)  # fmt: skip
REPORTS = [
    ("县委工作报告", "县委书记"),
    ("县纪委工作报告", "县纪委书记"),
]
Outcome = AgendaItem.Outcome


def build(plan: Plan) -> dict:
    office = plan.built["congress_office"]["office"][0]
    rosters = plan.built["delegates"]["terms"]
    calendar = Calendar(rosters[0].term.start_date, plan.today)
    terms = []
    for roster in rosters:
        terms.append(_term(plan, roster, office, calendar))
    return {"terms": terms}


def _term(plan, roster, office, calendar):
    term = roster.term
    rules = {
        matter: voting_rule_for(term=term, matter=matter) for matter in VotingRule.Matter.values
    }
    attendees = list(NonVotingAttendee.objects.filter(term=term).order_by("pk"))
    planned = []
    for k in range(plan.count(SESSIONS_PER_TERM, minimum=2)):
        first = calendar.next_working_day(
            term.start_date + datetime.timedelta(days=14 + k * EVERY_DAYS)
        )
        last = calendar.next_working_day(first + datetime.timedelta(days=1))
        planned.append((k + 1, first, last))
    sessions = insert(
        Session,
        (
            Session(
                term=term,
                ordinal=ordinal,
                name=f"{term.name}第{chinese_number(ordinal)}次会议",
                start_date=first,
                end_date=last,
                venue="县人民大会堂",
                status=Session.Status.CLOSED,
            )
            for ordinal, first, last in planned
        ),
    )
    built = []
    for session in sessions:
        built.append(_session(plan, roster, session, office, rules, attendees))
    Session.objects.bulk_update(sessions, ["secretary_general"])
    _confirmations(plan, roster, sessions, office)
    return {"term": term, "sessions": built}


def _session(plan, roster, session, office, rules, attendees):
    rng = plan.rng
    first, last = session.start_date, session.end_date
    expected = roster.active_on(first)
    session.secretary_general = expected[1]
    # Every step session_advance takes, from planned to closed, in its order.
    moments = [plan.at(first, 8), plan.at(first, 8, 30), plan.at(last, 12)]
    steps = []
    status = Session.Status.PLANNED
    for name, moment in zip(ADVANCE, moments, strict=True):
        SESSION_WORKFLOW.require(status, name)
        steps.append((status, SESSION_WORKFLOW.target(name, status), moment))
        status = steps[-1][1]
    insert(
        SessionStatusChange,
        (
            SessionStatusChange(
                session=session, status_before=b, status_after=a, actor=office, at=t
            )
            for b, a, t in steps
        ),
    )
    parts = [(first, Sitting.Part.MORNING), (first, Sitting.Part.AFTERNOON)]
    parts.append((last, Sitting.Part.MORNING))
    sittings = insert(
        Sitting,
        (
            Sitting(session=session, date=day, part=part, starts_at=DEFAULT_START[part])
            for day, part in parts
        ),
    )
    # Everyone expected is checked in at every sitting: mostly present; someone on leave is
    # on leave for the whole session.
    attendance, present_any, present_first = [], [], 0
    for delegate in expected:
        away = rng.random()
        statuses = [
            ON_LEAVE
            if away < 0.05
            else rng.choices([PRESENT, ABSENT, ON_LEAVE], weights=[96, 2, 2])[0]
            for _ in sittings
        ]
        if PRESENT in statuses:
            present_any.append(delegate)
        present_first += statuses[0] == PRESENT
        method = rng.choices(list(Attendance.Method), weights=[10, 30, 55, 5])[0]
        for sitting, status in zip(sittings, statuses, strict=True):
            start = datetime.datetime.combine(sitting.date, sitting.starts_at)
            attendance.append(
                Attendance(
                    sitting_id=sitting.pk,
                    delegate_id=delegate.pk,
                    status=status,
                    method=method,
                    recorded_by_id=office.pk,
                    checked_in_at=plan.at(sitting.date, start.hour - 1, rng.randrange(60)),
                )
            )
    insert(Attendance, attendance, batch_size=5000)

    presidium = expected[: max(3, min(25, len(expected) // 40))]
    insert(
        Session.presidium.through,
        (Session.presidium.through(session=session, delegate=d) for d in presidium),
    )
    insert(
        Session.invited_attendees.through,
        (
            Session.invited_attendees.through(session=session, nonvotingattendee=a)
            for a in attendees
        ),
    )
    committees = insert(
        Committee,
        (
            Committee(session=session, kind=kind, chair=expected[n + 2])
            for n, kind in enumerate(
                [Committee.Kind.QUALIFICATION_REVIEW, Committee.Kind.PROPOSAL_REVIEW]
            )
        ),
    )
    members = rng.sample(expected, min(len(expected), 7))
    insert(
        Committee.members.through,
        (
            Committee.members.through(committee=c, delegate=d)
            for c in committees
            for d in members[:5]
        ),
    )
    _agenda(plan, session, sittings[0], office, rules, len(expected), present_first)
    return {
        "session": session,
        "sittings": sittings,
        "expected": expected,
        "present": present_any,  # checked in as present at any sitting, in roster order
    }


def _agenda(plan, session, sitting, office, rules, entitled, present):
    rng = plan.rng
    year = session.start_date.year
    items = [
        (AgendaItem.Kind.REPORT, f"听取和审议{title}", presenter, AgendaItem.Delivery.ORAL)
        for title, presenter in REPORTS
    ]
    items += [
        (AgendaItem.Kind.REPORT, "审查县委关于党费收缴、使用和管理情况的报告", "",
         AgendaItem.Delivery.WRITTEN),
        (AgendaItem.Kind.PROPOSALS_REPORT, f"听取关于{year - 1}年度代表提案办理情况的报告",
         "县党代表联络办公室", AgendaItem.Delivery.ORAL),
        (AgendaItem.Kind.EVALUATION, "对县委领导班子及其成员进行民主测评", "",
         AgendaItem.Delivery.ORAL),
    ]  # fmt: skip
    outcomes = [Outcome.ADOPTED, Outcome.ADOPTED, Outcome.DONE, Outcome.DONE, Outcome.DONE]
    agenda = insert(
        AgendaItem,
        (
            AgendaItem(
                session=session,
                order=n,
                kind=kind,
                title=title,
                presenter=presenter,
                delivery=delivery,
                outcome=outcome,
            )
            for n, ((kind, title, presenter, delivery), outcome) in enumerate(
                zip(items, outcomes, strict=True), start=1
            )
        ),
    )
    closing = plan.at(session.end_date, 11)
    insert(
        AgendaOutcomeChange,
        (
            AgendaOutcomeChange(
                item=item,
                outcome_before=Outcome.PENDING,
                outcome_after=item.outcome,
                actor=office,
                at=closing,
            )
            for item in agenda
        ),
    )
    resolutions = insert(
        Resolution,
        (
            Resolution(
                session=session,
                agenda_item=item,
                title=f"关于{title}的决议",
                status=Resolution.Status.ADOPTED,
            )
            for item, (title, _presenter) in zip(agenda, REPORTS, strict=False)
        ),
    )
    insert(
        ResolutionVersion,
        (
            ResolutionVersion(
                resolution=resolution,
                number=1,
                text=f"大会同意{title}，决定批准这个报告。" * 3,
                note="草案",
                created_by=office,
                created_at=plan.at(session.start_date - datetime.timedelta(days=7), 10),
            )
            for resolution, (title, _presenter) in zip(resolutions, REPORTS, strict=True)
        ),
    )
    rule = rules[VotingRule.Matter.RESOLUTION]
    votes = []
    for item, resolution in zip(agenda, resolutions, strict=False):
        against = rng.randint(0, max(0, present // 50))
        abstentions = rng.randint(0, max(0, present // 30))
        votes_for = present - against - abstentions
        passed = rule.passes(votes_for=votes_for, entitled=entitled, present=present)
        if not (rule.quorum_met(entitled=entitled, present=present) and passed):
            raise RuntimeError(f"{session}: the vote on {resolution} would not pass")
        votes.append(
            Vote(
                session=session,
                sitting=sitting,
                agenda_item=item,
                resolution=resolution,
                matter=VotingRule.Matter.RESOLUTION,
                subject=resolution.title,
                entitled=entitled,
                present=present,
                votes_for=votes_for,
                votes_against=against,
                abstentions=abstentions,
                quorum_met=True,
                passed=True,
                rule=rule.as_record(),
                recorded_by=office,
                recorded_at=closing,
            )
        )
    insert(Vote, votes)


def _confirmations(plan, roster, sessions, office):
    """The by-elected are confirmed at the first session after their by-election."""
    events = []
    for delegate, elected in roster.by_elected:
        session = next((s for s in sessions if s.start_date > elected), None)
        if session is None:
            continue
        status = roster.status_on(delegate, session.start_date)
        kind = QualificationEvent.Kind.CONFIRMED
        events.append(
            QualificationEvent(
                delegate=delegate,
                kind=kind,
                effective_date=session.start_date,
                status_before=status,
                status_after=status_after(kind, status),
                decision_reference=f"{session.name}代表资格审查报告",
                actor=office,
                at=plan.at(session.end_date, 12),
            )
        )
    insert(QualificationEvent, events)
