"""The menu's duties on every page (congress_office/duty_flags.py, decision 184): the query's
SQL is built once a day for a stand-in user and run with each user's id, giving the same flags
as building it through the ORM for that user; a duty whose query reads the clock is built on
each page instead; one query either way. And the whole menu (roles, unread notifications,
duties) in one statement gives what the ORM's three queries gave (decision 216)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Exists
from django.utils import timezone

from congress_office import duty_flags
from congress_office.models import Notification
from congress_office.roles import (
    Duty,
    Role,
    _duties,
    duty_navigation_for,
    menu_read,
    user_grant_role,
    user_roles,
)
from evaluations.models import Evaluation
from sessions.election_rounds import round_close
from tests.core.factories import UserFactory, office_user
from tests.sessions.test_election_count_pages import counted  # noqa: F401 (the fixture)
from tests.sessions.test_election_rounds import hall  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db
User = get_user_model()


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


def _menu_apart(user):
    """The menu as the ORM read it, three queries: roles, unread notifications, duty flags."""
    names = {g.name for g in user.groups.all()}
    roles = [role for role in Role if role.value in names]
    if user.is_superuser and Role.SECRETARIAT not in roles:
        roles.insert(0, Role.SECRETARIAT)
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return roles, unread, built_for(user)


def test_the_menu_in_one_statement_is_the_orms(counted, django_assert_num_queries):  # noqa: F811
    election_round, teller, _second, delegates = counted
    delegate, admin = delegates[0].user, UserFactory(is_superuser=True)
    both = UserFactory(role=Role.UNIT_STAFF)
    user_grant_role(user=both, role=Role.DELEGATE)
    people = [teller, delegate, office_user(), admin, both, UserFactory()]
    now = timezone.now()  # a notification read for each, and two unread for all but the last
    Notification.objects.bulk_create(
        [Notification(user=user, kind="k", title="读过", read_at=now) for user in people]
        + [Notification(user=user, kind="k", title="未读") for user in people[:-1] * 2]
    )
    for state in ("open", "closed"):
        for user in people:
            expected = _menu_apart(User.objects.get(pk=user.pk))
            fresh = User.objects.get(pk=user.pk)
            with django_assert_num_queries(1):
                unread = menu_read(fresh)
                roles, duties = user_roles(fresh), duty_navigation_for(fresh)
            assert (roles, unread) == expected[:2], user
            labels = {
                str(duty.label) for duty, flag in zip(_duties, expected[2], strict=True) if flag
            }
            assert {label for label, _url in duties} == labels, user
        if state == "open":
            assert any(_menu_apart(teller)[2])  # the teller has work while the round is open
            round_close(election_round=election_round, closed_by=office_user())
