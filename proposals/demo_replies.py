"""The demo's replies as the best offices run them (issue 14, items 5 to 7): a reply that rests
on a consultation with the delegate and takes in a co-handling unit's view, and one the office
reviewed, sent back once and released. The office's review is switched on only while that
reply is made: the demo's rules keep today's default (no review)."""

from datetime import date

from .models import Consultation, ProposalRules, Reply
from .reply_steps import consultation_record, reply_release, reply_return
from .services import reply_submit


def joint_reply(lead, co_assignments, *, clerk, result, text, view_text) -> Reply:
    """The lead unit visits the delegate, receives the co-handling units' views, and replies
    taking them in."""
    consultation_record(
        assignment=lead,
        held_on=date(2024, 2, 20),
        way=Consultation.Way.VISIT,
        agreed="上门听取代表意见，商定先列入建设计划、年内完成选址，代表表示同意。",
        recorded_by=clerk(lead.unit),
    )
    views = [
        reply_submit(assignment=co, result=result, text=view_text, replied_by=clerk(co.unit))
        for co in co_assignments
    ]
    return reply_submit(
        assignment=lead, result=result, text=text, replied_by=clerk(lead.unit), views_taken_in=views
    )


def reviewed_reply(lead, *, clerk, office, result, draft, text) -> Reply:
    """The office reviews the lead unit's reply: sends the first draft back with a reason, and
    releases the second."""
    rules = ProposalRules.current()
    rules.review_replies = True
    rules.save()
    try:
        reply_submit(assignment=lead, result=result, text=draft, replied_by=clerk(lead.unit))
        reply_return(
            proposal=lead.proposal,
            reason="答复未写明卫生院投用时间和医生配备情况，请补充后重新报送。",
            returned_by=office,
        )
        reply_submit(assignment=lead, result=result, text=text, replied_by=clerk(lead.unit))
        return reply_release(proposal=lead.proposal, released_by=office)
    finally:
        rules.review_replies = False
        rules.save()
