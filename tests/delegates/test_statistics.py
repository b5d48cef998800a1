import datetime
import io

import pytest
from openpyxl import load_workbook

from delegates.selectors import changes_after, vacancies_by_electoral_unit
from delegates.services import delegate_change_qualification
from delegates.statistics import structure_statistics, structure_with_vacancies
from tests.core.factories import office_user
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory
from tests.delegates.helpers import enter

pytestmark = pytest.mark.django_db

ON = datetime.date(2024, 6, 1)


@pytest.fixture
def roster(term):
    unit = ElectoralUnitFactory(term=term, seats=10, name="斜桥村党委")
    rural = DelegationFactory(term=term, name="农村代表团")
    people = [
        ("female", datetime.date(1990, 6, 2), "farmer", "回族"),  # 33 on ON: 35 and under
        ("female", datetime.date(1970, 1, 1), "leading_cadre", "汉族"),  # 54
        ("male", datetime.date(1960, 1, 1), "farmer", "汉族"),  # 64
        ("male", datetime.date(1984, 6, 1), "farmer", "汉族"),  # 40 that very day
    ]
    delegates = [
        enter(term, unit, gender=g, birth_date=b, occupation=o, ethnicity=e, delegation=rural)
        for g, b, o, e in people
    ]
    leaving = enter(term, unit, delegation=rural)
    delegate_change_qualification(
        delegate=leaving,
        kind="terminated",
        effective_date=datetime.date(2023, 1, 1),
        reason="调离",
        decision_reference="1号",
        recorded_by=office_user(),
    )
    return delegates


def figures(term):
    total, dimensions = structure_statistics(term, ON)
    return total, {d.key: {r.label: (r.count, r.percent) for r in d.rows} for d in dimensions}


def test_counts_and_percentages_of_the_active_delegates(term, roster):
    total, by = figures(term)
    assert total == 4  # the terminated delegate is not counted
    assert by["gender"] == {"Male": (2, 50.0), "Female": (2, 50.0)}
    assert by["age"] == {
        "35 and under": (1, 25.0),
        "36 to 45": (1, 25.0),
        "46 to 55": (1, 25.0),
        "56 and over": (1, 25.0),
    }
    assert by["occupation"]["Farmer"] == (3, 75.0)
    assert by["ethnicity"] == {"回族": (1, 25.0), "汉族": (3, 75.0)}
    assert by["delegation"] == {"农村代表团": (4, 100.0)}
    assert by["electoral_unit"] == {"斜桥村党委": (4, 100.0)}


@pytest.mark.parametrize("extra", [0, 30])
def test_constant_queries(term, roster, extra, django_assert_num_queries):
    unit = ElectoralUnitFactory(term=term, seats=40)
    for _ in range(extra):
        enter(term, unit)
    with django_assert_num_queries(4):
        expected = structure_statistics(term, ON)
    # Told whether a change came after the date and given the term's units (the page's way):
    # the counts and the delegations' names only, the same figures.
    units = list(term.electoral_units.order_by("name"))
    changed = changes_after(term, ON)
    with django_assert_num_queries(2):
        assert structure_statistics(term, ON, changed=changed, units=units) == expected


def test_a_change_after_the_date_is_read_from_the_history(term, roster):
    """On a date before a change took effect, the delegate counts as they were then (their
    history), not as their record says now; on a date after every change, the record."""
    delegate_change_qualification(
        delegate=roster[0],
        kind="terminated",
        effective_date=datetime.date(2024, 9, 1),
        reason="调离",
        decision_reference="2号",
        recorded_by=office_user(),
    )
    assert figures(term)[0] == 4
    assert figures(term)[1]["ethnicity"]["回族"] == (1, 25.0)
    total, dimensions = structure_statistics(term, datetime.date(2024, 10, 1))
    assert total == 3
    assert "回族" not in {row.label for d in dimensions for row in d.rows}


def test_a_record_without_an_entry_is_not_counted(term, roster):
    """A delegate's record with no election in its history (never entered through the
    services) is not an active delegate, on a date after every change as before one."""
    from tests.delegates.factories import DelegateFactory

    DelegateFactory(term=term)
    assert figures(term)[0] == 4
    assert structure_statistics(term, datetime.date(2030, 1, 1))[0] == 4


