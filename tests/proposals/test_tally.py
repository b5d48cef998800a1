"""The statistics' counts (HandlingTally) kept by the services must always add up to what
counting the items afresh gives, whatever path the items took."""

import contextlib
import importlib
import random

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from proposals.models import TALLY_COUNTS, Assignment, HandlingTally, Proposal, Reply
from proposals.services import (
    assignment_send_back,
    feedback_submit,
    proposal_accept,
    proposal_decline,
    proposal_draft_save,
    proposal_merge,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from proposals.statistics import handling_statistics
from proposals.tally import tally_rebuild

pytestmark = pytest.mark.django_db


def kept_counts():
    return {
        t.key: tuple(getattr(t, n) for n in TALLY_COUNTS)
        for t in HandlingTally.objects.all()
        if t.items  # rows every item has left hold only zeros
    }


def assert_kept_equals_recounted():
    kept = kept_counts()
    tally_rebuild()
    assert kept_counts() == kept


@pytest.mark.parametrize("seed", range(6))
def test_the_kept_counts_match_a_recount_whatever_the_items_went_through(
    seed, author, delegate, secretariat, unit, other_unit, unit_staff, other_unit_staff, education
):
    rng = random.Random(seed)
    staff = {unit.pk: unit_staff, other_unit.pk: other_unit_staff}
    items = []
    for n in range(8):
        item = proposal_draft_save(
            author=author,
            kind="suggestion",
            title=f"建议{n}",
            situation="情况",
            recommendations="建议",
        )
        items.append(proposal_submit(proposal=item, submitted_by=delegate))

    def step(item):
        item = Proposal.objects.get(pk=item.pk)
        if item.status == "submitted":
            choice = rng.choice(["accept", "accept", "accept", "decline", "merge"])
            if choice == "accept":
                proposal_accept(proposal=item, category=education, accepted_by=secretariat)
            elif choice == "decline":
                proposal_decline(proposal=item, reason="不属实", declined_by=secretariat)
            else:
                into = Proposal.objects.filter(status__in=["accepted", "assigned"]).first()
                if into:
                    proposal_merge(proposal=item, into=into, merged_by=secretariat)
        elif item.status == "accepted":
            lead, co = rng.sample([unit, other_unit], 2)
            proposal_route(
                proposal=item,
                lead=lead,
                co_units=[co] if rng.random() < 0.5 else [],
                routed_by=secretariat,
            )
        elif item.status in ("assigned", "tracking"):
            lead = Assignment.objects.get(
                proposal=item, round=item.round, role="lead", sent_back_at__isnull=True
            )
            if item.status == "assigned" and rng.random() < 0.15:
                assignment_send_back(
                    assignment=lead, reason="非本单位职责", sent_back_by=staff[lead.unit_id]
                )
                return
            result = "A" if item.status == "tracking" else rng.choice("ABC")
            reply_submit(
                assignment=lead, result=result, text="答复", replied_by=staff[lead.unit_id]
            )
        elif item.status == "replied":
            reply = lead_reply(item)
            rating = rng.choice(["satisfied", "basically", "dissatisfied"])
            feedback_submit(reply=reply, overall=rating, rated_by=delegate, comment="理由")

    moved = 0
    for _ in range(40):
        # A move the rules refuse changes nothing; the counts must agree then too.
        with contextlib.suppress(ValidationError):
            step(rng.choice(items))
            moved += 1
    # The walk went somewhere: most moves are allowed, and some items got as far as a reply.
    assert moved >= 20
    assert Reply.objects.exists()
    assert_kept_equals_recounted()
    total, _ = handling_statistics(author.term)
    assert (
        total.items
        == Proposal.objects.filter(
            status__in=["accepted", "assigned", "replied", "tracking", "closed"]
        ).count()
    )


def lead_reply(item):
    from proposals.selectors import reply_to_rate

    return reply_to_rate(item)


def test_the_migration_counts_existing_items_as_the_rebuild_does(
    author, delegate, secretariat, unit, unit_staff, education
):
    for n in range(3):
        item = proposal_draft_save(
            author=author,
            kind="suggestion",
            title=f"建议{n}",
            situation="情况",
            recommendations="建议",
        )
        proposal_submit(proposal=item, submitted_by=delegate)
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        (lead,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat)
        if n:
            reply_submit(assignment=lead, result="B", text="答复", replied_by=unit_staff)
    kept = kept_counts()
    HandlingTally.objects.all().delete()
    # The latest migration that counts them: by kind too (0011).
    migration = importlib.import_module("proposals.migrations.0011_inquiries_and_signer_ratings")
    migration.count_by_kind(django_apps, None)
    assert kept_counts() == kept
