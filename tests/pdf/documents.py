"""Every document the office prints, built through the kits with enough rows to run over
several pages and with names a printer can garble: quotes, ampersands, angle brackets and
hyphens, and long Chinese names. Each builder returns a `Printed`: how to render it (in the
active language), the name its running head must show, and the user data it prints (which
the Chinese-punctuation check leaves aside)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from congress_office.pdf import render_html
from evaluations.printing import blank_ballots_html, results_html
from evaluations.services import evaluation_close
from proposals.admin_statistics import Choice, handling_figures
from proposals.models import HandlingUnit
from proposals.printing import reply_letter_context
from proposals.services import reply_submit
from sessions.models import SessionDocument, VotingRule
from sessions.printing import resolution_context, session_document_render_html
from sessions.services import (
    agenda_item_set_outcome,
    resolution_add_version,
    vote_record,
)
from tests.core.factories import office_user
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory, TermFactory
from tests.delegates.helpers import enter
from tests.evaluations.factories import CriterionFactory, SubjectFactory
from tests.evaluations.kit import S as E
from tests.evaluations.kit import ballots_cast, evaluation_in
from tests.proposals.factories import HandlingUnitFactory
from tests.proposals.kit import S as P
from tests.proposals.kit import proposal_in, staff_of
from tests.sessions.factories import AgendaItemFactory, ResolutionFactory, SittingFactory
from tests.sessions.kit import S, attendance_taken, session_in

# The parts a Chinese congress's name is made of: the cover may break between them only.
CONGRESS_PARTS = ["中国共产党", "临江市青山湖区城关镇", "第十五次代表大会"]
SESSION_PART = "第五次会议"
# What a printer can garble: CSS escapes, HTML escapes, a hyphen that escapejs rewrites.
MARKS = " \"甲&乙\" <2021-2026> '丙'"
TERM_NAME = "".join(CONGRESS_PARTS) + MARKS
SESSION_NAME = "".join(CONGRESS_PARTS) + SESSION_PART + MARKS
UNIT_NAME = "临江市青山湖区城关镇农业农村和水利服务中心（乡村振兴办公室）" + MARKS
LONG_TITLE = "关于加快推进城关镇老旧小区改造和背街小巷环境综合整治工作的建议"


@dataclass
class Printed:
    render: Callable[[], str]
    running_head: str | None
    user_data: list[str] = field(default_factory=list)


def term_with_roster(delegations=12, each=2):
    """The hostile term, and its delegates in `delegations` delegations with long names."""
    term = TermFactory(name=TERM_NAME)
    unit = ElectoralUnitFactory(term=term, seats=delegations * each)
    delegates = []
    for n in range(delegations):
        delegation = DelegationFactory(
            term=term, name=f"城关镇第{n + 1}社区和机关企事业单位联合代表团"
        )
        delegates += [
            enter(term, unit, delegation=delegation, name=f"欧阳{n}号{k}") for k in range(each)
        ]
    return term, delegates


def session_with_business(term, delegates):
    """The hostile session in progress, everyone present at its sitting, with a long agenda,
    a voted resolution, elections and a closed evaluation."""
    session = session_in(
        S.IN_PROGRESS, term=term, name=SESSION_NAME, end_date=datetime.date(2024, 1, 8)
    )
    office = office_user()
    sitting = SittingFactory(session=session)
    attendance_taken(sitting, delegates)
    for n in range(36):
        item = AgendaItemFactory(
            session=session, order=n + 1, title=f"{LONG_TITLE}{n + 1}", presenter="张建国"
        )
        agenda_item_set_outcome(item=item, outcome="adopted", changed_by=office)
    resolution = ResolutionFactory(session=session, title="关于城关镇党委工作报告的决议" + MARKS)
    resolution_add_version(
        resolution=resolution, text="会议同意镇党委工作报告。\n" * 60, created_by=office
    )
    vote_record(
        session=session,
        sitting=sitting,
        matter=VotingRule.Matter.RESOLUTION,
        subject=resolution.title,
        resolution=resolution,
        votes_for=len(delegates),
        votes_against=0,
        abstentions=0,
        recorded_by=office,
    )
    for n in range(24):
        vote_record(
            session=session,
            sitting=sitting,
            matter=VotingRule.Matter.ELECTION,
            subject=f"补选中国共产党临江市青山湖区城关镇第十五届委员会委员：欧阳建国{n}",
            votes_for=len(delegates) - 1,
            votes_against=1,
            abstentions=0,
            ballots_issued=len(delegates),
            ballots_returned=len(delegates),
            recorded_by=office,
        )
    return session, resolution


def closed_evaluation(session, delegates, subjects=6, criteria=8):
    evaluation = evaluation_in(E.DRAFT, session=session, subjects=0, criteria=0)
    evaluation.title = "城关镇党委领导班子和领导干部年度民主测评" + MARKS
    evaluation.save(update_fields=["title"])
    for n in range(subjects):
        SubjectFactory(
            evaluation=evaluation, name=f"欧阳建国{n}", post="镇党委副书记、镇长", is_team=n == 0
        )
    for n in range(criteria):
        CriterionFactory(evaluation=evaluation, name=f"贯彻落实党的路线方针政策情况{n}")
    evaluation = evaluation_in(E.OPEN, evaluation=evaluation, entitled=delegates)
    ratings = ["excellent", "competent", "basically_competent", "incompetent"]
    ballots_cast(evaluation, delegates, [ratings[n % 4] for n in range(len(delegates))])
    return evaluation_close(evaluation=evaluation, closed_by=office_user())


def every_document() -> dict[str, Printed]:
    """Every document the office prints, by name, of one hostile term."""
    term, delegates = term_with_roster()
    return {
        **session_documents(term, delegates),
        "reply letter": reply_letter(delegates),
        "handling report": handling_report(term, delegates),
    }


def session_documents(term, delegates) -> dict[str, Printed]:
    """The session report, agenda, attendance list and a resolution, the evaluation's
    results and its blank ballot, all of the hostile session."""
    session, resolution = session_with_business(term, delegates)
    evaluation = closed_evaluation(session, delegates)
    for n in range(30):
        proposal_in(
            P.ACCEPTED,
            author=delegates[n % len(delegates)],
            session=session,
            title=f"{LONG_TITLE}{n}",
        )
    names = [SESSION_NAME, TERM_NAME, resolution.title, evaluation.title]

    def document(kind):
        return lambda: session_document_render_html(SessionDocument(session=session, kind=kind))

    return {
        "session report": Printed(document(SessionDocument.Kind.REPORT), SESSION_NAME, names),
        "agenda": Printed(document(SessionDocument.Kind.AGENDA), SESSION_NAME, names),
        "attendance list": Printed(document(SessionDocument.Kind.ATTENDANCE), SESSION_NAME, names),
        "resolution": Printed(
            lambda: render_html("sessions/pdf/resolution.html", resolution_context(resolution)),
            SESSION_NAME,
            names,
        ),
        "evaluation results": Printed(lambda: results_html(evaluation), SESSION_NAME, names),
        "blank ballot": Printed(lambda: blank_ballots_html([evaluation]), None, names),
    }


def reply_letter(delegates) -> Printed:
    unit = HandlingUnitFactory(name=UNIT_NAME)
    item, lead = proposal_in(
        P.ASSIGNED, author=delegates[0], unit=unit, cosigners=delegates[1:4], title=LONG_TITLE
    )
    text = "经研究，现答复如下：城关镇将分三年完成老旧小区改造。\n" * 80
    reply = reply_submit(assignment=lead, result="A", text=text, replied_by=staff_of(unit))
    return Printed(
        lambda: render_html("proposals/pdf/reply_letter.html", reply_letter_context(reply)),
        UNIT_NAME,
        [UNIT_NAME, LONG_TITLE],
    )


def handling_report(term, delegates) -> Printed:
    units = [UNIT_NAME] + [f"城关镇第{n}农业农村综合服务中心（乡村振兴办公室）" for n in range(40)]
    units = [HandlingUnit.objects.get_or_create(name=name)[0] for name in units]
    for n, unit in enumerate(units):
        proposal_in(P.CLOSED if n % 2 else P.ASSIGNED, author=delegates[n % 2], unit=unit)
    choice = Choice(term, None, "unit")
    return Printed(
        # The figures in the language of the rendering: the table's header is translated.
        lambda: render_html("proposals/pdf/handling_report.html", handling_figures(choice)),
        TERM_NAME,
        [TERM_NAME, *(unit.name for unit in units)],
    )
