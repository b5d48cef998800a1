"""The election's inlines' formset (`ShownRowsFormSet`, decision 343): a new election's rows
known empty without writing a statement, a saved one's candidates and scrutineers read by
statements written once, each against Django's own answer."""

import pytest

from sessions.admin.elections import CandidateInline, ScrutineerInline, StatusChangeInline
from sessions.models import Candidate, Election, Scrutineer
from tests.core.factories import office_user
from tests.core.inline_kit import (
    assert_new_objects_rows_known_empty,
    assert_rows_read_as_by_orm,
    formset_shown,
    shown_and_djangos,
)
from tests.sessions.election_kit import election_in_hall

pytestmark = pytest.mark.django_db

INLINES = (CandidateInline, ScrutineerInline, StatusChangeInline)


def _request(rf):
    request = rf.get("/")
    request.user = office_user()
    return request


def _formsets(inline_class, request, parent):
    return shown_and_djangos(inline_class, Election, request, parent)


def test_a_new_elections_rows_are_known_empty_without_a_statement(rf):
    assert_new_objects_rows_known_empty(INLINES, Election, _request(rf))


def test_a_saved_elections_rows_are_those_the_orm_reads(term, rf):
    election, _sitting, delegates = election_in_hall(term, names=("丙", "甲", "乙"))
    for order, candidate in zip((2, 3, 1), election.candidates.order_by("pk"), strict=True):
        candidate.order = order
        candidate.save(update_fields=["order"])
    Scrutineer.objects.create(election=election, delegate=delegates[3])
    Scrutineer.objects.create(election=election, delegate=delegates[1], chief=True)
    request = _request(rf)
    read = assert_rows_read_as_by_orm(
        (CandidateInline, ScrutineerInline), Election, election, request
    )
    assert len(read[0]) == Candidate.objects.filter(election=election).count() == 3
    for inline_class in INLINES:
        shown, django = _formsets(inline_class, request, election)
        assert formset_shown(shown) == formset_shown(django), inline_class
