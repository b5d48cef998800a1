"""A further round's candidates given to `round_open` in any form the callers have at hand:
Candidate objects (a list, a generator, a queryset) or their ids, all the same."""

import pytest
from django.urls import reverse

from sessions.election_rounds import round_online_counts, round_open
from tests.core.factories import office_user
from tests.sessions.election_kit import election_in_hall, round_counted

pytestmark = pytest.mark.django_db

UNFILLED = {"甲": (8, 2, 0), "乙": (5, 5, 0), "丙": (4, 6, 0)}  # 甲 elected, a seat left


@pytest.mark.parametrize(
    "given",
    [
        pytest.param(lambda qs: list(qs), id="objects"),
        pytest.param(lambda qs: (c for c in qs), id="generator"),
        pytest.param(lambda qs: qs, id="queryset"),
        pytest.param(lambda qs: [c.pk for c in qs], id="ids"),
        pytest.param(lambda qs: [str(c.pk) for c in qs], id="ids as text"),
        pytest.param(lambda qs: qs.values_list("pk", flat=True), id="values_list"),
    ],
)
def test_a_further_round_opens_on_the_candidates_given(term, given):
    election, sitting, delegates = election_in_hall(term)
    first = round_counted(election, sitting, delegates, UNFILLED)
    among = first.candidates.exclude(name="甲")
    second = round_open(
        election=election,
        sitting=sitting,
        opened_by=office_user(),
        candidates=given(among),
        seats=1,
    )
    assert sorted(second.candidates.values_list("name", flat=True)) == ["丙", "乙"]
    assert len(round_online_counts(second)) == 2 * 3


def test_rows_of_another_kind_are_refused_loudly(term):
    # Tally rows are no candidates: `pk__in` must not match candidates that happen to share
    # their ids, nor quietly match none.
    election, sitting, delegates = election_in_hall(term)
    first = round_counted(election, sitting, delegates, UNFILLED)
    with pytest.raises(TypeError):
        round_open(
            election=election,
            sitting=sitting,
            opened_by=office_user(),
            candidates=first.tally_shards.all(),
            seats=1,
        )
    assert election.rounds.count() == 1


def test_the_next_round_page_opens_it_on_the_plans_candidates(term, client_for, secretariat):
    election, sitting, delegates = election_in_hall(term)
    first = round_counted(election, sitting, delegates, UNFILLED)
    client_for(secretariat).post(
        reverse("admin:congress_sessions_election_next_round", args=[first.pk])
    )
    second = election.rounds.get(number=2)
    assert sorted(second.candidates.values_list("name", flat=True)) == ["丙", "乙"]
    assert second.seats == 1
