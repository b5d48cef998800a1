"""Demo handling units, categories and items in every state, including the seed's school
multimedia, kindergarten and health-centre items. Built through the services; safe to run
again (items are keyed by their titles)."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from congress_office.demo import DemoLogin, demo_user
from congress_office.roles import Role, user_grant_role
from delegates.demo_contacts import RAISED_FOR_SUGGESTION
from delegates.models import Contact, Delegate, QuestionAnswer
from delegates.services import delegate_link_user
from sessions.models import Session

from .contact_suggestions import proposal_from_contact
from .demo_inquiry import build_inquiry
from .demo_replies import joint_reply, reviewed_reply
from .models import Feedback, HandlingUnit, Proposal, ProposalCategory, ProposalRules, Reply
from .services import (
    cosignature_answer,
    cosigners_invite,
    feedback_submit,
    proposal_accept,
    proposal_decline,
    proposal_draft_save,
    proposal_log_heard,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from .solicited import answer_text, proposal_from_answer
from .units import unit_add_staff, unit_staff

Kind = Proposal.Kind
Rating = Feedback.Rating
Result = Reply.Result

UNITS = [
    "镇党政办公室",
    "镇经济发展办公室",
    "镇农业农村办公室",
    "镇社会事业办公室",
    "镇城乡建设办公室",
    "镇综合治理办公室",
    "镇财政所",
    "镇教育办公室",
]
CATEGORIES = [
    "党的建设",
    "经济发展",
    "教育",
    "医疗卫生",
    "生态环境",
    "社会保障",
    "城乡建设",
    "其他",
]


def build() -> list[DemoLogin]:
    units = {name: HandlingUnit.objects.get_or_create(name=name)[0] for name in UNITS}
    staff, login = demo_user(username="unit", role=Role.UNIT_STAFF, first_name="王科员")
    unit_add_staff(unit=units["镇教育办公室"], user=staff)
    categories = {
        name: ProposalCategory.objects.get_or_create(name=name, defaults={"order": n})[0]
        for n, name in enumerate(CATEGORIES)
    }
    _items(units, categories, staff)
    _from_answer()
    # The demo shows the public list of closed items (/proposals/public/); offices choose.
    ProposalRules.objects.update_or_create(singleton=True, defaults={"publish_closed_items": True})
    return [login]


def _from_answer():
    """One answer to the demo's open solicitation taken up as a suggestion, the first time."""
    office = get_user_model().objects.filter(username="office").first()
    if office is None or Proposal.objects.filter(source=Proposal.Source.SOLICITATION).exists():
        return
    answer = (
        QuestionAnswer.objects.filter(response__sent_at__isnull=False, text__contains="卫生院")
        .select_related("response")
        .order_by("pk")
        .first()
    )
    if answer is None:
        return
    situation, recommendations = answer_text(answer.response)
    proposal_from_answer(
        response=answer.response,
        made_by=office,
        title="关于加强镇卫生院医疗力量的建议",
        situation=situation,
        recommendations=recommendations,
    )


def _clerk(unit):
    """Somebody who works for the unit: the demo login for the education office, an account
    without a password (nobody signs in with it) for each of the others."""
    clerk = unit_staff(unit).first()
    if clerk is None:
        clerk, _created = get_user_model().objects.get_or_create(
            username=f"unit-{unit.pk}", defaults={"first_name": unit.name}
        )
        clerk.set_unusable_password()
        clerk.save(update_fields=["password"])
        unit_add_staff(unit=unit, user=clerk)
    return clerk


