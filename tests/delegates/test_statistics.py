import datetime
import io

import pytest
from openpyxl import load_workbook

from delegates.services import delegate_change_qualification
from delegates.statistics import structure_statistics
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
    with django_assert_num_queries(3):
        structure_statistics(term, ON)


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
