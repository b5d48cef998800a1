"""Fuzzing with hypothesis: profiles, and a small office with something in every state for the
forms to act on.

Profiles (HYPOTHESIS_PROFILE=...): `ci` (the default) keeps the suite within about two minutes
on SQLite and is derandomized: every run tries the same examples, so a change cannot be refused
for a bug that a lucky draw happened upon elsewhere (it happened: an over-long user name). The
hunting is done with `deep`: many more examples, freshly drawn each run, by hand and on
PostgreSQL too, whose column lengths SQLite does not enforce. The office is built once per
module, in a transaction rolled back after the module; every example runs in a savepoint rolled
back at its end (`helpers.isolated`), which is why the function-scoped fixture health check is
off. A failure prints the blob that replays it (`@reproduce_failure`).
"""

import datetime
import os
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings

from congress_office.models import CalendarDay
from congress_office.roles import Role
from delegates.models import (
    Activity,
    ActivityParticipation,
    Assessment,
    Award,
    NonVotingAttendee,
    ReceptionRule,
)
from delegates.services import delegate_change_qualification, delegation_set_leader
from evaluations.models import EvaluationRules
from evaluations.services import entitlements_set, evaluation_open, tellers_set
from proposals.models import ProposalCategory, ProposalRules
from proposals.services import (
    cosigners_invite,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from proposals.units import unit_add_staff
from sessions.models import Attendance, Resolution, Session
from sessions.services import resolution_add_version, voting_rule_for
from tests.core.factories import UserFactory
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory, TermFactory
from tests.delegates.helpers import enter
from tests.evaluations.factories import CriterionFactory, EvaluationFactory, SubjectFactory
from tests.proposals.factories import HandlingUnitFactory
from tests.sessions.factories import SessionFactory, SittingFactory

from .helpers import forget_admin_forms

_common = {
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,  # each example is isolated by a savepoint
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}
settings.register_profile("ci", max_examples=30, derandomize=True, database=None, **_common)
settings.register_profile("deep", max_examples=500, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _user(username, role=None):
    return UserFactory(username=username, role=role)


def _draft(author, title):
    return proposal_draft_save(
        author=author,
        kind="proposal",
        title=title,
        situation="镇中心小学各教室没有多媒体教学设备。",
        recommendations="请教育部门配备。",
    )


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    """A town congress mid-term: delegates in every qualification state, a session in
    progress with a quorum checked in, items at every step of handling, an open and a draft
    evaluation. Every role has a user.

    Built once per module inside a transaction that is rolled back after the module's last
    test; each test runs in its own savepoint within it, and each example in another."""
    forget_admin_forms()
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_office()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _database(db):
    """Every fuzz test uses the database (in a savepoint of the module's transaction)."""


def _build_office():
    term = TermFactory(name="第十五届测试镇党代会")
    other_term = TermFactory(
        name="第十四届测试镇党代会",
        start_date=datetime.date(2017, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    village = ElectoralUnitFactory(term=term, name="庆云村党委", seats=12)
    full = ElectoralUnitFactory(term=term, name="机关党委", seats=1)
    ElectoralUnitFactory(term=other_term, name="庆云村党委", seats=5)
    rural = DelegationFactory(term=term, name="农村代表团")
    DelegationFactory(term=term, name="机关代表团")
    old_delegation = DelegationFactory(term=other_term, name="农村代表团")

    secretariat = _user("office", Role.SECRETARIAT)
    delegate_user = _user("delegate", Role.DELEGATE)
    other_user = _user("other_delegate", Role.DELEGATE)
    teller = _user("teller")
    nobody = _user("nobody")

    author = enter(term, village, name="张代表", delegation=rural)
    author.user = delegate_user
    author.save(update_fields=["user"])
    other = enter(term, village, name="王代表", delegation=rural)
    other.user = other_user
    other.save(update_fields=["user"])
    colleagues = [enter(term, village, delegation=rural) for _ in range(6)]
    enter(term, full, name="机关代表")
    suspended = enter(term, village, name="停职代表")
    delegate_change_qualification(
        delegate=suspended,
        kind="suspended",
        effective_date=datetime.date(2023, 3, 1),
        decision_reference="决定",
        reason="调查",
        recorded_by=secretariat,
    )
    left = enter(term, village, name="离任代表")
    delegate_change_qualification(
        delegate=left,
        kind="terminated",
        effective_date=datetime.date(2023, 6, 1),
        decision_reference="决定",
        reason="调离",
        recorded_by=secretariat,
    )
    old = enter(
        other_term, other_term.electoral_units.get(), name="往届代表", day=other_term.start_date
    )
    old.delegation = old_delegation
    old.save(update_fields=["delegation"])
    delegation_set_leader(delegation=rural, leader=author)
    delegates = [author, other, *colleagues]
    activity = Activity.objects.create(
        term=term,
        kind="research",
        date=datetime.date(2024, 3, 1),
        place="村委会",
        topic="调研",
        delegation=rural,
    )
    ActivityParticipation.objects.create(activity=activity, delegate=author, people_contacted=3)
    assessment = Assessment.objects.create(
        delegate=author, year=2024, rating="excellent", assessed_by=secretariat
    )
    award = Award.objects.create(term=term, year=2024, kind="excellent_delegate", delegate=author)
    attendee = NonVotingAttendee.objects.create(
        term=term, name="列席人", work_unit="镇政府", category="government"
    )
    holiday = CalendarDay.objects.create(
        date=datetime.date(2026, 10, 1), kind="holiday", name="国庆节"
    )
    reception_rule = ReceptionRule.current()

    # Sessions: one in progress with most delegates present, one closed.
    session = SessionFactory(term=term, ordinal=2, name="第二次会议")
    Session.objects.filter(pk=session.pk).update(status=Session.Status.IN_PROGRESS)
    session.refresh_from_db()
    sitting = SittingFactory(session=session)
    afternoon = SittingFactory(session=session, part="afternoon")
    Attendance.objects.bulk_create(
        Attendance(sitting=sitting, delegate=d, status="present", method="list") for d in delegates
    )
    closed_session = SessionFactory(term=term, ordinal=1, name="第一次会议")
    Session.objects.filter(pk=closed_session.pk).update(status=Session.Status.CLOSED)
    closed_session.refresh_from_db()
    closed_sitting = SittingFactory(session=closed_session, date=closed_session.start_date)
    item = session.agenda_items.create(order=1, kind="resolution", title="关于工作报告的决议")
    election = session.agenda_items.create(order=2, kind="election", title="选举")
    resolution = Resolution.objects.create(session=session, agenda_item=item, title="决议")
    resolution_add_version(resolution=resolution, text="决议草案", created_by=secretariat)
    voting_rule = voting_rule_for(term=term, matter="election")

    # Proposals at each step, handled by two units.
    unit = HandlingUnitFactory(name="镇教育办公室")
    other_unit = HandlingUnitFactory(name="镇财政所")
    unit_staff = _user("unit_staff")
    other_unit_staff = _user("other_unit_staff")
    unit_add_staff(unit=unit, user=unit_staff)
    unit_add_staff(unit=other_unit, user=other_unit_staff)
    proposal_rules = ProposalRules.current()
    education = ProposalCategory.objects.create(name="教育")
    draft = _draft(author, "草稿")
    cosigners_invite(proposal=draft, delegates=[other], invited_by=delegate_user)
    submitted = proposal_submit(
        proposal=_draft(author, "已提交"), submitted_by=delegate_user, as_suggestion=True
    )
    accepted = proposal_accept(
        proposal=proposal_submit(
            proposal=_draft(author, "已立案"), submitted_by=delegate_user, as_suggestion=True
        ),
        category=education,
        accepted_by=secretariat,
    )

    def routed(title):
        item = proposal_accept(
            proposal=proposal_submit(
                proposal=_draft(author, title), submitted_by=delegate_user, as_suggestion=True
            ),
            category=education,
            accepted_by=secretariat,
        )
        lead, co = proposal_route(
            proposal=item, lead=unit, co_units=[other_unit], routed_by=secretariat
        )
        return item, lead, co

    assigned, lead, co = routed("已交办")
    replied, replied_lead, _co = routed("已答复")
    reply_submit(assignment=replied_lead, result="B", text="正在解决。", replied_by=unit_staff)

    # Evaluations: one open (the delegate entitled, a teller), one draft.
    def evaluation(title, subjects=2, criteria=2, **fields):
        made = EvaluationFactory(session=session, title=title, **fields)
        for n in range(subjects):
            SubjectFactory(evaluation=made, name=f"班子成员{n}", is_team=n == 0)
        for n in range(criteria):
            CriterionFactory(evaluation=made, name=f"指标{n}")
        return made

    open_evaluation = evaluation("民主测评", allow_dont_know=True)
    entitlements_set(evaluation=open_evaluation, delegates=delegates)
    tellers_set(evaluation=open_evaluation, users=[teller])
    evaluation_open(evaluation=open_evaluation, opened_by=secretariat)
    draft_evaluation = evaluation(
        "信任度测评",
        kind="confidence",
        scale="trust",
        opens_at=timezone.now() + datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=2),
    )
    tellers_set(evaluation=draft_evaluation, users=[teller])
    evaluation_rules = EvaluationRules.current()

    return SimpleNamespace(**{k: v for k, v in locals().items() if not callable(v)})
