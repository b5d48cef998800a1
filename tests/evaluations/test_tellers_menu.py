"""Issue 12 §2, session day: tellers find their pages in their menu (only while an evaluation
of theirs needs counting, asked of the server), and the office picks tellers by name."""

import pytest

from congress_office.roles import Role
from evaluations.services import tellers_set
from tests.core.factories import UserFactory
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.evaluations.kit import S, evaluation_in

pytestmark = pytest.mark.django_db

TALLY = 'href="/evaluations/tally/"'
CHANGELIST = "/admin/evaluations/evaluation/"


@pytest.fixture
def record(delegate):
    return delegate.delegate_records.get()


def _menu(client, path):
    page = client.get(path).content.decode()
    return page[page.index('class="site-nav"') : page.index("</nav>")]


@pytest.mark.parametrize(("status", "shown"), [(S.DRAFT, False), (S.OPEN, True), (S.CLOSED, False)])
def test_a_delegate_teller_finds_the_counting_page_in_the_menu_while_there_is_counting(
    client_for, delegate, record, session, secretariat, status, shown
):
    evaluation = evaluation_in(status, session=session, entitled=[record], office=secretariat)
    client = client_for(delegate)
    assert TALLY not in _menu(client, "/delegates/me/")
    tellers_set(evaluation=evaluation, users=[delegate])
    assert (TALLY in _menu(client, "/delegates/me/")) is shown
    if shown:
        page = client.get("/evaluations/tally/").content.decode()
        assert f'href="/evaluations/{evaluation.pk}/tally/"' in page


def test_the_menu_entry_is_a_tellers_own(
    client_for, delegate, other_delegate, record, session, secretariat
):
    evaluation = evaluation_in(S.OPEN, session=session, entitled=[record], office=secretariat)
    tellers_set(evaluation=evaluation, users=[other_delegate])
    assert TALLY not in _menu(client_for(delegate), "/delegates/me/")
    assert TALLY in _menu(client_for(other_delegate), "/delegates/me/")
    tellers_set(evaluation=evaluation, users=[])  # withdrawn: gone at once
    assert TALLY not in _menu(client_for(other_delegate), "/delegates/me/")


def test_office_staff_who_count_find_the_page_from_the_admin(office, secretariat, record, session):
    evaluation = evaluation_in(S.OPEN, session=session, entitled=[record], office=secretariat)
    assert TALLY not in office.get("/admin/").content.decode()
    tellers_set(evaluation=evaluation, users=[secretariat])
    tools = office.get("/admin/").content.decode()
    tools = tools[tools.index('id="user-tools"') :]
    assert TALLY in tools[: tools.index("</div>")]
    assert TALLY in _menu(office, "/evaluations/tally/")


def test_the_teller_picker_shows_people_by_name_and_delegation_in_name_order(office, term, session):
    unit = ElectoralUnitFactory(term=term, seats=10)
    people = [
        # login names in the opposite order of the people's names
        ("a-login", "王五", "第二代表团"),
        ("b-login", "李四", "第一代表团"),
        ("c-login", "张三", None),
    ]
    for username, name, delegation in people:
        user = UserFactory(username=username, role=Role.DELEGATE)
        enter(
            term,
            unit,
            name=name,
            user=user,
            work_unit="镇农业服务中心",
            delegation=DelegationFactory(term=term, name=delegation) if delegation else None,
        )
    UserFactory(username="d-login", first_name="小红", last_name="陈", role=Role.SECRETARIAT)
    evaluation = evaluation_in(S.DRAFT, session=session)
    office.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    form = office.get(f"{CHANGELIST}{evaluation.pk}/change/").context["adminform"].form
    labels = [label for _value, label in form.fields["tellers"].choices]
    expected = ["张三（镇农业服务中心）", "李四（第一代表团）", "王五（第二代表团）", "陈小红"]
    assert [label for label in labels if label in expected] == sorted(expected)
    assert not any("login" in label for label in labels)
    add = office.get(f"{CHANGELIST}add/").context["adminform"].form
    assert "李四（第一代表团）" in [label for _value, label in add.fields["tellers"].choices]
