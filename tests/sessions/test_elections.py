"""Preparing an election (issue 13, items 2 to 4): the margin rule at its edges, the formal
list approved or refused, the printing order, and scrutineers who are never candidates."""

import pytest
from django.core.exceptions import ValidationError

from sessions.elections import (
    candidates_approve,
    candidates_in_print_order,
    election_rule_for,
    fewest_candidates,
    scrutineers_set,
)
from sessions.models import AgendaItem, Body, Candidate, Election, ElectionRule, Scrutineer
from tests.core.factories import office_user
from tests.delegates.factories import ElectoralUnitFactory, TermFactory
from tests.delegates.helpers import enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(term):
    return Body.objects.create(term=term, kind="committee", name="中共测试镇委员会", seats=31)


@pytest.fixture
def make_election(session, body):
    item = AgendaItem.objects.create(session=session, order=9, kind="election", title="选举")

    def make(seats=3, candidates=4, formal=None, **fields):
        fields.setdefault("fills", "members")
        election = Election.objects.create(
            session=session, agenda_item=item, title="补选委员", body=body, seats=seats, **fields
        )
        formal = candidates if formal is None else formal
        for n in range(candidates):
            Candidate.objects.create(election=election, name=f"候选人{n:02d}", formal=n < formal)
        return election

    return make


@pytest.mark.parametrize(
    ("seats", "fewest"), [(1, 2), (3, 4), (5, 6), (7, 9), (9, 11), (11, 14), (21, 26), (31, 38)]
)
def test_the_competitive_margin_is_twenty_per_cent_rounded_up(seats, fewest):
    assert fewest_candidates(seats=seats, margin_percent=20) == fewest


def test_a_margin_of_nothing_still_asks_one_candidate_more_than_seats():
    assert fewest_candidates(seats=10, margin_percent=0) == 11


@pytest.mark.parametrize(("seats", "fewest"), [(7, 9), (9, 11), (11, 14), (21, 26)])
def test_the_formal_list_is_refused_one_short_of_the_margin_and_approved_at_it(
    make_election, seats, fewest
):
    short = make_election(seats=seats, candidates=fewest, formal=fewest - 1)
    with pytest.raises(ValidationError, match=f"at least {fewest} candidates"):
        candidates_approve(election=short, approved_by=office_user())
    short.refresh_from_db()
    assert short.status == "preparing" and not short.status_changes.exists()

    enough = make_election(seats=seats, candidates=fewest)
    approved = candidates_approve(election=enough, approved_by=office_user())
    assert approved.status == "list_approved"
    assert approved.rules["margin_percent"] == 20
    change = approved.status_changes.get()
    assert (change.status_before, change.status_after) == ("preparing", "list_approved")
    assert change.actor is not None


def test_the_rule_is_copied_so_later_edits_never_rewrite_an_approved_election(make_election, term):
    election = candidates_approve(election=make_election(), approved_by=office_user())
    ElectionRule.objects.filter(term=term).update(margin_percent=50, on_tie="vacant")
    election.refresh_from_db()
    assert election.rules["margin_percent"] == 20
    assert election.rules["on_tie"] == "further_round"


def test_equal_number_only_where_the_rules_allow_and_with_as_many_candidates_as_seats(
    make_election,
):
    members = make_election(seats=3, candidates=3, method="equal")
    with pytest.raises(ValidationError, match="do not allow"):
        candidates_approve(election=members, approved_by=office_user())
    by_election = make_election(seats=3, candidates=4, method="equal", by_election=True)
    with pytest.raises(ValidationError, match="3 seats, 4 candidates"):
        candidates_approve(election=by_election, approved_by=office_user())
    by_election.candidates.filter(name="候选人03").update(formal=False)
    assert candidates_approve(election=by_election, approved_by=office_user()).rules


def test_an_approved_list_is_not_approved_again(make_election):
    election = candidates_approve(election=make_election(), approved_by=office_user())
    with pytest.raises(ValidationError, match="already approved"):
        candidates_approve(election=election, approved_by=office_user())


def test_by_elections_may_be_equal_number_by_default_and_elections_may_not(term):
    assert election_rule_for(term=term, fills="members", by_election=True).equal_number_allowed
    assert not election_rule_for(term=term, fills="members", by_election=False).equal_number_allowed


def test_printed_in_the_office_order_only_when_every_candidate_has_one(make_election):
    election = make_election(seats=2, candidates=3)
    names = {c.name: c for c in election.candidates.all()}
    assert [c.name for c in candidates_in_print_order(election)] == sorted(names)
    for order, name in zip([3, 1], ["候选人00", "候选人01"], strict=True):
        Candidate.objects.filter(pk=names[name].pk).update(order=order)
    assert [c.name for c in candidates_in_print_order(election)] == sorted(names)
    Candidate.objects.filter(pk=names["候选人02"].pk).update(order=2)
    assert [c.name for c in candidates_in_print_order(election)] == [
        "候选人01",
        "候选人02",
        "候选人00",
    ]


