import pytest
from django.core.exceptions import ValidationError

from delegates.models import Term
from sessions.models import Vote, VotingRule
from sessions.services import resolution_add_version, vote_record, voting_rule_for
from tests.core.factories import office_user
from tests.sessions.factories import AgendaItemFactory, ResolutionFactory
from tests.sessions.kit import session_in

pytestmark = pytest.mark.django_db


def vote(session, sitting, matter="resolution", **counts):
    values = {"votes_for": 0, "votes_against": 0, "abstentions": 0}
    values.update(counts)
    return vote_record(
        session=session,
        sitting=sitting,
        matter=matter,
        subject="议题",
        recorded_by=office_user(),
        **values,
    )


@pytest.mark.parametrize(
    ("level", "matter", "expected"),
    [
        ("town", "election", (4, 5, 1, 2, "ballots")),
        ("county", "election", (1, 2, 1, 2, "ballots")),
        ("town", "resolution", (1, 2, 1, 2, "entitled")),
    ],
)
def test_rules_default_by_level(term, level, matter, expected):
    Term.objects.filter(pk=term.pk).update(level=level)
    term.refresh_from_db()
    rule = voting_rule_for(term=term, matter=matter)
    assert (
        rule.quorum_numerator,
        rule.quorum_denominator,
        rule.majority_numerator,
        rule.majority_denominator,
        rule.majority_base,
    ) == expected


@pytest.mark.parametrize(
    ("entitled", "present", "met"),
    [(100, 80, False), (100, 81, True), (117, 93, False), (117, 94, True), (5, 4, False)],
)
def test_town_election_quorum_is_more_than_four_fifths(term, entitled, present, met):
    rule = voting_rule_for(term=term, matter="election")
    assert rule.quorum_met(entitled=entitled, present=present) is met


@pytest.mark.parametrize(
    ("votes_for", "ballots", "passes"),
    [(41, 81, True), (40, 81, False), (41, 82, False), (50, 100, False), (51, 100, True)],
)
def test_a_candidate_needs_more_than_half_of_the_ballots_returned(term, votes_for, ballots, passes):
    rule = voting_rule_for(term=term, matter="election")
    assert rule.passes(votes_for=votes_for, entitled=117, present=109, ballots=ballots) is passes


@pytest.mark.parametrize(
    ("base", "votes_for", "passes"),
    [
        ("present", 55, True),
        ("present", 54, False),
        ("entitled", 59, True),
        ("entitled", 58, False),
    ],
)
def test_the_base_of_the_majority_is_a_rule(term, base, votes_for, passes):
    rule = voting_rule_for(term=term, matter="election")
    rule.majority_base = base
    assert rule.passes(votes_for=votes_for, entitled=117, present=109, ballots=100) is passes


@pytest.mark.parametrize(("votes_for", "passes"), [(59, True), (58, False)])
def test_a_resolution_needs_more_than_half_of_those_entitled(term, votes_for, passes):
    rule = voting_rule_for(term=term, matter="resolution")
    assert rule.passes(votes_for=votes_for, entitled=117, present=109) is passes


def test_a_vote_without_quorum_is_refused(in_progress, sitting, roster, mark_present):
    people = roster(10)
    mark_present(sitting, people[:5])  # exactly half: not more than half
    with pytest.raises(ValidationError, match="No quorum: 5 of 10"):
        vote(in_progress, sitting, votes_for=5)
    assert not Vote.objects.exists()


