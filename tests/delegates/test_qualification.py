import datetime

import pytest
from django.core.exceptions import ValidationError

from delegates.models import Delegate, QualificationEvent
from delegates.selectors import active_delegates_on, vacancies_by_electoral_unit
from delegates.services import delegate_change_qualification, delegate_enter
from tests.core.factories import office_user
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def unit(term):
    return ElectoralUnitFactory(term=term, seats=3, name="斜桥村党委")


CHANGE_DAY = D(2023, 1, 1)


def change(delegate, kind, day=CHANGE_DAY, reason="组织决定", reference="镇党委〔2023〕1号"):
    return delegate_change_qualification(
        delegate=delegate,
        kind=kind,
        effective_date=day,
        reason=reason,
        decision_reference=reference,
        recorded_by=office_user(),
    )


# (changes leading up, the change, the status it leaves)
ALLOWED = [
    ([], "suspended", "suspended"),
    ([], "terminated", "terminated"),
    ([], "recalled", "recalled"),
    (["suspended"], "restored", "active"),
    (["suspended"], "terminated", "terminated"),
    (["suspended"], "recalled", "recalled"),
]
REFUSED = [
    ([], "restored"),
    (["suspended"], "suspended"),
    (["terminated"], "suspended"),
    (["terminated"], "restored"),
    (["terminated"], "recalled"),
    (["terminated"], "terminated"),
    (["recalled"], "suspended"),
    (["recalled"], "restored"),
    ([], "confirmed"),  # only by-elected delegates are confirmed
    ([], "elected"),  # entry kinds are not changes
    ([], "by_elected"),
]


@pytest.mark.parametrize(("before", "kind", "after"), ALLOWED)
def test_allowed_transitions(term, unit, before, kind, after):
    delegate = enter(term, unit)
    for step in before:
        change(delegate, step, D(2022, 6, 1))
    event = change(delegate, kind)
    delegate.refresh_from_db()
    assert delegate.status == after
    assert (event.status_after, event.kind) == (after, kind)
    assert event.status_before == ("suspended" if before else "active")


@pytest.mark.parametrize(("before", "kind"), REFUSED)
def test_refused_transitions_save_nothing(term, unit, before, kind):
    delegate = enter(term, unit)
    for step in before:
        change(delegate, step, D(2022, 6, 1))
    delegate.refresh_from_db()
    status, events = delegate.status, delegate.qualification_events.count()
    with pytest.raises(ValidationError) as refusal:
        change(delegate, kind)
    assert "kind" in refusal.value.message_dict
    delegate.refresh_from_db()
    assert (delegate.status, delegate.qualification_events.count()) == (status, events)


def test_a_refusal_says_why_in_the_users_language(term, unit, settings):
    delegate = enter(term, unit, name="陈建国")
    change(delegate, "terminated")
    with pytest.raises(ValidationError) as english:
        change(delegate, "suspended", D(2023, 2, 1))
    assert english.value.message_dict["kind"] == [
        "陈建国 is terminated, so “Suspended” cannot be recorded."
    ]
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as chinese:
        change(delegate, "suspended", D(2023, 2, 1))
    assert "陈建国" in chinese.value.message_dict["kind"][0]
    assert "cannot" not in chinese.value.message_dict["kind"][0]


def test_confirmation_is_for_by_elected_delegates_once(term, unit):
    leaving = enter(term, unit)
    enter(term, unit)
    enter(term, unit)
    change(leaving, "terminated")
    newcomer = enter(term, unit, kind="by_elected", day=D(2023, 3, 1))
    change(newcomer, "confirmed", D(2024, 1, 10))
    newcomer.refresh_from_db()
    assert newcomer.status == "active"
    with pytest.raises(ValidationError, match="already been confirmed"):
        change(newcomer, "confirmed", D(2024, 2, 1))


@pytest.mark.parametrize(
    "day_outside",
    [
        lambda term: term.start_date - datetime.timedelta(days=1),
        lambda term: term.end_date + datetime.timedelta(days=1),
    ],
    ids=["before the term", "after the term"],
)
def test_dates_outside_the_term_are_refused(term, unit, day_outside):
    delegate = enter(term, unit)
    with pytest.raises(ValidationError) as refusal:
        change(delegate, "suspended", day_outside(term))
    assert "effective_date" in refusal.value.message_dict