def test_printed_in_the_stroke_order_of_the_surnames_by_default(make_election):
    # 王 has 4 strokes, 张 and 陈 7 (张 starts with a 折 横, 陈 with a 折 竖), 曾 12; 王刚
    # before 王芳 as 刚 has 6 strokes and 芳 7. By code point: 张 曾 王 陈. A preliminary
    # candidate is not printed.
    election = make_election(seats=3, candidates=0)
    for name in ["陈明", "曾红", "王芳", "张伟", "王刚"]:
        Candidate.objects.create(election=election, name=name, formal=True)
    Candidate.objects.create(election=election, name="丁一", formal=False)
    printed = candidates_in_print_order(election)
    assert [c.name for c in printed] == ["王刚", "王芳", "张伟", "陈明", "曾红"]


def test_a_candidate_is_never_a_scrutineer_of_the_same_election(make_election, term):
    unit = ElectoralUnitFactory(term=term, seats=5)
    standing, by_name, free, chief = (
        enter(term, unit, name=n) for n in ("甲代表", "乙代表", "丙代表", "丁代表")
    )
    election = make_election()
    Candidate.objects.create(election=election, name="甲代表", delegate=standing)
    Candidate.objects.create(election=election, name="乙代表")  # entered by name alone
    for candidate in (standing, by_name):
        with pytest.raises(ValidationError, match=candidate.name):
            scrutineers_set(election=election, delegates=[free, candidate], chief=chief)
        assert not Scrutineer.objects.exists()
    scrutineers_set(election=election, delegates=[free], chief=chief)
    assert {(s.delegate.name, s.chief) for s in election.scrutineers.all()} == {
        ("丙代表", False),
        ("丁代表", True),
    }


def test_scrutineers_are_delegates_of_the_congress(make_election):
    other_term = TermFactory()
    stranger = enter(other_term, ElectoralUnitFactory(term=other_term, seats=1), name="外人")
    with pytest.raises(ValidationError, match="外人"):
        scrutineers_set(election=make_election(), delegates=[stranger], chief=None)


# --- In the admin ---------------------------------------------------------------------------

ADD = "/admin/congress_sessions/election/add/"


def _page(session, body, candidates=(), scrutineers=()):
    item = AgendaItem.objects.create(session=session, order=8, kind="election", title="选举")
    data = {
        "session": session.pk,
        "agenda_item": item.pk,
        "title": "补选镇党委委员",
        "fills": "members",
        "body": body.pk,
        "by_election": "on",
        "seats": 1,
        "method": "competitive",
    }
    for prefix, rows in (
        ("candidates", candidates),
        ("scrutineers", scrutineers),
        ("status_changes", ()),
    ):
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for n, row in enumerate(rows):
            data |= {f"{prefix}-{n}-{key}": value for key, value in row.items()}
    return data


def test_the_office_prepares_and_approves_an_election_in_the_admin(office, session, body, term):
    scrutineer = enter(term, ElectoralUnitFactory(term=term, seats=1), name="监票代表")
    page = _page(
        session,
        body,
        candidates=[{"name": "甲", "formal": "on"}, {"name": "乙", "formal": "on"}],
        scrutineers=[{"delegate": scrutineer.pk, "chief": "on"}],
    )
    assert office.post(ADD, page).status_code == 302
    election = Election.objects.get()
    assert election.scrutineers.get().chief
    office.post(
        "/admin/congress_sessions/election/",
        {"action": "approve_formal_list", "_selected_action": [election.pk]},
    )
    election.refresh_from_db()
    assert election.status == "list_approved"
    change_page = office.get(f"/admin/congress_sessions/election/{election.pk}/change/")
    assert 'name="candidates-0-name"' not in change_page.content.decode()  # read-only now


def test_a_candidate_entered_as_scrutineer_is_refused_in_chinese_and_nothing_saved(
    office, session, body, term
):
    office.cookies["django_language"] = "zh-hans"
    delegate = enter(term, ElectoralUnitFactory(term=term, seats=1), name="赵代表")
    page = _page(
        session,
        body,
        candidates=[{"name": "赵代表", "delegate": delegate.pk, "formal": "on"}],
        scrutineers=[{"delegate": delegate.pk, "chief": "on"}],
    )
    response = office.post(ADD, page)
    assert response.status_code == 200
    assert "候选人不能担任本次选举的监票人：赵代表。" in response.content.decode()
    assert not Election.objects.exists() and not Candidate.objects.exists()
