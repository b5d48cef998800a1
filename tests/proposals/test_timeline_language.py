"""Timeline notes in the viewer's language, not the actor's (issue 12, 1.9): the step's facts
(units, dates) are stored and put in words when the timeline is read; what a person typed
(a reason) stays as typed."""

import datetime

import pytest
from django.utils import translation

from proposals.models import ProposalEvent
from proposals.services import (
    deadline_set,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def written_in():
    return "en"


@pytest.fixture
def item(author, delegate, secretariat, unit, other_unit, education, written_in):
    """Routed to two units and its deadline moved to 5 March 2027 by a clerk working in
    `written_in` (English unless a test says otherwise)."""
    item = proposal_draft_save(
        author=author, kind="suggestion", title="建设卫生院", situation="情况", recommendations="无"
    )
    proposal_submit(proposal=item, submitted_by=delegate)
    with translation.override(written_in):
        proposal_accept(proposal=item, category=education, accepted_by=secretariat)
        proposal_route(proposal=item, lead=unit, co_units=[other_unit], routed_by=secretariat)
        deadline_set(
            proposal=item, deadline=datetime.date(2027, 3, 5), reason="县委督办", set_by=secretariat
        )
    return item


def _timeline(client, item, language):
    client.cookies["django_language"] = language
    page = client.get(f"/proposals/{item.pk}/").content.decode()
    return page[page.index('class="timeline"') :]


def test_the_timeline_reads_in_chinese_whoever_wrote_it(item, delegate, client_for, unit):
    timeline = _timeline(client_for(delegate), item, "zh-hans")
    assert "镇教育办公室、" in timeline  # the units as Chinese lists them
    # The date as Chinese writes it, the reason as typed.
    assert "2027年3月5日：县委督办" in timeline
    assert "Mar. 5" not in timeline and "2027-03-05" not in timeline


@pytest.mark.parametrize("written_in", ["zh-hans"])
def test_the_timeline_reads_in_english_whoever_wrote_it(item, delegate, client_for):
    timeline = _timeline(client_for(delegate), item, "en")
    assert "镇教育办公室, " in timeline
    assert "March 5, 2027: 县委督办" in timeline
    assert "2027年3月5日" not in timeline


def test_the_reason_is_stored_as_typed_and_the_facts_apart(item):
    event = item.events.get(action=ProposalEvent.Action.DEADLINE_SET)
    assert event.note == "县委督办"
    assert event.params["deadline"] == "2027-03-05"


def test_entries_from_before_keep_their_note(item, delegate, client_for):
    item.events.filter(action=ProposalEvent.Action.ROUTED).update(params=None, note="旧的说明")
    assert "旧的说明" in _timeline(client_for(delegate), item, "en")
