"""Holding a round (issue 13, items 5 to 8): opened at a sitting of the session in progress,
secret online ballots from the delegates checked in, paper ballots that bar online voting,
the paper count checked, and the result of online and paper ballots together."""

import pytest
from django.core.exceptions import ValidationError

from sessions.election_rounds import (
    election_ballot_cast,
    paper_ballots_issue,
    paper_count_enter,
    round_close,
    round_decided,
    round_figures,
    round_online_counts,
    round_open,
)
from sessions.elections import candidates_approve
from sessions.models import AgendaItem, Body, Candidate, Election, ElectionTallyShard
from sessions.secret_ballot import SHARDS
from tests.core.factories import UserFactory, office_user
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.kit import attendance_taken
from tests.sessions.secrecy_kit import shards_tell_nothing

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(in_progress, sitting, term):
    """Ten delegates with accounts, all checked in at the sitting; an approved competitive
    by-election of 2 seats with 3 candidates."""
    unit = ElectoralUnitFactory(term=term, seats=10)
    delegates = []
    for n in range(10):
        delegate = enter(term, unit, name=f"代表{n}")
        delegate.user = UserFactory(username=f"voter{n}")
        delegate.save(update_fields=["user"])
        delegates.append(delegate)
    attendance_taken(sitting, delegates)
    body = Body.objects.create(term=term, kind="committee", name="中共测试镇委员会", seats=9)
    item = AgendaItem.objects.create(session=in_progress, order=5, kind="election", title="补选")
    election = Election.objects.create(
        session=in_progress,
        agenda_item=item,
        title="补选委员",
        fills="members",
        body=body,
        by_election=True,
        seats=2,
    )
    for name in ("甲", "乙", "丙"):
        Candidate.objects.create(election=election, name=name, formal=True)
    election = candidates_approve(election=election, approved_by=office_user())
    return election, sitting, delegates


def _ids(election):
    return {c.name: c.pk for c in election.candidates.all()}


def test_a_round_opens_on_the_formal_list_with_every_tally_at_zero(hall):
    election, sitting, _delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    assert election_round.number == 1 and election_round.seats == 2
    assert list(round_online_counts(election_round).values()) == [0] * 3 * 3
    shards = ElectionTallyShard.objects.filter(round=election_round)
    assert [len(counts) for counts in shards.values_list("counts", flat=True)] == [9] * SHARDS
    with pytest.raises(ValidationError, match="already open"):
        round_open(election=election, sitting=sitting, opened_by=office_user())
    assert election_round.status_changes.get().step == "opened"


def test_no_round_before_the_formal_list_is_approved(hall, in_progress, sitting):
    election, _sitting, _delegates = hall
    Election.objects.filter(pk=election.pk).update(status="preparing")
    election.refresh_from_db()
    with pytest.raises(ValidationError, match="Approve the formal list"):
        round_open(election=election, sitting=sitting, opened_by=office_user())


def test_equal_votes_are_listed_in_the_stroke_order_of_the_names(hall):
    # 乙 has 1 stroke, 丙 and 甲 5 (丙 starts with 横, 甲 with 竖); by code point: 丙 乙 甲.
    election, sitting, _delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    assert [t.name for t in round_figures(election_round)["tallies"]] == ["乙", "丙", "甲"]


def test_online_ballots_of_delegates_checked_in_once_each(hall):
    election, sitting, delegates = hall
    ids = _ids(election)
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    election_ballot_cast(
        election_round=election_round,
        user=delegates[0].user,
        marks={ids["甲"]: "for", ids["乙"]: "against"},
    )
    with pytest.raises(ValidationError, match="already voted"):
        election_ballot_cast(
            election_round=election_round, user=delegates[0].user, marks={ids["甲"]: "for"}
        )
    with pytest.raises(ValidationError, match="at most 2"):
        election_ballot_cast(
            election_round=election_round,
            user=delegates[1].user,
            marks=dict.fromkeys(ids.values(), "for"),
        )
    stranger = UserFactory(username="not-a-delegate")
    with pytest.raises(ValidationError, match="checked in"):
        election_ballot_cast(election_round=election_round, user=stranger, marks={})
    figures = round_figures(election_round)
    by_name = {t.name: t for t in figures["tallies"]}
    assert (by_name["甲"].votes_for, by_name["乙"].against, by_name["丙"].abstain) == (1, 1, 1)
    assert (figures["issued"], figures["returned"], figures["valid"]) == (1, 1, 1)


def test_whoever_took_a_paper_ballot_cannot_vote_online_and_the_reverse(hall):
    election, sitting, delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    paper_ballots_issue(election_round=election_round, delegates=[delegates[0]])
    with pytest.raises(ValidationError, match="paper ballot"):
        election_ballot_cast(election_round=election_round, user=delegates[0].user, marks={})
    election_ballot_cast(election_round=election_round, user=delegates[1].user, marks={})
    with pytest.raises(ValidationError, match="voted online"):
        paper_ballots_issue(election_round=election_round, delegates=[delegates[1]])


def test_two_ballots_in_either_order_leave_the_same_counts_and_shards_that_tell_nothing(hall):
    """Nothing in the tallies tells which ballot chose what (docs/secrecy.md): the counts are
    the same whichever came first, and the shards, short of all of them summed, are random."""
    election, sitting, delegates = hall
    ids = _ids(election)
    first, second = {ids["甲"]: "for"}, {ids["乙"]: "for", ids["丙"]: "against"}
    counts = []
    for order in ((first, second), (second, first)):
        election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
        for n, marks in enumerate(order):
            election_ballot_cast(election_round=election_round, user=delegates[n].user, marks=marks)
        counts.append(round_online_counts(election_round))
        shards = election_round.tally_shards.values_list("counts", flat=True)
        assert shards_tell_nothing(shards, ballots=2)
        round_close(election_round=election_round, closed_by=office_user())
    assert counts[0] == counts[1]
    assert counts[0][(ids["甲"], "for")] == counts[0][(ids["丙"], "against")] == 1


