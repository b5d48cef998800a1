"""One ballot per delegate across paper and online voting (evaluations/services.py): whoever
has received a paper ballot cannot vote online, a paper ballot is never handed to someone who
voted online, and no result counts more ballots than delegates are entitled."""

import contextlib
import random
import re

import pytest
from django.core.exceptions import ValidationError

from evaluations.models import OnlineTallyShard, PaperRound, Receipt
from evaluations.results import evaluation_results
from evaluations.services import (
    ballot_cast,
    evaluation_close,
    paper_ballots_hand_out,
    paper_round_enter,
)
from evaluations.tallies import online_counts
from tests.evaluations.kit import ballots_cast, choose, paper_handed_out, teller_of

pytestmark = pytest.mark.django_db


def _stored(evaluation):
    return (
        sorted(Receipt.objects.filter(evaluation=evaluation).values_list("delegate", "on_paper")),
        sorted(OnlineTallyShard.objects.filter(evaluation=evaluation).values_list("pk", "counts")),
    )


def test_a_delegate_with_a_paper_ballot_cannot_vote_online(open_evaluation, voters):
    alice, bob = voters(2)
    evaluation = open_evaluation([alice, bob], subjects=1, criteria=1)
    paper_handed_out(evaluation, [alice])
    before = _stored(evaluation)
    with pytest.raises(ValidationError, match="You have received a paper ballot"):
        ballot_cast(
            evaluation=evaluation, user=alice.user, choices=choose(evaluation, lambda s, c: "")
        )
    assert _stored(evaluation) == before  # no receipt, no mark
    ballots_cast(evaluation, [bob], "excellent")  # the other one votes online


def test_the_ballot_page_tells_a_paper_voter_to_fill_in_the_paper_ballot(
    open_evaluation, voters, client_for
):
    (alice,) = voters(1)
    evaluation = open_evaluation([alice], subjects=1, criteria=1)
    paper_handed_out(evaluation, [alice])
    client = client_for(alice.user)
    url = f"/evaluations/{evaluation.pk}/ballot/"
    page = client.get(url)
    assert page.status_code == 403
    assert "You have received a paper ballot" in page.content.decode()
    s, c = evaluation.subjects.get(), evaluation.criteria.get()
    before = _stored(evaluation)
    response = client.post(url, {f"c-{s.pk}-{c.pk}": "excellent", "action": "submit"})
    assert response.status_code == 403 and _stored(evaluation) == before


def test_a_delegate_who_voted_online_gets_no_paper_ballot(open_evaluation, voters):
    alice, bob, carol = voters(3)
    evaluation = open_evaluation([alice, bob, carol], subjects=1, criteria=1)
    ballots_cast(evaluation, [bob], "competent")
    before = _stored(evaluation)
    with pytest.raises(ValidationError) as refusal:
        paper_handed_out(evaluation, [alice, bob, carol])
    assert refusal.value.message_dict["delegates"] == [
        f"{bob.name} has already voted online and cannot have a paper ballot."
    ]
    assert _stored(evaluation) == before  # all or nothing: Alice and Carol neither
    paper_handed_out(evaluation, [alice, carol])
    with pytest.raises(ValidationError, match="already received a paper ballot"):
        paper_handed_out(evaluation, [alice])


def test_paper_ballots_go_to_entitled_delegates_and_are_the_tellers_to_record(
    open_evaluation, voters, secretariat
):
    alice, stranger = voters(2)
    evaluation = open_evaluation([alice], subjects=1, criteria=1)
    with pytest.raises(ValidationError, match="Not entitled to vote in this evaluation"):
        paper_handed_out(evaluation, [stranger])
    with pytest.raises(ValidationError, match="Only the evaluation's tellers"):
        paper_ballots_hand_out(evaluation=evaluation, delegates=[alice], handed_out_by=secretariat)
    assert not Receipt.objects.exists()


def test_tellers_record_paper_ballots_on_their_page(open_evaluation, voters, client_for):
    alice, bob, carol = voters(3)
    evaluation = open_evaluation([alice, bob, carol], subjects=1, criteria=1)
    ballots_cast(evaluation, [bob], "competent")
    client = client_for(teller_of(evaluation))
    url = f"/evaluations/{evaluation.pk}/tally/hand-out/"
    # Bob, who voted online, is refused by name, with what was ticked kept; nothing is written.
    page = client.post(url, {"delegates": [alice.pk, bob.pk]}).content.decode()
    assert f"{bob.name} has already voted online and cannot have a paper ballot." in page
    assert re.search(rf'value="{alice.pk}"[^>]* checked', page)
    assert not Receipt.objects.filter(on_paper=True).exists()
    response = client.post(url, {"delegates": [alice.pk, carol.pk]}, follow=True)
    assert "The paper ballots handed out are recorded." in response.content.decode()
    assert "2 delegates of 3 entitled have received a paper ballot." in response.content.decode()
    assert set(Receipt.objects.filter(on_paper=True).values_list("delegate", flat=True)) == {
        alice.pk,
        carol.pk,
    }