def test_a_change_cannot_predate_the_last_one(term, unit):
    delegate = enter(term, unit)
    change(delegate, "suspended", D(2023, 5, 1))
    with pytest.raises(ValidationError, match="earlier than the last recorded change"):
        change(delegate, "restored", D(2023, 4, 30))
    assert delegate.qualification_events.count() == 2


@pytest.mark.parametrize("missing", ["reason", "reference"])
def test_reason_and_decision_reference_are_required(term, unit, missing):
    delegate = enter(term, unit)
    with pytest.raises(ValidationError):
        change(delegate, "terminated", **{missing: "  "})
    delegate.refresh_from_db()
    assert delegate.status == "active"


def test_a_unit_cannot_elect_more_than_its_seats(term, unit):
    for _ in range(3):
        enter(term, unit)
    with pytest.raises(ValidationError) as refusal:
        enter(term, unit, name="多余的人")
    assert "no vacant seat" in refusal.value.message_dict["electoral_unit"][0]
    assert not Delegate.objects.filter(name="多余的人").exists()


def test_a_by_election_fills_a_vacancy_of_the_same_unit_only(term, unit):
    other_unit = ElectoralUnitFactory(term=term, seats=1, name="庆云村党委")
    enter(term, other_unit)
    leaving = enter(term, unit)
    enter(term, unit)
    enter(term, unit)
    change(leaving, "terminated", D(2023, 1, 1))
    with pytest.raises(ValidationError):
        enter(term, other_unit, kind="by_elected", day=D(2023, 2, 1))
    newcomer = enter(term, unit, kind="by_elected", day=D(2023, 2, 1))
    assert newcomer.qualification_events.get().kind == "by_elected"


def test_a_suspended_delegate_keeps_the_seat(term, unit):
    suspended = enter(term, unit)
    enter(term, unit)
    enter(term, unit)
    change(suspended, "suspended")
    with pytest.raises(ValidationError):
        enter(term, unit, kind="by_elected", day=D(2023, 2, 1))


def test_the_roster_on_a_date(term, unit):
    staying, leaving, suspended = enter(term, unit), enter(term, unit), enter(term, unit)
    change(leaving, "terminated", D(2023, 1, 1))
    change(suspended, "suspended", D(2023, 6, 1))
    change(suspended, "restored", D(2023, 9, 1))
    newcomer = enter(term, unit, kind="by_elected", day=D(2023, 3, 1))

    def active(day):
        return set(active_delegates_on(term, day))

    assert active(D(2022, 6, 1)) == {staying, leaving, suspended}
    assert active(D(2023, 1, 1)) == {staying, suspended}  # effective from that day
    assert active(D(2023, 7, 1)) == {staying, newcomer}
    assert active(D(2023, 9, 1)) == {staying, suspended, newcomer}
    assert active(D(2021, 12, 1)) == set()


def test_vacancies_per_unit(term, unit):
    leaving = enter(term, unit)
    enter(term, unit)
    change(leaving, "recalled", D(2023, 1, 1))
    vacancies = {
        u.name: (u.holders, u.vacancies) for u in vacancies_by_electoral_unit(term, D(2023, 2, 1))
    }
    assert vacancies == {"斜桥村党委": (1, 2)}


@pytest.mark.parametrize("size", [3, 40])
def test_roster_and_vacancies_in_constant_queries(term, size, django_assert_num_queries):
    unit = ElectoralUnitFactory(term=term, seats=size)
    for n in range(size):
        delegate = enter(term, unit)
        if n % 3 == 0:
            change(delegate, "suspended", D(2023, 1, 1))
    with django_assert_num_queries(1):
        assert len(list(active_delegates_on(term, D(2023, 2, 1)))) == size - (size + 2) // 3
    # Whether a change came after the day, the holders by unit, the units.
    with django_assert_num_queries(3):
        assert vacancies_by_electoral_unit(term, D(2023, 2, 1))[0].vacancies == 0
    with django_assert_num_queries(3):
        assert vacancies_by_electoral_unit(term, D(2022, 12, 1))[0].vacancies == 0
    # Told whether a change came after the day and given the units (the structure page's way).
    units = list(term.electoral_units.order_by("name"))
    with django_assert_num_queries(1):
        assert vacancies_by_electoral_unit(term, D(2023, 2, 1), True, units)[0].vacancies == 0


