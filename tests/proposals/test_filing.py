"""Filing: drafts and their text, co-signers, submitting, withdrawing, and the opinions the
office logs from reception days (proposals/services.py, the author's steps)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from proposals.models import Proposal, ProposalRules
from proposals.services import (
    cosigners_invite,
    proposal_draft_save,
    proposal_log_heard,
    proposal_submit,
    proposal_withdraw,
)
from tests.delegates.factories import DelegateFactory
from tests.proposals.kit import S, cosigned, draft, proposal_in
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_a_proposal_without_enough_cosigners_can_go_ahead_as_a_suggestion(
    author, colleagues, delegate
):
    item = draft(author)
    cosigned(item, colleagues[:5], confirmed=3)
    with pytest.raises(ValidationError, match="needs 5 confirmed co-signers and has 3"):
        proposal_submit(proposal=item, submitted_by=delegate)
    item.refresh_from_db()
    assert item.status == "draft"
    item = proposal_submit(proposal=item, submitted_by=delegate, as_suggestion=True)
    assert (item.status, item.kind) == ("submitted", "suggestion")


def test_during_a_session_more_cosigners_are_needed(author, colleagues, delegate, term):
    today = timezone.localdate()
    item = draft(author, session=SessionFactory(term=term, start_date=today, end_date=today))
    cosigned(item, colleagues[:6])
    with pytest.raises(ValidationError, match="needs 10 confirmed"):
        proposal_submit(proposal=item, submitted_by=delegate)
    rules = ProposalRules.current()
    rules.cosigners_during_session = 6
    rules.save()
    assert proposal_submit(proposal=item, submitted_by=delegate).status == "submitted"


def test_filed_on_a_sitting_day_without_naming_the_session_needs_the_sessions_number(
    author, colleagues, delegate, term
):
    """The day of filing decides: an item filed while a session sits needs the session's
    number of co-signers though the author left the session empty, and belongs to it."""
    today = timezone.localdate()
    sitting = SessionFactory(
        term=term, start_date=today - datetime.timedelta(days=1), end_date=today
    )
    item = draft(author)  # no session named
    cosigned(item, colleagues[:6])
    with pytest.raises(ValidationError, match="needs 10 confirmed co-signers and has 6"):
        proposal_submit(proposal=item, submitted_by=delegate)
    item.refresh_from_db()
    assert (item.status, item.session, item.submitted_at) == ("draft", None, None)
    submitted = proposal_submit(proposal=item, submitted_by=delegate, as_suggestion=True)
    assert (submitted.kind, submitted.session) == ("suggestion", sitting)


def test_naming_a_session_on_a_day_between_sessions_needs_the_between_sessions_number(
    author, colleagues, delegate, term
):
    later = timezone.localdate() + datetime.timedelta(days=10)
    upcoming = SessionFactory(term=term, start_date=later, end_date=later)
    item = draft(author, session=upcoming)
    cosigned(item, colleagues[:5])
    submitted = proposal_submit(proposal=item, submitted_by=delegate)
    assert (submitted.kind, submitted.session) == ("proposal", upcoming)


def test_suggestions_need_no_cosigners_and_opinions_come_from_reception_days(
    author, delegate, secretariat
):
    assert (
        proposal_submit(proposal=draft(author, kind="suggestion"), submitted_by=delegate).status
        == "submitted"
    )
    heard = proposal_log_heard(
        received_by=author,
        title="村道路灯损坏",
        situation="庆云村道路灯损坏多日。",
        recommendations="请尽快修复。",
        logged_by=secretariat,
    )
    assert (heard.kind, heard.source, heard.status) == ("opinion", "reception_day", "submitted")


def test_cosigning_is_for_other_active_delegates(author, delegate, term):
    item = draft(author)
    with pytest.raises(ValidationError, match="does not co-sign their own"):
        cosigners_invite(proposal=item, delegates=[author], invited_by=item.author.user)
    never_elected = DelegateFactory(term=term)
    with pytest.raises(ValidationError, match="not an active delegate"):
        cosigners_invite(proposal=item, delegates=[never_elected], invited_by=item.author.user)


def test_withdraw_before_review_only(author, colleagues, delegate, secretariat, education):
    item, _ = proposal_in(S.SUBMITTED, author=author, kind="proposal", cosigners=colleagues[:5])
    assert item.kind == "proposal"
    assert proposal_withdraw(proposal=item, withdrawn_by=delegate).status == "withdrawn"
    other, _ = proposal_in(
        S.ACCEPTED,
        author=author,
        kind="proposal",
        cosigners=colleagues[1:] + colleagues[:1],
        category=education,
        office=secretariat,
    )
    with pytest.raises(ValidationError, match="cannot be withdrawn now"):
        proposal_withdraw(proposal=other, withdrawn_by=delegate)


def test_empty_and_oversized_text_is_refused(author):
    with pytest.raises(ValidationError) as empty:
        proposal_draft_save(
            author=author, kind="suggestion", title="", situation="", recommendations="x"
        )
    assert set(empty.value.message_dict) == {"title", "situation"}
    with pytest.raises(ValidationError, match="at most 3000 characters"):
        proposal_draft_save(
            author=author,
            kind="suggestion",
            title="长",
            situation="字" * 3000,
            recommendations="多",
        )
    assert not Proposal.objects.exists()


def test_withdrawing_asks_for_a_confirmation(client_for, author, delegate):
    """Issue 12, 1.13: withdrawing cannot be undone, so the author ticks a box that says so;
    without it, nothing happens and the page says what is missing."""
    item = draft(author, kind="suggestion")
    client = client_for(delegate)
    page = client.post(f"/proposals/{item.pk}/withdraw/", {})
    assert page.context["withdraw_form"].errors["confirm"] == ["Tick the box to confirm."]
    assert Proposal.objects.get(pk=item.pk).status == "draft"
    client.post(f"/proposals/{item.pk}/withdraw/", {"confirm": "on"})
    assert Proposal.objects.get(pk=item.pk).status == "withdrawn"


def test_the_cosigner_picker_offers_no_terminated_delegate(author, colleagues, delegate):
    from delegates.services import delegate_change_qualification
    from proposals.selectors import cosign_choices
    from tests.core.factories import office_user

    leaving = colleagues[0]
    delegate_change_qualification(
        delegate=leaving,
        kind="terminated",
        effective_date=timezone.localdate(),
        reason="调离本镇",
        decision_reference="镇党委〔2026〕3号",
        recorded_by=office_user(),
    )
    item = draft(author)
    offered = cosign_choices(item, leaving.name)
    assert leaving not in offered and cosign_choices(item, colleagues[1].name)
    with pytest.raises(ValidationError, match="not an active delegate"):
        cosigners_invite(proposal=item, delegates=[leaving], invited_by=delegate)
    assert not item.cosignatures.exists()