# Steps that could come in any order while voting is open: online ballots, paper ballots
# handed out, rounds entered (one of them over-issued, one void and entered again).
def _steps(evaluation, people):
    a, b, c, d = people
    teller = teller_of(evaluation)
    ballot = choose(evaluation, lambda s, c: "excellent")

    def online(person):
        return lambda: ballot_cast(evaluation=evaluation, user=person.user, choices=ballot)

    def paper(*persons):
        return lambda: paper_ballots_hand_out(
            evaluation=evaluation, delegates=persons, handed_out_by=teller
        )

    def round_of(issued, returned, void=False):
        counts = {(s, c, "competent"): returned for s, c in ballot}
        return lambda: paper_round_enter(
            evaluation=evaluation,
            issued=issued,
            returned=returned,
            counts={} if void else counts,
            entered_by=teller,
            record_void=void,
        )

    return [
        online(a),
        paper(a, b),
        online(b),
        paper(c),
        online(c),
        round_of(2, 2),
        round_of(3, 4, void=True),
        round_of(1, 1),
        online(d),
        paper(d),
    ]


def _check_never_over_entitled(evaluation):
    receipts = Receipt.objects.filter(evaluation=evaluation)
    online = receipts.filter(on_paper=False).count()
    valid = [r for r in PaperRound.objects.filter(evaluation=evaluation) if not r.void]
    assert sum(r.issued for r in valid) <= receipts.filter(on_paper=True).count()
    assert online + sum(r.returned for r in valid) <= evaluation.entitlements.count()
    # Every subject and criterion has one online mark per online ballot, no more.
    totals = {}
    for (subject, criterion, _rating), n in online_counts(evaluation).items():
        totals[(subject, criterion)] = totals.get((subject, criterion), 0) + n
    assert set(totals.values()) == {online}


@pytest.mark.parametrize("seed", range(12))
def test_results_never_count_more_ballots_than_entitled_in_any_order(
    open_evaluation, voters, secretariat, seed
):
    """Interleavings of the steps (the orders two tellers and four voters might take at
    once): each step done or refused whole, and after every one of them the figures within
    the delegates entitled; the closed results too."""
    people = voters(4)
    evaluation = open_evaluation(people, subjects=2, criteria=1)
    steps = _steps(evaluation, people)
    order = list(range(len(steps)))
    random.Random(seed).shuffle(order)
    for n in order:
        with contextlib.suppress(ValidationError):  # refused whole: checked like one done
            steps[n]()
        _check_never_over_entitled(evaluation)
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    results = evaluation_results(evaluation)
    assert not results["void"]
    assert results["ballots"] <= results["entitled"] == 4
    for subject in results["subjects"]:
        assert all(row.ballots == results["ballots"] for row in subject.rows)


def test_results_counting_more_ballots_than_entitled_are_void(
    open_evaluation, voters, secretariat, client_for
):
    """Rounds entered before paper ballots were recorded per delegate could come back with
    more ballots than the delegates entitled, once some of those also voted online (the rows
    such a round left are written here as it left them). No counts are given then."""
    people = voters(3)
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    ballots_cast(evaluation, people[:2], "excellent")
    legacy = PaperRound.objects.create(evaluation=evaluation, number=1, issued=2, returned=2)
    s, c = evaluation.subjects.get(), evaluation.criteria.get()
    legacy.counts.create(subject=s, criterion=c, rating="incompetent", count=2)
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    results = evaluation_results(evaluation)
    assert results["void"] and results["subjects"] == [] and results["turnout"] is None
    page = client_for(secretariat).get(f"/evaluations/{evaluation.pk}/results/").content.decode()
    assert "The results are void: 4 ballots came back for 3 delegates entitled" in page
    assert "ballots counted of" not in page
    export = client_for(secretariat).get(f"/evaluations/{evaluation.pk}/results.csv")
    assert export.content.decode("utf-8-sig").strip().count("\n") == 0  # the header alone
