"""One ballot per voter under real concurrency: threads, each with its own connection to
PostgreSQL, submitting at the same moment."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from evaluations.models import Evaluation, Receipt
from evaluations.services import ballot_cast, evaluation_close, paper_ballots_hand_out
from evaluations.tallies import online_counts
from tests.evaluations.kit import choose, teller_of

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no real concurrency",
    ),
    pytest.mark.django_db(transaction=True),
]


def _together(calls):
    """Run the calls in threads released at once; returns what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(n, call):
        try:
            barrier.wait()
            outcomes[n] = ("ok", call())
        except ValidationError as error:
            outcomes[n] = ("refused", " ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcomes[n] = ("error", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def _per_cell_totals(evaluation):
    totals = {}
    for (subject, criterion, _rating), n in online_counts(evaluation).items():
        totals[(subject, criterion)] = totals.get((subject, criterion), 0) + n
    return set(totals.values())


def _rated(evaluation, rating):
    return {n for (_s, _c, r), n in online_counts(evaluation).items() if r == rating}


def test_the_same_ballot_submitted_at_once_counts_once(open_evaluation, voters):
    (person,) = voters(1)
    evaluation = open_evaluation([person], subjects=3, criteria=2)
    choices = choose(evaluation, lambda s, c: "excellent")
    outcomes = _together(
        [
            lambda: ballot_cast(evaluation=evaluation, user=person.user, choices=choices)
            for _ in range(8)
        ]
    )
    kinds = sorted(kind for kind, _detail in outcomes)
    assert kinds == ["ok"] + ["refused"] * 7, outcomes
    assert all("already voted" in d for k, d in outcomes if k == "refused")
    assert Receipt.objects.filter(evaluation=evaluation).count() == 1
    assert _per_cell_totals(evaluation) == {1}
    assert _rated(evaluation, "excellent") == {1}


def test_many_voters_at_once_are_all_counted_exactly(open_evaluation, voters):
    people = voters(16)
    evaluation = open_evaluation(people, subjects=4, criteria=3)
    ratings = ["excellent", "competent", "basically_competent", "incompetent"]
    calls = []
    for n, person in enumerate(people):
        choices = choose(evaluation, lambda s, c, r=ratings[n % 4]: r)
        calls.append(
            lambda person=person, choices=choices: ballot_cast(
                evaluation=evaluation, user=person.user, choices=choices
            )
        )
    outcomes = _together(calls)
    assert [kind for kind, _ in outcomes] == ["ok"] * 16, outcomes
    assert Receipt.objects.filter(evaluation=evaluation).count() == 16
    assert _per_cell_totals(evaluation) == {16}
    for rating in ratings:
        assert _rated(evaluation, rating) == {4}


def test_closing_while_ballots_arrive_counts_each_receipt_once(
    open_evaluation, voters, secretariat
):
    people = voters(12)
    evaluation = open_evaluation(people, subjects=2, criteria=2)
    calls = [
        lambda person=person: ballot_cast(
            evaluation=evaluation,
            user=person.user,
            choices=choose(evaluation, lambda s, c: "competent"),
        )
        for person in people
    ]
    calls.insert(6, lambda: evaluation_close(evaluation=evaluation, closed_by=secretariat))
    outcomes = _together(calls)
    assert not [o for o in outcomes if o[0] == "error"], outcomes
    assert Evaluation.objects.get(pk=evaluation.pk).status == "closed"
    cast = sum(1 for n, (kind, _) in enumerate(outcomes) if kind == "ok" and n != 6)
    refused = [detail for kind, detail in outcomes if kind == "refused"]
    assert all("has closed" in detail for detail in refused)
    # Every ballot that got in has its receipt and its marks; none got in after closing.
    assert Receipt.objects.filter(evaluation=evaluation).count() == cast
    assert _per_cell_totals(evaluation) == {cast}


def test_a_paper_ballot_and_an_online_ballot_at_once_give_one_receipt(open_evaluation, voters):
    """The teller records a paper ballot for the delegate at the moment they vote online:
    the receipts' unique constraint lets exactly one of the two in."""
    (person,) = voters(1)
    evaluation = open_evaluation([person], subjects=2, criteria=2)
    teller = teller_of(evaluation)
    choices = choose(evaluation, lambda s, c: "excellent")
    outcomes = _together(
        [
            lambda: ballot_cast(evaluation=evaluation, user=person.user, choices=choices),
            lambda: paper_ballots_hand_out(
                evaluation=evaluation, delegates=[person], handed_out_by=teller
            ),
        ]
    )
    assert sorted(kind for kind, _detail in outcomes) == ["ok", "refused"], outcomes
    receipt = Receipt.objects.get(evaluation=evaluation)
    # Counted online exactly when the receipt is an online one.
    assert _per_cell_totals(evaluation) == {0 if receipt.on_paper else 1}


def _held_open(call, inside, release):
    """Run `call` in a transaction left open until `release` is set (`inside` says when)."""

    def run():
        with transaction.atomic():
            result = call()
            inside.set()
            if not release.wait(30):
                raise TimeoutError("never released")
        return result

    return run


def _in_thread(call):
    """Start `call` in a thread of its own (its own connection); (thread, outcome list)."""
    outcome = []

    def run():
        try:
            outcome.append(("ok", call()))
        except ValidationError as error:
            outcome.append(("refused", " ".join(error.messages)))
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            outcome.append(("error", repr(error)))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_ballots_do_not_wait_for_each_other_but_closing_waits_for_them(
    open_evaluation, voters, secretariat
):
    """A ballot under way (its transaction still open) holds one shard and holds the
    evaluation FOR SHARE: another ballot goes in meanwhile without waiting, closing waits
    until the first is in, and a ballot after the close is refused."""
    alice, bob, carol = voters(3)
    evaluation = open_evaluation([alice, bob, carol], subjects=2, criteria=2)
    choices = choose(evaluation, lambda s, c: "excellent")

    def cast(person):
        return lambda: ballot_cast(evaluation=evaluation, user=person.user, choices=choices)

    inside, release = threading.Event(), threading.Event()
    first, first_outcome = _in_thread(_held_open(cast(alice), inside, release))
    try:
        assert inside.wait(10)
        second, second_outcome = _in_thread(cast(bob))
        second.join(10)
        assert not second.is_alive() and second_outcome == [("ok", None)], second_outcome
        closing, closing_outcome = _in_thread(
            lambda: evaluation_close(evaluation=evaluation, closed_by=secretariat)
        )
        closing.join(1)
        assert closing.is_alive(), closing_outcome  # waits for alice's ballot
    finally:
        release.set()
    first.join(10)
    closing.join(10)
    assert first_outcome == [("ok", None)] and closing_outcome[0][0] == "ok", closing_outcome
    late, late_outcome = _in_thread(cast(carol))
    late.join(10)
    assert late_outcome[0][0] == "refused" and "has closed" in late_outcome[0][1]
    assert Receipt.objects.filter(evaluation=evaluation).count() == 2
    assert _per_cell_totals(evaluation) == {2}