def test_ages_go_by_the_year_and_month_of_birth(term):
    """Born on 29 February 1980: 45 on 31 January 2026 and 46 from 1 February, the first of
    the birth month (出生年月, decision 235), whatever the day of birth, in a year without a
    29 February too."""
    unit = ElectoralUnitFactory(term=term, seats=5)
    enter(term, unit, birth_date=datetime.date(1980, 2, 29))
    for day, band in [
        (datetime.date(2026, 1, 31), "36 to 45"),
        (datetime.date(2026, 2, 1), "46 to 55"),
        (datetime.date(2026, 2, 28), "46 to 55"),
    ]:
        _total, dimensions = structure_statistics(term, day)
        ages = next(d for d in dimensions if d.key == "age")
        assert [row.label for row in ages.rows] == [band], day


@pytest.mark.parametrize("extra", [0, 30])
def test_the_page_takes_the_same_queries_whatever_the_term(
    client_for, secretariat, term, roster, extra, django_assert_num_queries
):
    unit = ElectoralUnitFactory(term=term, seats=40)
    for _ in range(extra):
        enter(term, unit)
    client = client_for(secretariat)
    url = f"/admin/delegates/term/{term.pk}/structure/?date=2024-06-01"
    client.get(url)
    # The user's session and account, the session's two-factor device, the term, the
    # permissions (1), whether a change takes effect after the date (asked once: decision 251),
    # the term's electoral units (read once for the counts' names and the vacancies: decision
    # 276), the structure and the vacancies (one pass, decision 309), the delegations' names and
    # the menu's duties.
    with django_assert_num_queries(10):
        page = client.get(url).content.decode()
    assert f"{4 + extra} active delegates on" in page


