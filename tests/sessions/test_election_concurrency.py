"""One ballot per delegate per round under real concurrency, on PostgreSQL: the shared
secret-ballot machinery holds for elections as for evaluations."""

import pytest
from django.db import connection

from sessions.election_rounds import (
    election_ballot_cast,
    paper_ballots_issue,
    round_close,
    round_online_counts,
    round_open,
)
from sessions.models import ElectionReceipt
from tests.core.factories import office_user
from tests.evaluations.test_concurrency import _together
from tests.sessions.test_election_rounds import hall  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.needs_postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no real concurrency",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_the_same_ballot_at_once_and_a_paper_ballot_beside_it_count_once(hall):  # noqa: F811
    election, sitting, delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    voter = delegates[0]
    marks = {election.candidates.get(name="甲").pk: "for"}
    calls = [
        lambda: election_ballot_cast(election_round=election_round, user=voter.user, marks=marks)
        for _ in range(6)
    ] + [lambda: paper_ballots_issue(election_round=election_round, delegates=[voter])]
    outcomes = _together(calls)
    assert sorted(kind for kind, _ in outcomes) == ["ok"] + ["refused"] * 6, outcomes
    assert ElectionReceipt.objects.filter(round=election_round).count() == 1
    counts = round_online_counts(election_round)
    total = sum(n for (_candidate, mark), n in counts.items() if mark == "for")
    assert total in (0, 1)  # online once, or a paper ballot and nothing online


def test_many_voters_at_once_and_closing_beside_them(hall):  # noqa: F811
    election, sitting, delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    first = election.candidates.get(name="甲").pk
    calls = [
        lambda d=d: election_ballot_cast(
            election_round=election_round, user=d.user, marks={first: "for"}
        )
        for d in delegates
    ]
    outcomes = _together(calls)
    assert [kind for kind, _ in outcomes] == ["ok"] * len(delegates), outcomes
    round_close(election_round=election_round, closed_by=office_user())
    assert round_online_counts(election_round)[(first, "for")] == len(delegates)
    voted = ElectionReceipt.objects.filter(round=election_round).count()
    assert voted == len(delegates)
