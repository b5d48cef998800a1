"""The demo's inquiry (质询): ten delegates question the town's construction office about the
stalled clinic road; the office routes it to that office, records the answer its director
gave at a meeting, and every signer rates it (issue 14, item 3). The rules stay at their
defaults: ten signers, and co-signers of other items do not rate."""

from datetime import date

from django.utils import timezone

from delegates.models import Delegate

from .inquiries import meeting_answer_record
from .models import Feedback, Proposal, Reply
from .ratings import reply_rate
from .services import (
    cosignature_answer,
    cosigners_invite,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
)

TITLE = "关于镇卫生院连接道路停工问题的质询"


def build_inquiry(*, me: Delegate, others: list, unit, category, office, account) -> None:
    """`account(delegate)` gives a co-signer their account, so that they answer and rate
    themselves, as the workflow requires."""
    if len(others) < 9 or Proposal.objects.filter(title=TITLE).exists():
        return
    item = proposal_draft_save(
        author=me,
        kind=Proposal.Kind.INQUIRY,
        inquired_unit=unit,
        title=TITLE,
        situation="镇卫生院连接道路去年开工，今年三月起停工至今，群众就医出行不便。",
        recommendations="请镇城乡建设办公室说明停工原因、复工时间和资金安排。",
    )
    signers = others[:9]
    for invitation in cosigners_invite(proposal=item, delegates=signers, invited_by=me.user):
        cosignature_answer(
            cosignature=invitation, confirm=True, answered_by=account(invitation.delegate)
        )
    proposal_submit(proposal=item, submitted_by=me.user)
    proposal_accept(proposal=item, category=category, accepted_by=office)
    proposal_route(proposal=item, lead=unit, routed_by=office, on=date(2026, 11, 2))
    meeting_answer_record(
        proposal=item,
        held_on=min(date(2026, 11, 25), timezone.localdate()),
        place="镇党委会议室",
        speaker="镇城乡建设办公室主任 陈建国",
        result=Reply.Result.B,
        minutes="停工系征地补偿未落实所致；补偿已于十一月兑付，道路定于十二月十五日复工，"
        "明年四月底前完工。",
        recorded_by=office,
    )
    item = Proposal.objects.get(pk=item.pk)  # as answered
    ratings = [Feedback.Rating.SATISFIED, Feedback.Rating.BASICALLY, Feedback.Rating.DISSATISFIED]
    for n, signer in enumerate(signers[:6]):
        reply_rate(proposal=item, rated_by=account(signer), overall=ratings[n % 3])
    reply_rate(proposal=item, rated_by=me.user, overall=Feedback.Rating.BASICALLY)