def test_a_resolution_vote_is_recorded_with_the_rule_in_force(
    in_progress, sitting, roster, mark_present
):
    people = roster(10)
    mark_present(sitting, people[:8])
    mark_present(sitting, people[8:], status="on_leave")
    resolution = ResolutionFactory(session=in_progress, title="关于工作报告的决议")
    resolution_add_version(resolution=resolution, text="草案", created_by=office_user())
    result = vote(in_progress, sitting, votes_for=6, abstentions=2, resolution=resolution)
    assert (result.entitled, result.present, result.passed) == (10, 8, True)
    assert result.rule["quorum"] == [1, 2]
    resolution.refresh_from_db()
    assert resolution.status == "adopted"
    rule = VotingRule.objects.get(matter="resolution")
    rule.majority_numerator, rule.majority_denominator = 2, 3
    rule.save()
    result.refresh_from_db()
    assert "1/2" in result.rule_description()  # the past result keeps its rule
    with pytest.raises(ValidationError, match="text is final"):
        resolution_add_version(resolution=resolution, text="改动", created_by=office_user())


def test_a_rejected_resolution(in_progress, sitting, roster, mark_present):
    people = roster(10)
    mark_present(sitting, people)
    resolution = ResolutionFactory(session=in_progress, title="决议")
    vote(in_progress, sitting, votes_for=5, votes_against=5, resolution=resolution)
    resolution.refresh_from_db()
    assert resolution.status == "not_adopted"


def test_more_ballots_back_than_issued_voids_the_round(in_progress, sitting, roster, mark_present):
    people = roster(10)
    mark_present(sitting, people[:9])
    result = vote(
        in_progress,
        sitting,
        matter="election",
        ballots_issued=9,
        ballots_returned=10,
        votes_for=9,
    )
    assert result.void and not result.passed


def test_counts_cannot_exceed_those_who_could_vote(in_progress, sitting, roster, mark_present):
    people = roster(10)
    mark_present(sitting, people[:9])
    with pytest.raises(ValidationError, match="add up to 10, more than 9"):
        vote(in_progress, sitting, votes_for=8, votes_against=1, abstentions=1)
    with pytest.raises(ValidationError):
        vote(in_progress, sitting, matter="election", ballots_issued=10, ballots_returned=9)


@pytest.mark.parametrize("status", ["planned", "preparatory_held", "closed"])
def test_votes_only_while_the_session_is_in_progress(session, sitting, status):
    session_in(status, session=session)
    with pytest.raises(ValidationError, match="while the session is in progress"):
        vote(session, sitting, votes_for=1)


def test_only_active_delegates_count_as_entitled(in_progress, sitting, roster, mark_present):
    from delegates.services import delegate_change_qualification

    people = roster(5)
    delegate_change_qualification(
        delegate=people[0],
        kind="suspended",
        effective_date=in_progress.start_date,
        reason="调查",
        decision_reference="1号",
        recorded_by=office_user(),
    )
    mark_present(sitting, people[1:4])
    result = vote(in_progress, sitting, votes_for=3)
    assert (result.entitled, result.present) == (4, 3)


@pytest.mark.parametrize("returned", [2**63, 10**30])
def test_a_void_election_round_with_a_number_too_big_to_store_is_refused(
    in_progress, sitting, roster, mark_present, returned
):
    """Nothing bounds the ballots returned of a void round but the column (found by fuzzing)."""
    mark_present(sitting, roster(10))
    with pytest.raises(ValidationError) as error:
        vote(
            in_progress,
            sitting,
            matter="election",
            ballots_issued=10,
            ballots_returned=returned,
            votes_for=1,
        )
    assert "ballots_returned" in error.value.message_dict
    assert not Vote.objects.exists()


def test_an_adopted_resolution_adopts_its_agenda_item(in_progress, sitting, roster, mark_present):
    """Issue 12, 1.12: the vote names the resolution only; its agenda item is adopted too, not
    left pending."""
    mark_present(sitting, roster(10))
    item = AgendaItemFactory(session=in_progress, title="审议工作报告")
    resolution = ResolutionFactory(session=in_progress, title="决议", agenda_item=item)
    vote(in_progress, sitting, votes_for=8, resolution=resolution)
    item.refresh_from_db()
    assert item.outcome == "adopted"
    assert item.outcome_changes.get().outcome_after == "adopted"