def test_the_paper_count_adds_up_or_is_refused(hall):
    election, sitting, delegates = hall
    ids = _ids(election)
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    paper_ballots_issue(election_round=election_round, delegates=delegates[:6])
    with pytest.raises(ValidationError, match="not to the 5 valid ballots"):
        paper_count_enter(
            election_round=election_round,
            returned=6,
            invalid=1,
            totals={ids["甲"]: (5, 0, 0), ids["乙"]: (3, 1, 0), ids["丙"]: (1, 2, 2)},
            written_in={},
            entered_by=office_user(),
        )
    with pytest.raises(ValidationError, match="every candidate"):
        paper_count_enter(
            election_round=election_round,
            returned=6,
            invalid=1,
            totals={ids["甲"]: (5, 0, 0)},
            written_in={},
            entered_by=office_user(),
        )
    assert not election_round.paper_totals.exists()


def test_online_and_paper_ballots_decide_the_round_together(hall):
    election, sitting, delegates = hall
    ids = _ids(election)
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    for delegate in delegates[:4]:  # online: 甲 and 乙 for
        election_ballot_cast(
            election_round=election_round,
            user=delegate.user,
            marks={ids["甲"]: "for", ids["乙"]: "for"},
        )
    paper_ballots_issue(election_round=election_round, delegates=delegates[4:10])
    paper_count_enter(  # 6 issued, 6 returned, 1 invalid: 5 valid
        election_round=election_round,
        returned=6,
        invalid=1,
        totals={ids["甲"]: (5, 0, 0), ids["乙"]: (0, 3, 2), ids["丙"]: (3, 1, 1)},
        written_in={"丁某": 1},
        entered_by=office_user(),
    )
    round_close(election_round=election_round, closed_by=office_user())
    figures = round_figures(election_round)
    assert (figures["issued"], figures["returned"], figures["invalid"]) == (10, 10, 1)
    decided = round_decided(election_round)
    # More than half of the 10 ballots returned: 甲 9 elected; 乙 4 and 丙 3 are not.
    assert [t.name for t in decided.elected] == ["甲"]
    assert decided.unfilled == 1 and decided.next_step == "further_round"
    steps = list(election_round.status_changes.values_list("step", flat=True))
    assert steps == ["opened", "paper_entered", "closed"]


def test_more_paper_ballots_returned_than_issued_voids_the_round(hall):
    election, sitting, delegates = hall
    ids = _ids(election)
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    paper_ballots_issue(election_round=election_round, delegates=delegates[:3])
    paper_count_enter(
        election_round=election_round,
        returned=4,
        invalid=0,
        totals={pk: (4, 0, 0) if name == "甲" else (0, 0, 4) for name, pk in ids.items()},
        written_in={},
        entered_by=office_user(),
    )
    decided = round_decided(election_round)
    assert decided.void and not decided.elected and decided.next_step == "repeat"


def test_a_further_round_among_the_candidates_concerned(hall):
    election, sitting, _delegates = hall
    ids = _ids(election)
    first = round_open(election=election, sitting=sitting, opened_by=office_user())
    round_close(election_round=first, closed_by=office_user())
    further = round_open(
        election=election,
        sitting=sitting,
        opened_by=office_user(),
        candidates=Candidate.objects.filter(pk__in=[ids["乙"], ids["丙"]]),
        seats=1,
    )
    assert further.number == 2 and further.seats == 1
    assert sorted(further.candidates.values_list("name", flat=True)) == ["丙", "乙"]


def test_paper_ballots_go_only_to_delegates_checked_in_at_the_sitting(hall, term):
    election, sitting, _delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    outsider = enter(term, ElectoralUnitFactory(term=term, seats=1), name="未到会代表")
    with pytest.raises(ValidationError, match="未到会代表"):
        paper_ballots_issue(election_round=election_round, delegates=[outsider])
    assert not election_round.receipts.exists()


def test_the_session_report_prints_each_closed_round_and_who_it_elected(hall):
    from django.utils import translation

    from sessions.models import SessionDocument
    from sessions.printing import session_document_render_html

    election, sitting, delegates = hall
    ids = _ids(election)
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    for delegate in delegates[:6]:
        election_ballot_cast(
            election_round=election_round,
            user=delegate.user,
            marks={ids["甲"]: "for", ids["乙"]: "for"},
        )
    report = SessionDocument(session=election.session, kind=SessionDocument.Kind.REPORT)
    with translation.override("zh-hans"):
        assert "应选2名" not in session_document_render_html(report)  # not closed yet
    round_close(election_round=election_round, closed_by=office_user())
    with translation.override("zh-hans"):
        html = session_document_render_html(report)
        assert f"第1轮 · {sitting}" in html and "应选2名" in html
    for label, n in (("发出选票", 6), ("收回选票", 6), ("有效票", 6), ("无效票", 0)):
        assert f'<th scope="row">{label}</th><td class="num n">{n}</td>' in html
    assert html.count('<td class="result"><strong>当选</strong></td>') == 2
    assert html.count('<td class="result">未当选</td>') == 1


def test_a_candidate_on_a_rounds_ballot_cannot_be_deleted(hall):
    """The round's shards count by position among its candidates (docs/secrecy.md)."""
    from django.db.models import RestrictedError

    election, sitting, _delegates = hall
    round_open(election=election, sitting=sitting, opened_by=office_user())
    with pytest.raises(RestrictedError):
        election.candidates.first().delete()
    with pytest.raises(RestrictedError):
        election.candidates.all().delete()
    assert election.candidates.count() == 3
