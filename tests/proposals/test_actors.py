"""Every service that acts for a person refuses the wrong person, whatever page (or script)
called it, and writes nothing: the pages only offer a step to the person the workflow names
(proposals/workflow.py), and the services check it again."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from proposals.models import Assignment, Proposal
from proposals.services import (
    assignment_send_back,
    attachment_add,
    cosignature_answer,
    cosigners_invite,
    deadline_set,
    extension_decide,
    extension_request,
    feedback_submit,
    proposal_accept,
    proposal_decline,
    proposal_draft_save,
    proposal_log_heard,
    proposal_merge,
    proposal_remind,
    proposal_route,
    proposal_submit,
    proposal_withdraw,
    reply_submit,
)
from proposals.workflow import PROPOSAL_WORKFLOW, steps_open_to
from tests.core.documents import PDF
from tests.proposals.kit import S, draft, proposal_in, user_of

pytestmark = pytest.mark.django_db

AUTHOR_ONLY = "Only the author"
OFFICE_ONLY = "Only the congress office"
UNIT_ONLY = "Only the staff of the unit"
LEAD_ONLY = "Only the lead unit"


def _snapshot(item):
    """What a refused step must leave as it was."""
    item = Proposal.objects.get(pk=item.pk)
    return (
        item.status,
        item.title,
        item.events.count(),
        item.attachments.count(),
        sorted(item.cosignatures.values_list("delegate_id", "status")),
        sorted(Assignment.objects.filter(proposal=item).values_list("pk", "deadline")),
    )


def refused(call, item, match):
    before = _snapshot(item)
    with pytest.raises(ValidationError, match=match):
        call()
    assert _snapshot(item) == before


@pytest.fixture
def stranger(other_delegate):
    return other_delegate.delegate_records.get()


def test_the_authors_steps_refuse_anybody_else(
    author, delegate, other_delegate, stranger, colleagues, secretariat
):
    item = draft(author)
    (invitation,) = cosigners_invite(proposal=item, delegates=colleagues[:1], invited_by=delegate)
    invitee = user_of(colleagues[0])
    # Answering an invitation is the invitee's, not the author's nor the office's.
    for who in (delegate, secretariat, other_delegate):
        refused(
            lambda who=who: cosignature_answer(
                cosignature=invitation, confirm=True, answered_by=who
            ),
            item,
            "Only the delegate asked",
        )
    for who in (stranger, colleagues[0]):
        refused(
            lambda who=who: proposal_draft_save(
                author=who,
                proposal=item,
                kind="suggestion",
                title="别人改的标题",
                situation="情况",
                recommendations="建议",
            ),
            item,
            AUTHOR_ONLY,
        )
    steps = [
        lambda who: attachment_add(
            proposal=item, uploaded_file=SimpleUploadedFile("a.pdf", PDF), added_by=who
        ),
        lambda who: cosigners_invite(proposal=item, delegates=colleagues[1:2], invited_by=who),
        lambda who: proposal_submit(proposal=item, submitted_by=who, as_suggestion=True),
        lambda who: proposal_withdraw(proposal=item, withdrawn_by=who),
    ]
    for step in steps:
        for who in (other_delegate, invitee, secretariat, None):
            refused(lambda step=step, who=who: step(who), item, AUTHOR_ONLY)
    # Nothing else stood in the way: the author may take each of them.
    for step in steps:
        step(delegate)
    assert Proposal.objects.get(pk=item.pk).status == S.WITHDRAWN


def test_the_offices_steps_refuse_delegates_and_units(
    author, delegate, unit, other_unit, unit_staff, education
):
    submitted, _ = proposal_in(S.SUBMITTED, author=author)
    accepted, _ = proposal_in(S.ACCEPTED, author=author, title="另一条建议")
    assigned, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, title="第三条建议")
    lead = extension_request(
        assignment=lead,
        until=lead.deadline + datetime.timedelta(days=30),
        reason="需要调研。",
        asked_by=unit_staff,
    )
    steps = [
        (
            submitted,
            lambda who: proposal_accept(proposal=submitted, category=education, accepted_by=who),
        ),
        (
            submitted,
            lambda who: proposal_decline(
                proposal=submitted, reason="不属于本级。", declined_by=who
            ),
        ),
        (submitted, lambda who: proposal_merge(proposal=submitted, into=accepted, merged_by=who)),
        (accepted, lambda who: proposal_route(proposal=accepted, lead=other_unit, routed_by=who)),
        (
            assigned,
            lambda who: deadline_set(
                proposal=assigned, deadline=lead.deadline, reason="提前。", set_by=who
            ),
        ),
        (assigned, lambda who: proposal_remind(proposal=assigned, reminded_by=who)),
        (assigned, lambda who: extension_decide(assignment=lead, grant=True, decided_by=who)),
    ]
    for item, step in steps:
        for who in (delegate, unit_staff, None):
            refused(lambda step=step, who=who: step(who), item, OFFICE_ONLY)
    with pytest.raises(ValidationError, match=OFFICE_ONLY):
        proposal_log_heard(
            received_by=author,
            title="路灯",
            situation="路灯坏了。",
            recommendations="请修。",
            logged_by=delegate,
        )
    assert not Proposal.objects.filter(title="路灯").exists()


def test_the_units_steps_refuse_other_units_and_the_co_unit_what_is_the_leads(
    author, unit, other_unit, unit_staff, other_unit_staff, delegate, other_delegate, secretariat
):
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit, co_units=[other_unit])
    co = item.assignments.get(role=Assignment.Role.CO)
    later = lead.deadline + datetime.timedelta(days=30)
    lead_steps = {
        "reply": lambda who: reply_submit(
            assignment=lead, result="A", text="已办。", replied_by=who
        ),
        "send back": lambda who: assignment_send_back(
            assignment=lead, reason="不是本单位的事。", sent_back_by=who
        ),
        "extension": lambda who: extension_request(
            assignment=lead, until=later, reason="需要时间。", asked_by=who
        ),
    }
    for step in lead_steps.values():
        for who in (other_unit_staff, delegate, secretariat, None):
            refused(lambda step=step, who=who: step(who), item, UNIT_ONLY)
    # The co-handling unit's staff: their own assignment does not carry the lead's steps.
    refused(
        lambda: assignment_send_back(assignment=co, reason="不是。", sent_back_by=other_unit_staff),
        item,
        LEAD_ONLY,
    )
    refused(
        lambda: extension_request(
            assignment=co, until=later, reason="慢。", asked_by=other_unit_staff
        ),
        item,
        LEAD_ONLY,
    )
    refused(
        lambda: reply_submit(assignment=co, result="A", text="同意。", replied_by=unit_staff),
        item,
        UNIT_ONLY,
    )
    # The right people may.
    reply_submit(assignment=co, result="A", text="同意。", replied_by=other_unit_staff)
    reply = reply_submit(assignment=lead, result="A", text="已办。", replied_by=unit_staff)
    # Rating is the author's.
    for who in (secretariat, unit_staff, other_delegate):
        refused(
            lambda who=who: feedback_submit(reply=reply, overall="satisfied", rated_by=who),
            item,
            AUTHOR_ONLY,
        )
    feedback_submit(reply=reply, overall="satisfied", rated_by=delegate)
    assert Proposal.objects.get(pk=item.pk).status == S.CLOSED


def test_pages_are_offered_each_persons_steps_from_the_table(
    author, delegate, other_delegate, unit, unit_staff, other_unit_staff, secretariat
):
    """`steps_open_to` asks the services' own check (`StepCheck`) without acting: for an
    assigned item and a draft, each person is offered exactly the table's steps for that
    status and person (the tests above show the services refuse the others)."""
    item, lead = proposal_in(S.ASSIGNED, author=author, unit=unit)
    assert steps_open_to(delegate, item) == {}
    assert steps_open_to(unit_staff, item, assignment=lead) == {
        "sent_back": True,
        "replied": True,
        "extension_asked": True,
        "consulted": True,
        "review_asked": True,
    }
    assert steps_open_to(other_unit_staff, item, assignment=lead) == {}
    assert set(steps_open_to(secretariat, item)) == {"deadline_set", "reminded"}
    draft_item = draft(author, title="草稿")
    assert set(steps_open_to(delegate, draft_item)) == {
        "change",
        "attach",
        "invite",
        "submitted",
        "withdrawn",
    }
    assert steps_open_to(other_delegate, draft_item) == {}


def test_the_table_knows_every_status_and_every_timeline_action():
    from proposals.models import ProposalEvent

    reached = {target for _source, _step, target in PROPOSAL_WORKFLOW.moves()}
    assert reached | {S.DRAFT} == set(S)
    assert set(ProposalEvent.Action) <= set(PROPOSAL_WORKFLOW.steps)
