"""Fixtures the proposals' test modules share."""

import datetime

import pytest

from proposals.services import proposal_accept, proposal_draft_save, proposal_route, proposal_submit
from tests.proposals.kit import REMINDER_DAY


@pytest.fixture
def routed_due(author, delegate, secretariat, education):
    """Route an item to a unit so that its deadline falls `days` from REMINDER_DAY."""

    def make(unit, days, title="建议"):
        item = proposal_draft_save(
            author=author, kind="suggestion", title=title, situation="情况", recommendations="建议"
        )
        proposal_submit(proposal=item, submitted_by=delegate)
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        (lead,) = proposal_route(proposal=item, lead=unit, routed_by=secretariat, on=REMINDER_DAY)
        lead.deadline = REMINDER_DAY + datetime.timedelta(days=days)
        lead.save()
        return lead

    return make