def test_history_records_who_when_and_from_what(term, unit, secretariat):
    delegate = enter(term, unit)
    delegate_change_qualification(
        delegate=delegate,
        kind="suspended",
        effective_date=D(2024, 4, 12),
        reason="接受组织调查",
        decision_reference="镇党委〔2024〕9号",
        recorded_by=secretariat,
    )
    event = QualificationEvent.objects.filter(kind="suspended").get()
    assert (event.status_before, event.status_after) == ("active", "suspended")
    assert event.actor == secretariat and event.at is not None


def test_seats_held_on_a_date_before_later_changes(term, unit):
    from delegates.selectors import seats_held_on

    first, second = enter(term, unit), enter(term, unit)
    change(first, "terminated", D(2024, 1, 1))
    change(second, "suspended", D(2024, 2, 1))
    assert seats_held_on(unit, D(2023, 6, 1)) == 2  # before both changes: from the history
    assert seats_held_on(unit, D(2024, 3, 1)) == 1  # after them: from the current statuses
    # Before the termination the unit had one free seat of three, and then none.
    enter(term, unit, kind="by_elected", day=D(2023, 6, 1))
    with pytest.raises(ValidationError):
        enter(term, unit, kind="by_elected", day=D(2023, 6, 2))


def test_the_roster_is_the_offices_to_change(unit, term, delegate):
    """Entering a delegate and recording a change are the office's steps: anybody else is
    refused by the service itself, and nothing is written."""
    person = enter(term, unit)
    events = QualificationEvent.objects.count()
    for who in (delegate, None):
        with pytest.raises(ValidationError, match="Only the congress office"):
            delegate_change_qualification(
                delegate=person,
                kind="suspended",
                effective_date=CHANGE_DAY,
                reason="组织决定",
                decision_reference="镇党委〔2023〕1号",
                recorded_by=who,
            )
        with pytest.raises(ValidationError, match="Only the congress office"):
            delegate_enter(
                term=term,
                kind="elected",
                effective_date=CHANGE_DAY,
                decision_reference="公告",
                recorded_by=who,
                name="李四",
                electoral_unit=unit,
            )
    assert QualificationEvent.objects.count() == events
    assert Delegate.objects.get(pk=person.pk).status == "active"
    assert not Delegate.objects.filter(name="李四").exists()


def test_a_by_election_dated_before_one_recorded_cannot_over_fill_the_unit(term):
    """One seat, vacant from March: a by-election in June is recorded first, then one dated
    April. On April 1 the seat is free, but from June on both would hold it."""
    small = ElectoralUnitFactory(term=term, seats=1, name="庆云村党委")
    leaving = enter(term, small)
    change(leaving, "terminated", D(2023, 3, 1))
    enter(term, small, kind="by_elected", day=D(2023, 6, 1), name="六月补选")
    with pytest.raises(ValidationError) as refusal:
        enter(term, small, kind="by_elected", day=D(2023, 4, 1), name="四月补选")
    assert refusal.value.message_dict["electoral_unit"] == [
        "庆云村党委 has no vacant seat from 2023-06-01 on: all 1 seats are held then by "
        "delegates already recorded."
    ]
    assert not Delegate.objects.filter(name="四月补选").exists()
    # Every day of the term the unit holds at most its seats.
    for day in (D(2023, 2, 1), D(2023, 4, 1), D(2023, 7, 1)):
        assert vacancies_by_electoral_unit(term, day)[0].holders <= 1


def test_an_earlier_by_election_fits_when_the_later_seat_is_freed_again(term):
    """The same unit, the June delegate leaving in May of the next year: an April by-election
    still over-fills June to May, and is refused; two seats leave room for it."""
    roomy = ElectoralUnitFactory(term=term, seats=2, name="庆云村党委")
    leaving = enter(term, roomy)
    enter(term, roomy)
    change(leaving, "terminated", D(2023, 3, 1))
    june = enter(term, roomy, kind="by_elected", day=D(2023, 6, 1))
    change(june, "terminated", D(2024, 5, 1))
    with pytest.raises(ValidationError):
        enter(term, roomy, kind="by_elected", day=D(2023, 4, 1))
    # From May of the next year the seat is free again.
    enter(term, roomy, kind="by_elected", day=D(2024, 5, 1))
