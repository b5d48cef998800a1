"""The menu's duties on every page (congress_office/duty_flags.py, decision 184): the query's
SQL is built once a day for a stand-in user and run with each user's id, giving the same flags
as building it through the ORM for that user; a duty whose query reads the clock is built on
each page instead; one query either way."""

import datetime

import pytest
from django.db.models import Exists
from django.utils import timezone

from congress_office import duty_flags
from congress_office.roles import Duty, _duties, duty_navigation_for
from evaluations.models import Evaluation
from sessions.election_rounds import round_close
from tests.core.factories import office_user
from tests.sessions.test_election_count_pages import counted  # noqa: F401 (the fixture)
from tests.sessions.test_election_rounds import hall  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def built_for(user, duties=None):
    """The flags as the ORM gives them for this very user."""
    duties = duties or _duties
    return tuple(
        bool(flag)
        for flag in type(user)
        .objects.filter(pk=user.pk)
        .values_list(*(Exists(duty.to_do(user)) for duty in duties))
        .first()
    )


def test_the_reused_statement_gives_each_user_their_own_flags(counted):  # noqa: F811
    election_round, teller, _second, delegates = counted
    people = [teller, delegates[9].user, delegates[0].user, office_user()]
    for state in ("open", "closed"):
        for user in people:
            flags = duty_flags.duty_flags(_duties, user)
            assert tuple(map(bool, flags)) == built_for(user)
        if state == "open":
            assert any(duty_flags.duty_flags(_duties, teller))
            round_close(election_round=election_round, closed_by=office_user())
    assert next(iter(duty_flags._built.values())) is not None  # it was reused, not rebuilt


def test_one_query_for_the_menus_duties_whoever_asks(
    counted,  # noqa: F811
    django_assert_num_queries,
):
    _round, teller, _second, delegates = counted
    duty_navigation_for(teller)  # built once
    for user in (teller, delegates[0].user):
        with django_assert_num_queries(1):
            duty_navigation_for(user)


def test_a_duty_reading_the_clock_is_built_on_each_page(counted):  # noqa: F811
    _round, teller, _second, delegates = counted

    def evaluations_open_now(user):
        return Evaluation.objects.filter(closes_at__gt=timezone.now())

    clock = Duty(label="clock", url_name="home", to_do=evaluations_open_now)
    duties = [*_duties, clock]
    assert duty_flags._statement(duties, "default") is None
    flags = duty_flags.duty_flags(duties, teller)
    assert tuple(map(bool, flags)) == built_for(teller, duties)


def test_a_new_day_builds_the_statement_anew(counted, monkeypatch):  # noqa: F811
    _round, teller, _second, _delegates = counted
    duty_flags.duty_flags(_duties, teller)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(duty_flags.timezone, "localdate", lambda: tomorrow)
    duty_flags.duty_flags(_duties, teller)
    assert [key[1] for key in duty_flags._built] == [tomorrow]
