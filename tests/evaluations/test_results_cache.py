"""A closed evaluation's results table is cached (decision 174): read once, then served from
the cache in the same few queries whatever the evaluation's size; a change of the rules that
mark it, or another closed evaluation, is another table."""

import pytest

from evaluations.models import EvaluationRules
from evaluations.services import evaluation_close
from tests.evaluations.kit import ballots_cast

pytestmark = pytest.mark.django_db


def table(page: str) -> str:
    """The results' section (the page around it has a fresh nonce and token each time)."""
    return page.split('<section class="card">')[2].split("</section>")[0]


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("subjects", [2, 12])
def test_the_table_is_read_once_then_served_in_constant_queries(
    client_for, secretariat, voters, open_evaluation, subjects, django_assert_num_queries
):
    people = voters(3)
    evaluation = open_evaluation(people, subjects=subjects, criteria=6)
    ballots_cast(evaluation, people, "excellent")
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    client = client_for(secretariat)
    url = f"/evaluations/{evaluation.pk}/results/"
    first = client.get(url).content.decode()
    # session, user, the session's two-factor device, groups, evaluation, its closing, the
    # rules; the menu (the evaluations to count, a teller's entry, and unread notifications, one
    # statement): no count read
    with django_assert_num_queries(8):
        again = client.get(url).content.decode()
    assert table(again) == table(first)
    assert again.count('<th scope="row">') == subjects * 6


def test_new_rules_show_a_new_table(client_for, secretariat, voters, open_evaluation):
    people = voters(4)
    evaluation = open_evaluation(people, subjects=1, criteria=1)
    ballots_cast(evaluation, people, ["excellent", "incompetent", "incompetent", "incompetent"])
    evaluation_close(evaluation=evaluation, closed_by=secretariat)
    client = client_for(secretariat)
    url = f"/evaluations/{evaluation.pk}/results/"
    rules = EvaluationRules.current()
    rules.flag_numerator, rules.flag_denominator = 9, 10  # nobody flagged
    rules.save()
    assert '<span class="mark-flag">' not in client.get(url).content.decode()
    rules.flag_numerator, rules.flag_denominator = 1, 3
    rules.save()
    assert '<span class="mark-flag">' in client.get(url).content.decode()
