"""Issue 12 (1.14): headings go down one level at a time (h1, h2, h3), as screen readers
list them; pages with text included from elsewhere jumped from h1 to h3."""

import re
from itertools import pairwise

import pytest

from evaluations.models import Evaluation
from proposals.models import Proposal
from tests.evaluations.kit import evaluation_in
from tests.proposals.kit import proposal_in
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db


def skipped_levels(page: str) -> list[str]:
    """Each heading that comes more than one level below the one before it."""
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]
    return [
        f"h{before} → h{after}" for before, after in pairwise([0, *levels]) if after > before + 1
    ]


def test_the_checker_notices_a_skipped_level():
    assert skipped_levels("<h1>a</h1><h3>b</h3><h2>c</h2><h3>d</h3>") == ["h1 → h3"]
    assert skipped_levels("<h2>a</h2>") == ["h0 → h2"]


def test_an_items_page_has_its_headings_in_order(client_for, delegate, author):
    item, _ = proposal_in(Proposal.Status.SUBMITTED, author=author)
    page = client_for(delegate).get(f"/proposals/{item.pk}/").content.decode()
    assert "<h2>" in page and skipped_levels(page) == []


def test_an_evaluations_results_have_their_headings_in_order(office, author):
    session = SessionFactory(term=author.term)
    evaluation = evaluation_in(Evaluation.Status.CLOSED, session=session, entitled=[author])
    page = office.get(f"/evaluations/{evaluation.pk}/results/").content.decode()
    assert "成员1" in page and skipped_levels(page) == []
