"""The leading bodies and who sits on them on any date (issue 13, item 1)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluations.services import subjects_from_body
from sessions.bodies import body_seats_check, holding_on, members_on
from sessions.models import Body, Membership
from tests.delegates.factories import TermFactory
from tests.evaluations.factories import EvaluationFactory, SubjectFactory
from tests.evaluations.kit import evaluation_in
from tests.sessions.factories import SessionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
Role = Membership.Role
FIRST = "第一次会议选举"
ELECTION_DAY = D(2022, 1, 8)


@pytest.fixture
def committee(term):
    return Body.objects.create(
        term=term, kind=Body.Kind.COMMITTEE, name="中共测试镇委员会", seats=3, alternate_seats=1
    )


def seat(body, name, start=ELECTION_DAY, role=Role.MEMBER, **fields):
    fields.setdefault("decision", FIRST)
    return Membership.objects.create(body=body, name=name, role=role, start_date=start, **fields)


def test_members_on_a_date_in_the_order_they_are_read_out(committee):
    seat(committee, "赵委员")
    seat(committee, "钱书记", role=Role.SECRETARY)
    seat(committee, "孙候补二", role=Role.ALTERNATE, alternate_rank=2)
    seat(committee, "李副书记", role=Role.DEPUTY_SECRETARY)
    seat(committee, "周离任", end_date=D(2023, 6, 30), end_reason="moved")
    seat(committee, "吴补选", start=D(2024, 1, 6))
    seat(committee, "郑候补一", role=Role.ALTERNATE, alternate_rank=1)

    def names(day):
        return [m.name for m in members_on(committee, day)]

    in_2023 = ["钱书记", "李副书记", "周离任", "赵委员", "郑候补一", "孙候补二"]
    assert names(D(2023, 6, 29)) == in_2023
    # The day a membership ends it no longer holds the seat; a successor may start that day.
    assert "周离任" not in names(D(2023, 6, 30))
    assert "吴补选" not in names(D(2024, 1, 5))
    assert "吴补选" in names(D(2024, 1, 6))
    assert names(D(2022, 1, 7)) == []


def test_seats_are_never_over_filled_on_any_day(committee):
    seat(committee, "甲")
    seat(committee, "乙")
    leaving = seat(committee, "丙", end_date=D(2023, 6, 30), end_reason="moved")
    body_seats_check(body=committee)
    seat(committee, "丁", start=D(2023, 6, 30))  # takes the seat the day it is left
    body_seats_check(body=committee)
    # A fourth member backdated to before 丙 left: that day 4 sit on 3 seats.
    seat(committee, "戊", start=D(2023, 1, 1))
    with pytest.raises(ValidationError) as refused:
        body_seats_check(body=committee)
    assert "2023" in str(refused.value) and "4" in str(refused.value)
    leaving.refresh_from_db()


def test_alternates_have_their_own_seats(committee):
    seat(committee, "候补一", role=Role.ALTERNATE, alternate_rank=1)
    body_seats_check(body=committee)
    seat(committee, "候补二", role=Role.ALTERNATE, alternate_rank=2)
    with pytest.raises(ValidationError, match="alternate"):
        body_seats_check(body=committee)


@pytest.mark.parametrize(
    "fields",
    [
        {"end_date": D(2023, 1, 1)},  # ended without a reason
        {"end_reason": "moved"},  # a reason without an end
        {"decision": ""},  # neither elected at a session nor by a decision
        {"alternate_rank": 1},  # a member ranked as an alternate
        {"end_date": D(2021, 1, 1), "end_reason": "moved"},  # ends before it starts
    ],
)
def test_the_database_refuses_a_membership_that_makes_no_sense(committee, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        seat(committee, "某人", **fields)


def test_a_membership_belongs_to_its_term(committee):
    other_session = SessionFactory(term=TermFactory())
    membership = Membership(
        body=committee, name="某人", start_date=D(2024, 1, 6), elected_at=other_session
    )
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert "elected_at" in refused.value.message_dict
    membership = Membership(body=committee, name="某人", start_date=D(2030, 1, 1), decision=FIRST)
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    assert "start_date" in refused.value.message_dict


def test_members_on_reads_in_one_query_at_any_size(committee, django_assert_num_queries):
    for n in range(3):
        seat(committee, f"成员{n}")
    with django_assert_num_queries(1):
        assert len(members_on(committee, D(2024, 1, 1))) == 3
    committee.seats = 40
    committee.save()
    for n in range(3, 30):
        seat(committee, f"成员{n}")
    with django_assert_num_queries(1):
        assert len(members_on(committee, D(2024, 1, 1))) == 30


def test_an_evaluation_rates_the_members_on_the_sessions_first_day(committee, term):
    session = SessionFactory(term=term, start_date=D(2024, 1, 6), end_date=D(2024, 1, 6))
    evaluation = EvaluationFactory(session=session)
    team = SubjectFactory(evaluation=evaluation, name="领导班子", post="", is_team=True, order=5)
    SubjectFactory(evaluation=evaluation, name="手工录入", order=1)
    seat(committee, "钱书记", role=Role.SECRETARY, post="镇党委书记")
    seat(committee, "赵委员", post="镇党委委员")
    seat(committee, "候补", role=Role.ALTERNATE, alternate_rank=1)
    seat(committee, "已离任", end_date=D(2023, 6, 30), end_reason="moved")
    seat(committee, "未到任", start=D(2024, 2, 1))

    subjects_from_body(evaluation=evaluation, body=committee)

    rows = list(evaluation.subjects.order_by("order").values_list("name", "post", "order"))
    assert rows == [("领导班子", "", 1), ("钱书记", "镇党委书记", 2), ("赵委员", "镇党委委员", 3)]
    assert evaluation.subjects.get(is_team=True).pk == team.pk


def test_subjects_come_only_from_a_body_of_the_sessions_term_and_only_while_a_draft(
    committee, roster
):
    elsewhere = EvaluationFactory(session=SessionFactory(term=TermFactory()))
    with pytest.raises(ValidationError) as refused:
        subjects_from_body(evaluation=elsewhere, body=committee)
    assert "body" in refused.value.message_dict
    seat(committee, "钱书记", role=Role.SECRETARY)
    opened = evaluation_in("open", session=SessionFactory(term=committee.term), entitled=roster(2))
    before = list(opened.subjects.values_list("name", flat=True))
    with pytest.raises(ValidationError):
        subjects_from_body(evaluation=opened, body=committee)
    assert list(opened.subjects.values_list("name", flat=True)) == before


def _body_page(term, rows):
    data = {
        "term": term.pk,
        "kind": "committee",
        "name": "中共测试镇委员会",
        "seats": 2,
        "alternate_seats": 0,
        "memberships-TOTAL_FORMS": len(rows),
        "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    for n, name in enumerate(rows):
        data |= {
            f"memberships-{n}-name": name,
            f"memberships-{n}-role": "member",
            f"memberships-{n}-start_date": "2022-01-08",
            f"memberships-{n}-decision": FIRST,
        }
    return data


def test_the_office_enters_a_body_with_its_members_in_the_admin(office, term):
    response = office.post("/admin/congress_sessions/body/add/", _body_page(term, ["甲", "乙"]))
    assert response.status_code == 302
    body = Body.objects.get()
    assert sorted(m.name for m in members_on(body, D(2023, 1, 1))) == ["乙", "甲"]
    listing = office.get("/admin/congress_sessions/body/").content.decode()
    assert "中共测试镇委员会" in listing


def test_an_over_filled_body_is_refused_in_the_users_language_and_nothing_saved(office, term):
    office.cookies["django_language"] = "zh-hans"
    page = _body_page(term, ["甲", "乙", "丙"])
    response = office.post("/admin/congress_sessions/body/add/", page)
    assert response.status_code == 200
    assert "2022年1月8日" in response.content.decode()
    assert "3名委员" in response.content.decode()
    assert not Body.objects.exists() and not Membership.objects.exists()
    assert 'value="丙"' in response.content.decode()  # what was typed is kept


def test_the_office_fills_an_evaluations_subjects_from_a_body(office, committee, term):
    seat(committee, "钱书记", role=Role.SECRETARY)
    evaluation = EvaluationFactory(session=SessionFactory(term=term))
    changelist = "/admin/evaluations/evaluation/"
    ask = office.post(
        changelist, {"action": "subjects_from_body", "_selected_action": [evaluation.pk]}
    )
    assert "中共测试镇委员会" in ask.content.decode()
    office.post(
        changelist,
        {
            "action": "subjects_from_body",
            "_selected_action": [evaluation.pk],
            "apply": "1",
            "body": committee.pk,
        },
    )
    assert list(evaluation.subjects.values_list("name", flat=True)) == ["钱书记"]


def _members_now_shown(office, url: str) -> dict:
    """{body: its members now} as the bodies' list shows them, and the queries it made."""
    office.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = office.get(url)
    page = response.content.decode()
    shown = {body.name: body.members_now for body in response.context["cl"].result_list}
    for number in shown.values():
        assert f'<td class="field-members_now">{number}</td>' in page
    return shown, len(queries)


