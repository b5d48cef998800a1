"""The data the security matrix opens pages on: one office with every role, and for each kind
of object the one a role may open beside the one it may not (the delegate's own draft and
another delegate's item, unit A's assignment and unit B's, a draft, an open and a closed
evaluation, a session of another term...). Built through the services, as the office would.

Roles (the matrix's columns):

anonymous          nobody signed in
delegate           张代表, delegation 1, author of the draft and of the replied item
other_delegate     王代表, delegation 2, author of unit B's item, teller of the evaluations;
                   declined to co-sign the delegate's replied item
leader             李团长, leader of delegation 1, asked to co-sign the delegate's draft;
                   co-signed the delegate's replied item and inquiry; a committee member
                   too, who keeps in touch with the delegate
unit_staff         staff of unit A (handles the delegate's item)
other_unit_staff   staff of unit B (handles the other delegate's item)
office             office staff (secretariat group, in the admin)
system_admin       the system administrator (系统管理员): accounts, groups and permissions
auditor            the security auditor (安全审计员): the security audit trail, nothing else
"""

import datetime
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from congress_office.models import CalendarDay, Letterhead
from congress_office.roles import Role
from delegates.briefings import briefing_audience_set, briefing_draft_save, briefing_publish
from delegates.contacts import committee_member_set_delegates, contact_log
from delegates.models import (
    Activity,
    Assessment,
    Award,
    Briefing,
    CommitteeMember,
    NonVotingAttendee,
    PersonalDataRules,
    PersonalDetailsRemoval,
    ReceptionRule,
    RosterImport,
    Solicitation,
    SolicitationResponse,
)
from delegates.services import delegate_link_user, delegation_set_leader
from delegates.solicitations import response_save
from evaluations.models import EvaluationRules
from evaluations.services import (
    ballot_cast,
    entitlements_set,
    evaluation_close,
    evaluation_open,
    paper_ballots_hand_out,
    tellers_set,
)
from proposals.models import ProposalCategory, ProposalRules
from proposals.reply_steps import consultation_record
from proposals.services import (
    attachment_add,
    cosigners_invite,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from proposals.units import unit_add_staff
from sessions.election_rounds import round_open
from sessions.election_tellers import election_tellers_set
from sessions.elections import candidates_approve, election_rule_for, scrutineers_set
from sessions.models import (
    AgendaItem,
    Attendance,
    Body,
    Candidate,
    Election,
    Membership,
    Resolution,
    Session,
    SessionDocument,
)
from sessions.services import (
    agenda_document_add,
    check_in_token,
    resolution_add_version,
    vote_record,
)
from tests.core.documents import DOCX, PDF, PNG
from tests.core.factories import UserFactory
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory, TermFactory
from tests.delegates.helpers import enter
from tests.delegates.solicitation_helpers import (
    full_answer,
    solicitation_draft,
    solicitation_published,
)
from tests.evaluations.factories import CriterionFactory, EvaluationFactory, SubjectFactory
from tests.proposals.factories import HandlingUnitFactory
from tests.proposals.kit import answer
from tests.security.personal_data import DETAILS
from tests.sessions.factories import SessionFactory, SittingFactory
from tests.sign_in import sign_in_as

ROLES = (
    "anonymous",
    "delegate",
    "other_delegate",
    "leader",
    "unit_staff",
    "other_unit_staff",
    "office",
    "system_admin",
    "auditor",
)

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> User (anonymous: None)
    sessions: dict = field(default_factory=dict)  # role -> a signed-in session's cookie value
    admin_objects: dict = field(default_factory=dict)  # model -> the row its admin pages open

    def user(self, role):
        return self.users[role]

    def admin_object(self, model):
        """The row the admin's change, delete and history pages of `model` are opened on."""
        if model in self.admin_objects:
            return self.admin_objects[model]
        row = model._default_manager.order_by("pk").first()
        assert row is not None, (
            f"the matrix's data has no {model._meta.label} for its admin pages: "
            "add one in tests/security/world.py"
        )
        return row


def build_world() -> World:
    w = World()
    w.users["anonymous"] = None

    # --- People: two delegations of one term, a leader, two units, the office.
    w.term = TermFactory(name="第一届测试镇党代会")
    w.other_term = TermFactory(name="第二届测试镇党代会")
    constituency = ElectoralUnitFactory(term=w.term, seats=10)
    w.delegation = DelegationFactory(term=w.term, name="第一代表团")
    w.other_delegation = DelegationFactory(term=w.term, name="第二代表团")
    # Each with a phone and an email that only the roles allowed may see (personal_data.py).
    w.me = enter(w.term, constituency, name="张代表", delegation=w.delegation, **DETAILS["me"])
    w.other = enter(
        w.term, constituency, name="王代表", delegation=w.other_delegation, **DETAILS["other"]
    )
    w.leader_record = enter(
        w.term, constituency, name="李团长", delegation=w.delegation, **DETAILS["leader_record"]
    )
    for role, record in (
        ("delegate", w.me),
        ("other_delegate", w.other),
        ("leader", w.leader_record),
    ):
        w.users[role] = UserFactory(username=role, role=Role.DELEGATE)
        delegate_link_user(delegate=record, user=w.users[role])
    delegation_set_leader(delegation=w.delegation, leader=w.leader_record)
    w.unit = HandlingUnitFactory(name="镇教育办公室")
    w.other_unit = HandlingUnitFactory(name="镇财政所")
    for role, unit in (("unit_staff", w.unit), ("other_unit_staff", w.other_unit)):
        w.users[role] = UserFactory(username=role, role=Role.UNIT_STAFF)
        unit_add_staff(unit=unit, user=w.users[role])
    w.users["office"] = office = UserFactory(username="office", role=Role.SECRETARIAT)
    w.users["system_admin"] = UserFactory(username="system_admin", role=Role.SYSTEM_ADMIN)
    w.users["auditor"] = UserFactory(username="auditor", role=Role.SECURITY_AUDITOR)

    # --- A session of the term (in progress, with a vote), and one of another term.
    w.session = SessionFactory(term=w.term)
    w.sitting = SittingFactory(session=w.session)
    w.body = Body.objects.create(term=w.term, kind="committee", name="中共测试镇委员会", seats=3)
    Membership.objects.create(
        body=w.body,
        name="赵书记",
        role="secretary",
        start_date=w.session.start_date,
        elected_at=w.session,
    )
    election_item = AgendaItem.objects.create(
        session=w.session, order=2, kind="election", title="补选委员"
    )
    w.election = Election.objects.create(
        session=w.session,
        agenda_item=election_item,
        title="补选镇党委委员",
        fills="members",
        body=w.body,
        by_election=True,
        seats=1,
    )
    for name in ("钱候选", "孙候选"):
        Candidate.objects.create(election=w.election, name=name, formal=True)
    election_rule_for(term=w.term, fills="members", by_election=True)
    item = AgendaItem.objects.create(session=w.session, order=1, kind="report", title="工作报告")
    w.document = agenda_document_add(
        item=item,
        uploaded_file=SimpleUploadedFile("report.pdf", PDF),
        title="镇党委工作报告",
        uploaded_by=office,
    )
    w.resolution = Resolution.objects.create(session=w.session, title="关于工作报告的决议")
    resolution_add_version(resolution=w.resolution, text="批准工作报告。", created_by=office)
    w.printed = SessionDocument.objects.create(
        session=w.session,
        kind=SessionDocument.Kind.REPORT,
        status=SessionDocument.Status.DONE,
        file=ContentFile(PDF, name="report.pdf"),
        generated_at=timezone.now(),
    )
    w.printing = SessionDocument.objects.create(
        session=w.session, kind=SessionDocument.Kind.AGENDA, status=SessionDocument.Status.QUEUED
    )
    Session.objects.filter(pk=w.session.pk).update(status=Session.Status.IN_PROGRESS)
    Attendance.objects.bulk_create(
        Attendance(sitting=w.sitting, delegate=d, status="present", method="list")
        for d in (w.me, w.other, w.leader_record)
    )
    w.vote = vote_record(
        session=w.session,
        sitting=w.sitting,
        matter="resolution",
        subject="关于工作报告的决议",
        votes_for=3,
        votes_against=0,
        abstentions=0,
        recorded_by=office,
        resolution=w.resolution,
    )
    # The by-election's first round, open at the sitting: the three delegates checked in.
    candidates_approve(election=w.election, approved_by=office)
    # Its teller is the other delegate's account; its chief scrutineer, the leader.
    election_tellers_set(election=w.election, users=[w.users["other_delegate"]])
    scrutineers_set(election=w.election, delegates=[], chief=w.leader_record)
    w.election_round = round_open(election=w.election, sitting=w.sitting, opened_by=office)
    w.check_in_token = check_in_token(session=w.session, delegate=w.me)
    w.other_term_session = SessionFactory(term=w.other_term, name="另一届的会议")
    w.other_term_document = agenda_document_add(
        item=AgendaItem.objects.create(
            session=w.other_term_session, order=1, kind="report", title="另一届的报告"
        ),
        uploaded_file=SimpleUploadedFile("other.pdf", PDF),
        title="另一届的文件",
        uploaded_by=office,
    )

    # --- Proposals: the delegate's draft (the leader asked to co-sign, a PNG attached), the
    # delegate's item handled and replied by unit A (a DOCX attached; the leader co-signed it,
    # the other delegate declined to), and the other delegate's item assigned to unit B.
    education = ProposalCategory.objects.create(name="教育")

    def draft(author, title):
        return proposal_draft_save(
            author=author,
            kind="suggestion",
            title=title,
            situation="全镇没有公办幼儿园。",
            recommendations="建议新建一所。",
        )

    w.draft = draft(w.me, "关于新建幼儿园的建议")
    (w.invitation,) = cosigners_invite(
        proposal=w.draft, delegates=[w.leader_record], invited_by=w.users["delegate"]
    )
    w.draft_attachment = attachment_add(
        proposal=w.draft,
        uploaded_file=SimpleUploadedFile("photo.png", PNG),
        title="现场照片",
        added_by=w.users["delegate"],
    )
    w.replied = draft(w.me, "关于改善校车安全的建议")
    w.replied_attachment = attachment_add(
        proposal=w.replied,
        uploaded_file=SimpleUploadedFile("plan.docx", DOCX),
        title="方案",
        added_by=w.users["delegate"],
    )
    confirmed, declined = cosigners_invite(
        proposal=w.replied, delegates=[w.leader_record, w.other], invited_by=w.users["delegate"]
    )
    answer(confirmed, confirm=True)
    answer(declined, confirm=False)
    proposal_submit(proposal=w.replied, submitted_by=w.users["delegate"])
    proposal_accept(proposal=w.replied, category=education, accepted_by=office)
    (w.assignment,) = proposal_route(proposal=w.replied, lead=w.unit, routed_by=office)
    consultation_record(  # the lead unit's consultation, on its page and the delegate's
        assignment=w.assignment,
        held_on=timezone.localdate(),
        way="phone",
        agreed="电话沟通，商定明年实施。",
        recorded_by=w.users["unit_staff"],
    )
    w.reply = reply_submit(
        assignment=w.assignment,
        result="B",
        text="已列入明年计划。",
        replied_by=w.users["unit_staff"],
    )
    # The delegate's inquiry about unit A, co-signed by the leader (two signers, as the rules
    # are lowered here), answered by unit A: each signer rates it.
    ProposalRules.objects.update_or_create(singleton=True, defaults={"inquiry_signers": 2})
    w.inquiry = proposal_draft_save(
        author=w.me,
        kind="inquiry",
        inquired_unit=w.unit,
        title="关于校车安全检查的质询",
        situation="校车安全检查流于形式。",
        recommendations="请说明检查办法。",
    )
    (signed,) = cosigners_invite(
        proposal=w.inquiry, delegates=[w.leader_record], invited_by=w.users["delegate"]
    )
    answer(signed, confirm=True)
    proposal_submit(proposal=w.inquiry, submitted_by=w.users["delegate"])
    proposal_accept(proposal=w.inquiry, category=education, accepted_by=office)
    (inquiry_lead,) = proposal_route(proposal=w.inquiry, lead=w.unit, routed_by=office)
    reply_submit(
        assignment=inquiry_lead,
        result="A",
        text="已完善检查办法。",
        replied_by=w.users["unit_staff"],
    )
    w.other_item = draft(w.other, "关于修缮村道的建议")
    proposal_submit(proposal=w.other_item, submitted_by=w.users["other_delegate"])
    proposal_accept(proposal=w.other_item, category=education, accepted_by=office)
    (w.other_assignment,) = proposal_route(
        proposal=w.other_item, lead=w.other_unit, routed_by=office
    )

    # --- Evaluations at the session: the delegate and the leader entitled, the other delegate
    # a teller. One open, one closed (the delegate voted before it closed), one draft.
    def evaluation(title):
        made = EvaluationFactory(session=w.session, title=title)
        SubjectFactory(evaluation=made, name="班子", is_team=True)
        CriterionFactory(evaluation=made, name="德")
        return made

    w.evaluation = evaluation("领导班子民主测评")
    w.closed_evaluation = evaluation("去年的民主测评")
    # A delegate without an account votes on paper in the open one: a round can issue one.
    on_paper = enter(w.term, constituency, name="赵代表", delegation=w.other_delegation)
    for made in (w.evaluation, w.closed_evaluation):
        entitlements_set(evaluation=made, delegates=[w.me, w.leader_record, on_paper])
        tellers_set(evaluation=made, users=[w.users["other_delegate"]])
        evaluation_open(evaluation=made, opened_by=office)
    paper_ballots_hand_out(
        evaluation=w.evaluation, delegates=[on_paper], handed_out_by=w.users["other_delegate"]
    )
    ballot_cast(evaluation=w.closed_evaluation, user=w.users["delegate"], choices={})
    evaluation_close(evaluation=w.closed_evaluation, closed_by=office)
    w.draft_evaluation = evaluation("尚未开始的测评")

    # --- Briefings: one published to delegation 1 (the delegate and the leader) with a PDF,
    # a draft with a DOCX, and one published to another term's delegates.
    def briefing(term, title, *, delegations=(), file=None, publish=True):
        made = Briefing(term=term, title=title, body="通报正文。", attachment=file or "")
        briefing_draft_save(briefing=made, saved_by=office, new_attachment=file)
        briefing_audience_set(briefing=made, delegations=delegations, set_by=office)
        return briefing_publish(briefing=made, published_by=office) if publish else made

    w.briefing = briefing(
        w.term,
        "第一代表团工作通报",
        delegations=[w.delegation],
        file=SimpleUploadedFile("briefing.pdf", PDF),
    )
    w.draft_briefing = briefing(
        w.term, "尚未发布的通报", file=SimpleUploadedFile("draft.docx", DOCX), publish=False
    )
    gone = enter(w.other_term, ElectoralUnitFactory(term=w.other_term, seats=1), name="另一届代表")
    # A record of a removal of personal details, for its admin pages (written as the service
    # would, which refuses a term whose retention has not run out: the world's terms run).
    PersonalDetailsRemoval.objects.create(delegate=gone, actor=office, account="none")
    w.other_term_briefing = briefing(w.other_term, "另一届的通报")
    w.admin_objects[Briefing] = w.draft_briefing

    # --- The committee's contact with delegates: the leader, a committee member too, keeps in
    # touch with the delegate and has logged a contact, which no suggestion is made of yet.
    w.committee_member = CommitteeMember.objects.create(
        term=w.term, name="李委员", post="镇党委委员", user=w.users["leader"]
    )
    committee_member_set_delegates(member=w.committee_member, delegates=[w.me], set_by=office)
    w.contact = contact_log(
        member=w.committee_member,
        delegate=w.me,
        date=timezone.localdate(),
        way="visit",
        raised="希望修缮村道。",
        recorded_by=w.users["leader"],
    )

    # --- Solicitations: one asking delegation 1 (the delegate has sent an answer, the leader
    # has not) with a PDF, a draft with a DOCX, and one asking another term's delegates.
    w.solicitation = solicitation_published(
        w.term, office, delegations=[w.delegation], attachment=SimpleUploadedFile("草案.pdf", PDF)
    )
    w.solicitation_answer = response_save(
        solicitation=w.solicitation,
        delegate=w.me,
        values=full_answer(w.solicitation),
        send=True,
    )
    w.draft_solicitation = solicitation_draft(
        w.term, office, title="尚未发布的意见征集", attachment=SimpleUploadedFile("稿.docx", DOCX)
    )
    w.other_term_solicitation = solicitation_published(w.other_term, office, title="另一届的征集")
    w.admin_objects[Solicitation] = w.draft_solicitation
    w.admin_objects[SolicitationResponse] = w.solicitation_answer

    # --- Rows only the admin shows, so that each of its pages has one to open.
    today = timezone.localdate()
    CalendarDay.objects.create(date=datetime.date(2026, 10, 1), kind="holiday", name="国庆节")
    Letterhead.current()  # the office's letterhead: one row, created on first read
    Activity.objects.create(term=w.term, kind="research", date=today, place="镇政府", topic="调研")
    ReceptionRule.current()
    PersonalDataRules.current()
    ProposalRules.current()
    EvaluationRules.current()
    Assessment.objects.create(delegate=w.me, year=today.year, rating="excellent")
    Award.objects.create(term=w.term, year=today.year, kind="excellent_delegate", delegate=w.me)
    RosterImport.objects.create(
        term=w.term,
        file=ContentFile(b"name\n", name="roster.csv"),
        file_format="csv",
        created_by=office,
    )
    NonVotingAttendee.objects.create(
        term=w.term, name="赵列席", work_unit="镇人大", category="peoples_congress"
    )
    AccessAttempt.objects.create(
        username="delegate", ip_address="10.1.1.1", user_agent="test", failures_since_start=1
    )
    AccessLog.objects.create(username="delegate", ip_address="10.1.1.1", user_agent="test")
    AccessFailureLog.objects.create(
        username="delegate", ip_address="10.1.1.1", user_agent="test", locked_out=False
    )
    w.admin_objects[Group] = Group.objects.get(name=Role.DELEGATE.value)

    # Each role signed in once: the tests reuse the session instead of signing in each time.
    for role, user in w.users.items():
        if user is not None:
            client = Client()
            sign_in_as(client, user)
            w.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return w
