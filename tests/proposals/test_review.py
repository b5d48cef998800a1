"""The office's review: accepting (and converting), merging, declining, numbering, and the
steps the workflow refuses from the wrong status (proposals/workflow.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from proposals.models import Proposal
from proposals.services import (
    proposal_accept,
    proposal_decline,
    proposal_merge,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from tests.proposals.kit import S, draft, proposal_in, staff_of

pytestmark = pytest.mark.django_db


def test_convert_merge_and_decline(author, colleagues, delegate, secretariat, education):
    first, _ = proposal_in(S.SUBMITTED, author=author, kind="proposal", cosigners=colleagues[:5])
    converted = proposal_accept(
        proposal=first, category=education, accepted_by=secretariat, as_suggestion=True
    )
    assert (converted.kind, converted.status) == ("suggestion", "accepted")
    assert converted.events.last().action == "converted"
    similar = proposal_submit(proposal=draft(author, kind="suggestion"), submitted_by=delegate)
    merged = proposal_merge(proposal=similar, into=converted, merged_by=secretariat)
    assert (merged.status, merged.merged_into) == ("merged", converted)
    third = proposal_submit(proposal=draft(author, kind="opinion"), submitted_by=delegate)
    with pytest.raises(ValidationError, match="Give the reason"):
        proposal_decline(proposal=third, reason=" ", declined_by=secretariat)
    declined = proposal_decline(proposal=third, reason="不属于本镇事权。", declined_by=secretariat)
    assert declined.events.last().note == "不属于本镇事权。"


def test_numbers_run_on_within_the_year(author, delegate, secretariat, education):
    numbers = []
    for _ in range(3):
        item = proposal_submit(proposal=draft(author, kind="suggestion"), submitted_by=delegate)
        numbers.append(
            proposal_accept(proposal=item, category=education, accepted_by=secretariat).number
        )
    year = timezone.localdate().year
    assert numbers == [f"{year}-001", f"{year}-002", f"{year}-003"]


def test_numbers_go_on_past_999_in_a_year(author, delegate, secretariat, education):
    """Numbers are compared as numbers: after 2026-999 comes 2026-1000, then 2026-1001."""
    year = timezone.localdate().year
    for number in ("999", "1000"):
        # A thousand items through the services would take minutes: the numbers are set.
        item = draft(author, kind="suggestion", title=f"第{number}号")
        Proposal.objects.filter(pk=item.pk).update(status="accepted", number=f"{year}-{number}")
    item = draft(author, kind="suggestion", title="下一号")
    proposal_submit(proposal=item, submitted_by=delegate)
    accepted = proposal_accept(proposal=item, category=education, accepted_by=secretariat)
    assert accepted.number == f"{year}-1001"


@pytest.mark.parametrize(
    ("step", "status"),
    [("accept", S.DRAFT), ("route", S.SUBMITTED), ("decline", S.ACCEPTED), ("reply", S.CLOSED)],
)
def test_refused_transitions_save_nothing(author, secretariat, unit, education, step, status):
    """Each step is taken by the person who may take it, from a status that does not allow
    it: the workflow refuses it and nothing is written."""
    item, lead = proposal_in(status, author=author, unit=unit, category=education)
    events = item.events.count()
    calls = {
        "accept": lambda: proposal_accept(
            proposal=item, category=education, accepted_by=secretariat
        ),
        "route": lambda: proposal_route(proposal=item, lead=unit, routed_by=secretariat),
        "decline": lambda: proposal_decline(proposal=item, reason="x", declined_by=secretariat),
        "reply": lambda: reply_submit(
            assignment=lead, result="A", text="x", replied_by=staff_of(unit)
        ),
    }
    with pytest.raises(ValidationError, match=r"This item is “.*”: it cannot be .* now"):
        calls[step]()
    item.refresh_from_db()
    assert (item.status, item.events.count()) == (status, events)