def test_the_bodies_list_counts_the_seats_held_today_for_its_page_alone(office, committee, term):
    """Each body's members now are counted for the page's bodies (decision 391), as the
    list's annotation counted them: the seats held today, whatever the list is searched
    by (a member's name: each body's every member, not only those named so), in as many
    queries for three bodies as for one."""
    seat(committee, "钱书记", role=Role.SECRETARY)
    _one, alone = _members_now_shown(office, "/admin/congress_sessions/body/")
    seat(committee, "周离任", end_date=D(2023, 6, 30), end_reason="moved")
    seat(committee, "吴后任", start=D(2023, 6, 30))
    standing = Body.objects.create(
        term=term, kind=Body.Kind.STANDING_COMMITTEE, name="常务委员会", seats=2, alternate_seats=0
    )
    seat(standing, "钱书记", role=Role.SECRETARY)
    Body.objects.create(
        term=term, kind=Body.Kind.DISCIPLINE_COMMISSION, name="纪委", seats=1, alternate_seats=0
    )
    holding = holding_on(timezone.localdate(), prefix="memberships__")
    counted = Body.objects.annotate(held=Count("memberships", filter=holding))
    assert dict(counted.values_list("name", "held")) == {
        "中共测试镇委员会": 2,
        "常务委员会": 1,
        "纪委": 0,
    }
    shown, three = _members_now_shown(office, "/admin/congress_sessions/body/")
    assert shown == dict(counted.values_list("name", "held"))
    assert three == alone
    searched, _queries = _members_now_shown(office, "/admin/congress_sessions/body/?q=钱书记")
    assert searched == {"中共测试镇委员会": 2, "常务委员会": 1}
