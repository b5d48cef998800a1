import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegates.models import Delegate, QualificationEvent
from tests.core.pickers import AUTOCOMPLETE, picker_offers, picker_params
from tests.delegates.factories import (
    DelegateFactory,
    DelegationFactory,
    ElectoralUnitFactory,
    TermFactory,
)
from tests.delegates.helpers import enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(term):
    return ElectoralUnitFactory(term=term, seats=1, name="庆云村党委")


def add_form(term, unit, **overrides):
    data = {
        "term": term.pk,
        "name": "沈丽华",
        "gender": "female",
        "ethnicity": "汉族",
        "birth_date": "1978-04-02",
        "entry_kind": "elected",
        "effective_date": "2022-01-01",
        "decision_reference": "选举结果公告",
        "education": "undergraduate",
        "occupation": "farmer",
        "work_unit": "庆云村经济合作社",
        "post": "",
        "phone": "",
        "email": "",
        "electoral_unit": unit.pk,
    }
    data.update(overrides)
    return data


def test_office_adds_a_delegate_and_the_election_is_recorded(office, secretariat, term, unit):
    response = office.post("/admin/delegates/delegate/enter/", add_form(term, unit))
    assert response.status_code == 302, response.context["adminform"].form.errors
    delegate = Delegate.objects.get(name="沈丽华")
    event = delegate.qualification_events.get()
    assert (event.kind, event.actor, str(event.effective_date)) == (
        "elected",
        secretariat,
        "2022-01-01",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": "1978-02-30"}, "Enter a valid date."),
        ({"effective_date": "2030-01-01"}, "The date must fall within the term"),
        ({"name": ""}, "This field is required."),
    ],
)
def test_bad_input_is_refused_on_the_form(office, term, unit, overrides, message):
    response = office.post("/admin/delegates/delegate/enter/", add_form(term, unit, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Delegate.objects.exists() and not QualificationEvent.objects.exists()


def test_a_full_unit_refuses_another_delegate_and_nothing_is_saved(office, term, unit):
    enter(term, unit)
    response = office.post("/admin/delegates/delegate/enter/", add_form(term, unit))
    assert response.status_code == 200
    page = response.content.decode()
    assert "has no vacant seat" in page
    assert 'value="沈丽华"' in page and 'value="选举结果公告"' in page  # what was typed is kept
    assert Delegate.objects.count() == 1 and QualificationEvent.objects.count() == 1


def test_delegates_are_entered_on_their_own_page_not_the_admins_add_page(office, term, unit):
    listing = office.get("/admin/delegates/delegate/").content.decode()
    assert 'href="/admin/delegates/delegate/enter/"' in listing
    assert "/admin/delegates/delegate/add/" not in listing
    page = office.get("/admin/delegates/delegate/enter/")
    assert page.status_code == 200
    assert 'name="entry_kind"' in page.content.decode()
    assert "admin-autocomplete" in page.content.decode()  # the admin's widgets
    assert office.post("/admin/delegates/delegate/add/", add_form(term, unit)).status_code == 403
    assert not Delegate.objects.exists()


def test_a_duplicate_delegate_is_refused(office, term):
    roomy = ElectoralUnitFactory(term=term, seats=5)
    office.post("/admin/delegates/delegate/enter/", add_form(term, roomy))
    response = office.post("/admin/delegates/delegate/enter/", add_form(term, roomy))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Delegate.objects.count() == 1


def test_refusals_are_in_chinese_for_chinese_staff(office, term, unit):
    enter(term, unit)
    office.post("/i18n/setlang/", {"language": "zh-hans", "next": "/admin/"})
    response = office.post("/admin/delegates/delegate/enter/", add_form(term, unit))
    assert "没有缺额" in response.content.decode()


def test_recording_a_qualification_change(office, secretariat, term, unit):
    delegate = enter(term, unit)
    url = f"/admin/delegates/delegate/{delegate.pk}/qualification/"
    response = office.post(
        url,
        {
            "kind": "suspended",
            "effective_date": "2024-04-12",
            "decision_reference": "镇党委〔2024〕9号",
            "reason": "接受组织调查",
        },
    )
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.status == "suspended"
    assert delegate.qualification_events.latest("pk").actor == secretariat


def test_a_refused_change_is_explained_and_saves_nothing(office, term, unit):
    delegate = enter(term, unit, name="陈建国")
    response = office.post(
        f"/admin/delegates/delegate/{delegate.pk}/qualification/",
        {"kind": "restored", "effective_date": "2024-04-12", "decision_reference": "9号"},
    )
    assert response.status_code == 200
    assert "陈建国 is active, so “Restored” cannot be recorded." in response.content.decode()
    assert delegate.qualification_events.count() == 1


def test_status_cannot_be_edited_directly(office, term, unit):
    delegate = enter(term, unit)
    page = office.get(f"/admin/delegates/delegate/{delegate.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert "Record a qualification change" in page


def test_moving_delegates_to_a_delegation(office, term):
    target = DelegationFactory(term=term, name="社区代表团")
    movers = [DelegateFactory(term=term) for _ in range(3)]
    response = office.post(
        "/admin/delegates/delegate/",
        {
            "action": "move_to_delegation",
            "_selected_action": [d.pk for d in movers],
            "apply": "1",
            "delegation": target.pk,
        },
    )
    assert response.status_code == 302
    assert Delegate.objects.filter(delegation=target).count() == 3


def test_the_office_sets_a_leader_and_the_permission_follows(office, term):
    delegation = DelegationFactory(term=term)
    from tests.core.factories import UserFactory

    user = UserFactory(username="new_leader")
    member = DelegateFactory(term=term, delegation=delegation, user=user)
    outsider = DelegateFactory(term=term)
    url = f"/admin/delegates/delegation/{delegation.pk}/change/"
    refused = office.post(url, {"term": term.pk, "name": delegation.name, "leader": outsider.pk})
    assert refused.status_code == 200
    assert "The leader must be a member of the delegation." in refused.content.decode()
    response = office.post(url, {"term": term.pk, "name": delegation.name, "leader": member.pk})
    assert response.status_code == 302
    assert user.has_perm("delegates.lead_delegation", delegation)


@pytest.mark.parametrize("size", [4, 40])
def test_changelist_with_filters_in_constant_queries(
    office, term, size, django_assert_max_num_queries
):
    for _ in range(size):
        DelegateFactory(term=term)
    with django_assert_max_num_queries(14):
        response = office.get(f"/admin/delegates/delegate/?status=active&term__id__exact={term.pk}")
    assert response.status_code == 200


def test_moving_a_leader_on_the_change_form_ends_the_leadership(office, term):
    from delegates.services import delegation_set_leader
    from tests.core.factories import UserFactory

    old, new = DelegationFactory(term=term), DelegationFactory(term=term)
    user = UserFactory(username="moving_leader")
    leader = DelegateFactory(term=term, delegation=old, user=user)
    delegation_set_leader(delegation=old, leader=leader)
    page = office.get(f"/admin/delegates/delegate/{leader.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(delegation=new.pk, birth_date="1980-05-01")
    for prefix in ("qualification_events",):
        data.update({f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 0})
    response = office.post(f"/admin/delegates/delegate/{leader.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    old.refresh_from_db()
    leader.refresh_from_db()
    assert leader.delegation == new and old.leader is None
    assert not user.has_perm("delegates.lead_delegation", old)


def test_a_unit_cannot_have_fewer_seats_than_are_held(office, term):
    unit = ElectoralUnitFactory(term=term, seats=3, name="庆云村党委")
    enter(term, unit)
    enter(term, unit)
    url = f"/admin/delegates/electoralunit/{unit.pk}/change/"
    response = office.post(url, {"name": unit.name, "seats": 1})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["seats"] == [
        "2 delegates hold a seat in this unit; it cannot have fewer seats."
    ]
    unit.refresh_from_db()
    assert unit.seats == 3
    assert office.post(url, {"name": unit.name, "seats": 2}).status_code == 302


def test_units_and_delegations_stay_in_their_term(office, term):
    other_term = TermFactory(name="第十四届", start_date="2017-01-01", end_date="2021-12-31")
    unit = ElectoralUnitFactory(term=term, seats=3)
    delegation = DelegationFactory(term=term)
    enter(term, unit, delegation=delegation)
    # Saved (the term is not on the pages), and the term posted anyway is ignored.
    response = office.post(
        f"/admin/delegates/electoralunit/{unit.pk}/change/",
        {"term": other_term.pk, "name": unit.name, "seats": 3},
    )
    assert response.status_code == 302
    response = office.post(
        f"/admin/delegates/delegation/{delegation.pk}/change/",
        {"term": other_term.pk, "name": delegation.name},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    delegation.refresh_from_db()
    assert unit.term == delegation.term == term


def _change_form_data(office, delegate, **changes):
    form = office.get(f"/admin/delegates/delegate/{delegate.pk}/change/").context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(birth_date="1980-05-01", **changes)
    data.update({"qualification_events-TOTAL_FORMS": 0, "qualification_events-INITIAL_FORMS": 0})
    return data


def test_the_change_form_refuses_an_account_or_delegation_the_services_would_refuse(office, term):
    """Found by fuzzing: the services refused these after the form had passed (a 500)."""
    from tests.core.factories import UserFactory

    user = UserFactory(username="taken")
    DelegateFactory(term=term, user=user, name="甲")
    person = DelegateFactory(term=term, name="乙")
    stranger = DelegationFactory(
        term=TermFactory(name="第十四届", start_date="2017-01-01", end_date="2021-12-31")
    )
    url = f"/admin/delegates/delegate/{person.pk}/change/"
    response = office.post(url, _change_form_data(office, person, user=user.pk))
    assert response.context["adminform"].form.errors["user"] == [
        "This account already belongs to another delegate of the term."
    ]
    response = office.post(url, _change_form_data(office, person, delegation=stranger.pk))
    assert "delegation" in response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.user is None and person.delegation.term == term


def test_clearing_the_delegation_on_the_change_form_takes_the_delegate_out(office, term):
    """It was silently kept while the rest of the form was saved."""
    from delegates.services import delegation_set_leader

    delegation = DelegationFactory(term=term)
    leader = DelegateFactory(term=term, delegation=delegation)
    delegation_set_leader(delegation=delegation, leader=leader)
    url = f"/admin/delegates/delegate/{leader.pk}/change/"
    response = office.post(url, _change_form_data(office, leader, delegation=""))
    assert response.status_code == 302, response.context["adminform"].form.errors
    leader.refresh_from_db()
    delegation.refresh_from_db()
    assert leader.delegation is None and delegation.leader is None


def test_a_terms_dates_keep_its_recorded_changes(office, term):
    """Found by fuzzing: new dates could leave recorded changes outside the term."""
    enter(term, ElectoralUnitFactory(term=term, seats=3))  # elected on 2022-01-01
    data = {
        "name": term.name,
        "ordinal": term.ordinal,
        "level": term.level,
        "start_date": "2022-06-01",
        "end_date": "2026-12-31",
        "seats": term.seats,
    }
    response = office.post(f"/admin/delegates/term/{term.pk}/change/", data)
    assert response.context["adminform"].form.non_field_errors() == [
        "Qualification changes of this term are recorded from 2022-01-01 to 2022-01-01; "
        "the term must include those dates."
    ]
    term.refresh_from_db()
    assert str(term.start_date) == "2022-01-01"


def test_duplicates_are_refused_on_pages_where_the_term_is_read_only(office, term):
    """Found by fuzzing: with the term read-only, Django skipped the constraints that involve
    it, and a duplicate failed in the database (a server error)."""
    unit = ElectoralUnitFactory(term=term, seats=3, name="甲单位")
    ElectoralUnitFactory(term=term, name="乙单位")
    response = office.post(
        f"/admin/delegates/electoralunit/{unit.pk}/change/", {"name": "乙单位", "seats": 3}
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors
    first = DelegateFactory(term=term, name="甲", birth_date="1980-05-01")
    second = DelegateFactory(term=term, name="乙", birth_date="1980-05-01")
    url = f"/admin/delegates/delegate/{second.pk}/change/"
    response = office.post(url, _change_form_data(office, second, name=first.name))
    assert response.status_code == 200 and response.context["adminform"].form.errors
    second.refresh_from_db()
    assert second.name == "乙"


def test_the_roster_offers_no_bulk_delete(office):
    """Issue 12, 1.13: delegates leave the roster by a recorded change, never by the admin's
    stock "delete selected" action."""
    page = office.get("/admin/delegates/delegate/")
    assert page.status_code == 200
    assert "delete_selected" not in page.content.decode()


def test_a_refusal_at_saving_shows_next_to_the_field_and_writes_nothing(office, term, monkeypatch):
    """Between the page's checks and its saving the chosen leader is suspended by someone
    else, so the service refuses when it writes: the page is shown again with the reason next
    to the field and what was typed, and nothing is saved (it was a server error, with the
    rename written by Django before the service refused)."""
    from delegates import services
    from tests.core.factories import UserFactory

    delegation = DelegationFactory(term=term, name="第一代表团")
    member = enter(term, ElectoralUnitFactory(term=term), delegation=delegation)
    member.user = UserFactory(username="leader_to_be")
    member.save(update_fields=["user"])
    checked = services.delegation_check_leader

    def suspended_meanwhile(*, delegation, leader):
        if leader is not None:
            raise ValidationError({"leader": "The leader must be an active delegate."})
        checked(delegation=delegation, leader=leader)

    monkeypatch.setattr(services, "delegation_check_leader", suspended_meanwhile)
    url = f"/admin/delegates/delegation/{delegation.pk}/change/"
    response = office.post(url, {"name": "改名的代表团", "leader": member.pk})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["leader"] == ["The leader must be an active delegate."]
    assert form["name"].value() == "改名的代表团"  # what was typed is kept
    delegation.refresh_from_db()
    assert (delegation.name, delegation.leader) == ("第一代表团", None)
    assert not member.user.has_perm("delegates.lead_delegation", delegation)


def _entry_page_queries(office):
    office.get("/admin/delegates/delegate/enter/")
    with CaptureQueriesContext(connection) as queries:
        page = office.get("/admin/delegates/delegate/enter/").content.decode()
    return len(queries), page


def test_the_entry_page_picks_units_and_delegations_by_typing_at_any_size(office, term, unit):
    """Decision 273: every term's units and delegations (750 at a large office) are not
    options of the page: it is as many queries and as long with 3 or 40 of each."""
    measured = []
    for size in (3, 40):
        ElectoralUnitFactory.create_batch(size, term=term)
        DelegationFactory.create_batch(size, term=term)
        queries, page = _entry_page_queries(office)
        unit_select = re.search(r'<select name="electoral_unit".*?</select>', page, re.S).group()
        assert "<option" not in unit_select.replace('<option value="" selected>', "")
        measured.append((queries, len(page)))
    assert measured[0][0] == measured[1][0]
    assert abs(measured[0][1] - measured[1][1]) < 200  # the same page but a token


def test_the_pickers_name_each_unit_and_delegation_with_its_term(office, term, unit):
    earlier = TermFactory(
        start_date=datetime.date(2017, 1, 1), end_date=datetime.date(2021, 12, 31)
    )
    ElectoralUnitFactory(term=earlier, name="庆云村党委")
    DelegationFactory(term=term, name="第一代表团")
    DelegationFactory(term=earlier, name="第一代表团")
    # the same names in both terms: each named with its own, the latest term first
    assert picker_offers(office, "delegates.delegate.electoral_unit", "庆云") == [
        f"庆云村党委 · {term.name}",
        f"庆云村党委 · {earlier.name}",
    ]
    assert picker_offers(office, "delegates.delegate.delegation", "第一") == [
        f"第一代表团 · {term.name}",
        f"第一代表团 · {earlier.name}",
    ]
    # and a delegate is entered with what the pickers offered
    delegation = term.delegations.get(name="第一代表团")
    response = office.post(
        "/admin/delegates/delegate/enter/", add_form(term, unit, delegation=delegation.pk)
    )
    assert response.status_code == 302
    assert Delegate.objects.get(name="沈丽华").delegation == delegation


def test_only_who_may_enter_delegates_asks_the_pickers(client_for, delegate, term, unit):
    client = client_for(delegate)
    response = client.get(AUTOCOMPLETE, picker_params("delegates.delegate.electoral_unit", "庆"))
    assert response.status_code in (302, 403)


def test_a_unit_or_delegation_of_another_term_is_refused_next_to_its_field(office, term, unit):
    earlier = TermFactory(
        start_date=datetime.date(2017, 1, 1), end_date=datetime.date(2021, 12, 31)
    )
    for field, other in (
        ("electoral_unit", ElectoralUnitFactory(term=earlier)),
        ("delegation", DelegationFactory(term=earlier)),
    ):
        response = office.post(
            "/admin/delegates/delegate/enter/", add_form(term, unit, **{field: other.pk})
        )
        assert response.status_code == 200
        assert field in response.context["adminform"].form.errors
        assert "belongs to another term" in response.content.decode()
    assert not Delegate.objects.exists()


def test_the_change_pages_form_class_is_kept_and_offers_each_delegates_terms_delegations(
    office, term
):
    """The delegate's change form class is kept for every delegate's page (decision 384): the
    delegation is picked among the delegate's own term's, set on each form, never on the
    class; a delegation of the other term is refused on either page."""
    earlier = TermFactory(name="第十四届", start_date="2017-01-01", end_date="2021-12-31")
    pages = []
    for each in (term, earlier, term):
        delegate = DelegateFactory(term=each, delegation=DelegationFactory(term=each))
        form = (
            office.get(f"/admin/delegates/delegate/{delegate.pk}/change/").context["adminform"].form
        )
        pages.append((type(form), each, delegate))
        assert {d.term_id for d in form.fields["delegation"].queryset} == {each.pk}
        assert form.fields["delegation"].queryset.count() == each.delegations.count()
    assert pages[0][0] is pages[1][0] is pages[2][0]  # one class, made once
    assert not pages[0][0].base_fields["delegation"].queryset.query.where  # the class's: all
    _class, _term, delegate = pages[1]
    stranger = DelegationFactory(term=term)
    url = f"/admin/delegates/delegate/{delegate.pk}/change/"
    response = office.post(url, _change_form_data(office, delegate, delegation=stranger.pk))
    assert "delegation" in response.context["adminform"].form.errors