def test_the_page_shows_the_charts_and_vacancies(client_for, secretariat, term, roster):
    response = client_for(secretariat).get(
        f"/admin/delegates/term/{term.pk}/structure/?date=2024-06-01"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "4 active delegates on" in page
    assert "<svg" in page and 'width="75.0%"' in page  # the farmers' bar
    assert "斜桥村党委" in page


def test_exports(client_for, secretariat, term, roster):
    client = client_for(secretariat)
    url = f"/admin/delegates/term/{term.pk}/structure/?date=2024-06-01&format="
    csv_text = client.get(url + "csv").content.decode("utf-8-sig")
    assert "Occupation category,Farmer,3,75.0" in csv_text
    workbook = load_workbook(io.BytesIO(client.get(url + "xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == ("Dimension", "Category", "Delegates", "Percent")
    assert ("Ethnicity", "回族", 1, 25.0) in rows


def test_a_date_outside_the_term_is_explained(client_for, secretariat, term):
    response = client_for(secretariat).get(
        f"/admin/delegates/term/{term.pk}/structure/?date=2030-01-01"
    )
    assert "Choose a date within the term" in response.content.decode()


@pytest.mark.parametrize("who", ["delegate", "unit_staff"])
def test_only_office_staff_see_it(client_for, request, term, who):
    response = client_for(request.getfixturevalue(who)).get(
        f"/admin/delegates/term/{term.pk}/structure/"
    )
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_grouping_sets_count_as_the_portable_statement(term, roster, monkeypatch):
    """On PostgreSQL the dimensions are counted by GROUPING SETS (decision 251): the same
    counts as the portable statement, a delegate without a delegation counted under "—"."""
    from delegates import statistics, term_date_statements

    unit = ElectoralUnitFactory(term=term, seats=5)
    enter(term, unit, delegation=None)
    native = statistics._counts(term, ON)
    portable = statistics._counted_by_dimension
    monkeypatch.setattr(
        statistics,
        "_counted_by_dimension",
        lambda active, columns, by=None: portable(active, columns, vendor="portable", by=by),
    )
    # The statement kept (decision 382) is the native one: written again, the portable way.
    monkeypatch.setattr(term_date_statements, "_kept", {})
    assert statistics._counts(term, ON) == native
    assert (
        native["delegation"]["—"] == 1
        and native["gender"]
        and sum(native["age"].values()) == sum(native["gender"].values())
    )


def test_the_tables_rows_escape_names_and_show_vacancies_in_bold(
    client_for, secretariat, term, roster
):
    """The rows are written in Python (delegates/templatetags/structure_tables.py), escaped
    as the template escaped them."""
    ElectoralUnitFactory(term=term, seats=40, name="<i>新村</i>")
    page = (
        client_for(secretariat)
        .get(f"/admin/delegates/term/{term.pk}/structure/?date=2024-06-01")
        .content.decode()
    )
    assert (
        "<tr><td>&lt;i&gt;新村&lt;/i&gt;</td><td>40</td><td>0</td><td><strong>40</strong>" in page
    )
    assert "<i>新村" not in page
    assert '<td>75.0%</td><td class="bar-cell">' in page  # the farmers' share and bar


@pytest.mark.parametrize("portable", [False, True])
def test_one_pass_gives_the_structure_and_the_vacancies(term, roster, portable, monkeypatch):
    """The page's one pass over the seat holders (decision 309) counts what the two counts
    did: the active delegates' structure and each unit's seat holders (a suspended delegate
    holds a seat but is not active; a record without an entry counts in neither), from the
    record (no change after the date) as from the history (a change after it), with GROUPING
    SETS and with the portable statement."""
    from delegates import statistics, term_date_statements
    from tests.delegates.factories import DelegateFactory

    monkeypatch.setattr(term_date_statements, "_kept", {})  # written again, each way
    if portable:
        counted_by = statistics._counted_by_dimension
        monkeypatch.setattr(
            statistics,
            "_counted_by_dimension",
            lambda active, columns, by=None: counted_by(active, columns, vendor="x", by=by),
        )
    other = ElectoralUnitFactory(term=term, seats=3, name="新村")
    for kind, day in [("suspended", datetime.date(2024, 3, 1)), ("terminated", ON)]:
        delegate_change_qualification(
            delegate=enter(term, other, ethnicity="壮族"),
            kind=kind,
            effective_date=day,
            reason="调离",
            decision_reference="3号",
            recorded_by=office_user(),
        )
    DelegateFactory(term=term, electoral_unit=other)  # never entered
    for day in (datetime.date(2024, 5, 1), ON, datetime.date(2030, 1, 1)):
        units = list(term.electoral_units.order_by("name"))
        total, dimensions, with_vacancies = structure_with_vacancies(term, day, units=units)
        assert (total, dimensions) == structure_statistics(term, day)
        expected = vacancies_by_electoral_unit(term, day)
        assert [(u.name, u.holders, u.vacancies) for u in with_vacancies] == [
            (u.name, u.holders, u.vacancies) for u in expected
        ]
    # Before the termination took effect, both of the new unit's delegates hold a seat;
    # only the suspended one after: neither is counted among the active (壮族).
    assert {
        u.name: u.holders for u in structure_with_vacancies(term, ON - datetime.timedelta(1))[2]
    }["新村"] == 2
    total, dimensions, units = structure_with_vacancies(term, datetime.date(2030, 1, 1))
    assert {u.name: u.holders for u in units}["新村"] == 1
    assert total == 4 and "壮族" not in {row.label for d in dimensions for row in d.rows}


def test_who_has_entered_is_found_by_the_terms_first_and_last_keys(term):
    """Who has entered the congress (has a qualification event) is found among the events whose
    delegate's key lies between the term's first and last (decision 546): the term's first and
    last delegates are counted, another term's delegates with keys between them and a record
    of the term never entered are not; the other term's likewise."""
    from delegates.selectors import active_delegates_counted_on
    from tests.delegates.factories import DelegateFactory, TermFactory

    other = TermFactory()
    unit, other_unit = (ElectoralUnitFactory(term=t, seats=10) for t in (term, other))
    first = enter(term, unit)
    between = enter(other, other_unit)
    never = DelegateFactory(term=term, electoral_unit=unit, status="active")
    also_between = enter(other, other_unit)
    last = enter(term, unit)
    assert first.pk < between.pk < never.pk < also_between.pk < last.pk
    for counted_term, expected in ((term, {first, last}), (other, {between, also_between})):
        assert set(active_delegates_counted_on(counted_term, ON, changed=False)) == expected
        assert structure_statistics(counted_term, ON)[0] == 2
        assert structure_with_vacancies(counted_term, ON)[0] == 2