def _account(delegate):
    """The delegate's account (one without a password when the demo gave them none), so
    that they answer an invitation to co-sign themselves, as the workflow requires."""
    if delegate.user_id is None:
        user, _created = get_user_model().objects.get_or_create(
            username=f"delegate-{delegate.pk}", defaults={"first_name": delegate.name}
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user_grant_role(user=user, role=Role.DELEGATE)
        delegate_link_user(delegate=delegate, user=user)
        delegate.refresh_from_db()
    return delegate.user


# Items routed some time before the demo is built, so that the desk and the inboxes show every
# colour of the time left (proposals/deadlines.py) on whatever day it is built: (title, lead
# unit, days before today, category). Three months given: ten days ago reads on time, eighty
# due soon, a hundred and twenty overdue.
AT_EACH_COLOUR = [
    ("关于加快农村危房改造的建议", "镇城乡建设办公室", 10, "城乡建设"),
    ("关于整治村道路灯的建议", "镇城乡建设办公室", 80, "城乡建设"),
    ("关于规范农贸市场秩序的建议", "镇综合治理办公室", 120, "社会保障"),
    ("关于增加乡村学校图书的建议", "镇教育办公室", 78, "教育"),
    ("关于改善学校食堂条件的建议", "镇教育办公室", 125, "教育"),
]


def _at_each_colour(file, units, categories, office):
    today = timezone.localdate()
    for title, lead, days_ago, category in AT_EACH_COLOUR:
        item = file(title, "群众反映较多。", "建议尽快研究解决。", at_session=False)
        proposal_accept(proposal=item, category=categories[category], accepted_by=office)
        proposal_route(
            proposal=item,
            lead=units[lead],
            routed_by=office,
            responsible_person="李主任",
            on=today - timedelta(days=days_ago),
        )


def _items(units, categories, staff):
    users = get_user_model().objects
    me = Delegate.objects.filter(user__username="delegate").first()
    office = users.filter(username="office").first()
    if me is None or Proposal.objects.filter(author=me).exists():
        return
    me_user = me.user
    session = Session.objects.filter(term=me.term, ordinal=3).first()
    others = list(
        Delegate.objects.filter(term=me.term, status=Delegate.Status.ACTIVE)
        .exclude(pk=me.pk)
        .order_by("pk")
    )

    def file(title, situation, recommendations, kind=Kind.SUGGESTION, author=me, at_session=True):
        item = proposal_draft_save(
            author=author,
            kind=kind,
            title=title,
            situation=situation,
            recommendations=recommendations,
            session=session if at_session else None,
        )
        return proposal_submit(proposal=item, submitted_by=author.user, as_suggestion=True)

    def routed(item, category, lead, on, co=()):
        proposal_accept(proposal=item, category=categories[category], accepted_by=office)
        return proposal_route(
            proposal=item,
            lead=units[lead],
            co_units=[units[u] for u in co],
            routed_by=office,
            responsible_person="李主任",
            on=on,
        )

    def handled(item, category, lead, on, result, text):
        lead_assignment, *_ = routed(item, category, lead, on)
        return lead_assignment, reply_submit(
            assignment=lead_assignment, result=result, text=text, replied_by=_clerk(units[lead])
        )

    # The seed's three items, filed at the 3rd session and all answered.
    school = file(
        "关于为镇中心小学配备多媒体教学设备的建议",
        "镇中心小学和各村完小的教室没有多媒体教学设备，影响教学质量。",
        "建议教育部门统筹资金，为各校教室配备多媒体教学设备。",
    )
    _, reply = handled(
        school,
        "教育",
        "镇教育办公室",
        date(2024, 2, 1),
        Result.A,
        "已为镇中心小学及各村完小 36 间教室配备多媒体教学设备。",
    )
    feedback_submit(reply=reply, overall=Rating.SATISFIED, rated_by=me_user, comment="感谢！")

    kindergarten = file(
        "关于新建镇中心幼儿园的建议",
        "全镇没有公办幼儿园，适龄儿童需到外镇入园。",
        "建议规划新建一所公办中心幼儿园。",
    )
    # Consulted on a visit; the co-handling unit's view taken in.
    lead, *co = routed(kindergarten, "教育", "镇教育办公室", date(2024, 2, 1), ["镇城乡建设办公室"])
    reply = joint_reply(
        lead,
        co,
        clerk=_clerk,
        result=Result.B,
        text="新建镇中心幼儿园已列入 2024 年建设计划，正在选址。",
        view_text="同意在镇区规划用地中为幼儿园预留选址，配合做好规划审批。",
    )
    feedback_submit(reply=reply, overall=Rating.SATISFIED, rated_by=me_user)
    reply_submit(
        assignment=lead,
        result=Result.A,
        text="镇中心幼儿园已于 2025 年 9 月建成开园。",
        replied_by=staff,
    )

    clinic = file(
        "关于建设镇卫生院的建议",
        "镇里没有卫生院，群众看病要到市区。",
        "建议建设镇卫生院并配备全科医生。",
    )
    # The office reviewed the reply: sent the first draft back, released the second.
    lead, *_ = routed(clinic, "医疗卫生", "镇社会事业办公室", date(2024, 2, 1))
    reply = reviewed_reply(
        lead,
        clerk=_clerk,
        office=office,
        result=Result.A,
        draft="镇卫生院已建成。",
        text="镇卫生院已于 2025 年 6 月建成投用，配备全科医生 6 名。",
    )
    feedback_submit(reply=reply, overall=Rating.BASICALLY, rated_by=me_user)

    # Dissatisfied: a second round is under way.
    road = file(
        "关于修复庆云村道路的建议",
        "庆云村主干道破损严重，雨天积水。",
        "建议尽快修复。",
        at_session=False,
    )
    _, reply = handled(
        road,
        "城乡建设",
        "镇城乡建设办公室",
        date(2026, 9, 1),
        Result.C,
        "因资金原因暂缓修复，列入参考。",
    )
    feedback_submit(
        reply=reply, overall=Rating.DISSATISFIED, rated_by=me_user, comment="群众反映强烈。"
    )

    # Being handled, waiting to be accepted or routed, declined; an opinion from a reception day.
    water = file(
        "关于改善农村饮用水水质的建议",
        "部分村饮用水水质不稳定。",
        "建议加强监测。",
        at_session=False,
    )
    proposal_accept(proposal=water, category=categories["生态环境"], accepted_by=office)
    proposal_route(
        proposal=water, lead=units["镇农业农村办公室"], routed_by=office, on=date(2026, 10, 20)
    )
    # An open item for the demo unit account's own inbox.
    bus = file(
        "关于增开校车线路的建议",
        "偏远村的学生上学路远，没有校车。",
        "建议增开两条校车线路。",
        at_session=False,
    )
    proposal_accept(proposal=bus, category=categories["教育"], accepted_by=office)
    proposal_route(
        proposal=bus,
        lead=units["镇教育办公室"],
        co_units=[units["镇财政所"]],
        routed_by=office,
        responsible_person="李主任",
        on=date(2026, 11, 2),
    )
    _at_each_colour(file, units, categories, office)
    accepted = file(
        "关于增设老年食堂的建议", "独居老人吃饭难。", "建议各村增设老年食堂。", at_session=False
    )
    proposal_accept(proposal=accepted, category=categories["社会保障"], accepted_by=office)
    file(
        "关于加强党员教育培训的建议", "部分农村党员学习不经常。", "建议开设夜校。", at_session=False
    )
    declined = file(
        "关于提高全市最低工资标准的建议", "最低工资偏低。", "建议提高最低工资。", at_session=False
    )
    proposal_decline(
        proposal=declined, reason="属于市级事权，已转市人大代表反映。", declined_by=office
    )
    proposal_log_heard(
        received_by=me,
        title="村口路灯损坏",
        situation="接待日群众反映村口路灯损坏。",
        recommendations="请尽快维修。",
        logged_by=office,
    )
    # What the demo delegate raised to their committee member (delegates/demo_contacts.py).
    raised = Contact.objects.filter(delegate=me, raised=RAISED_FOR_SUGGESTION).first()
    if raised is not None:
        proposal_from_contact(
            contact=raised,
            title="关于在村文化礼堂设立老年食堂的建议",
            situation=raised.raised,
            recommendations="建议由镇民政部门统筹，村集体提供场地，引入社会力量运营。",
            logged_by=office,
        )

    # A formal proposal still collecting co-signers: the demo leader is asked to co-sign.
    draft = proposal_draft_save(
        author=me,
        kind=Kind.PROPOSAL,
        title="关于发展榨菜特色产业的提案",
        situation="榨菜产业规模小、品牌弱。",
        recommendations="建议设立产业扶持资金，打造区域品牌。",
    )
    invitations = cosigners_invite(proposal=draft, delegates=others[:5], invited_by=me_user)
    for invitation in invitations[:3]:
        cosignature_answer(
            cosignature=invitation, confirm=True, answered_by=_account(invitation.delegate)
        )
    leader = Delegate.objects.filter(user__username="leader").first()
    if leader is not None and leader.pk != me.pk:
        cosigners_invite(proposal=draft, delegates=[leader], invited_by=me_user)
    build_inquiry(
        me=me,
        others=others[5:],
        unit=units["镇城乡建设办公室"],
        category=categories["城乡建设"],
        office=office,
        account=_account,
    )
