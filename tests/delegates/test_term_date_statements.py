"""The term's statements on a date written once per process (decision 382): the kept text with
the request's values is the ORM's own writing of the same term and date, and a statement that
cannot be kept so is written each time."""

import datetime

import pytest

from delegates import selectors, statistics, term_date_statements
from delegates.services import delegate_change_qualification
from delegates.term_date_statements import statement
from tests.core.factories import office_user
from tests.delegates.factories import ElectoralUnitFactory, TermFactory
from tests.delegates.helpers import enter

pytestmark = pytest.mark.django_db

DAYS = [datetime.date(2024, 6, 1), datetime.date(2020, 2, 29), datetime.date(1999, 12, 31)]


@pytest.fixture(autouse=True)
def nothing_kept(monkeypatch):
    monkeypatch.setattr(term_date_statements, "_kept", {})


@pytest.mark.parametrize("changed", [False, True])
@pytest.mark.parametrize("holders", [False, True])
def test_the_counts_statement_kept_is_the_orms_for_every_term_and_date(changed, holders):
    def write(term_id, on_date):
        return statistics._count_statement(term_id, on_date, changed, holders)

    key = ("counts", changed, holders)
    for term_id in (1, 7, 123):
        for day in DAYS:
            sql, params = statement(key, write, statistics._count_values, term_id, day)
            expected_sql, expected_params = write(term_id, day)
            assert (sql, params) == (expected_sql, list(expected_params))
    assert term_date_statements._kept[key] is not None  # read kept, not written again


def test_the_kept_statements_are_not_written_again(monkeypatch):
    written = []

    def write(term_id, on_date):
        written.append((term_id, on_date))
        return statistics._count_statement(term_id, on_date, True, True)

    statement("counts", write, statistics._count_values, 3, DAYS[0])
    assert len(written) == 2  # the two stand-ins
    statement("counts", write, statistics._count_values, 4, DAYS[1])
    assert len(written) == 2


def test_changes_after_asks_as_the_orm(term):
    unit = ElectoralUnitFactory(term=term, seats=5)
    delegate = enter(term, unit)
    delegate_change_qualification(
        delegate=delegate,
        kind="suspended",
        effective_date=datetime.date(2024, 3, 1),
        reason="调查",
        decision_reference="4号",
        recorded_by=office_user(),
    )
    other = TermFactory()
    for day in [datetime.date(2021, 1, 1), datetime.date(2024, 2, 29), datetime.date(2024, 3, 1)]:
        for asked in (term, other.pk):
            later = selectors.QualificationEvent.objects.filter(
                delegate__term=asked, effective_date__gt=day
            )
            assert selectors.changes_after(asked, day) is later.exists()
    assert term_date_statements._kept["changes_after"] is not None
    assert selectors.changes_after(term, datetime.date(2024, 2, 29))


def test_a_statement_whose_text_depends_on_the_date_is_written_each_time():
    def write(term_id, on_date):
        return f"SELECT %s WHERE {on_date.year} > 0", (term_id,)

    slots = selectors._term_and_date
    assert statement("by year", write, slots, 5, DAYS[0]) == write(5, DAYS[0])
    assert term_date_statements._kept["by year"] is None
    assert statement("by year", write, slots, 6, DAYS[1]) == write(6, DAYS[1])


def test_a_value_of_the_date_no_slot_names_is_not_kept():
    """A value that changes with the date but is no slot (its day here), and the statement is
    written each time."""

    def write(term_id, on_date):
        return "SELECT %s, %s", (term_id, on_date.day)

    slots = selectors._term_and_date
    assert statement("day", write, slots, 5, DAYS[0]) == write(5, DAYS[0])
    assert term_date_statements._kept["day"] is None


def test_two_slots_alike_are_refused():
    def write(term_id, on_date):
        return "SELECT %s", (term_id,)

    def slots(term_id, on_date):
        return {"term": term_id, "again": term_id}

    assert statement("alike", write, slots, 5, DAYS[0]) == write(5, DAYS[0])
    assert term_date_statements._kept["alike"] is None


def test_the_structure_page_of_no_term_is_not_found(client_for, secretariat):
    assert client_for(secretariat).get("/admin/delegates/term/987654/structure/").status_code == 404
