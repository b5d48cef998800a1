"""Factories for the core's models: valid rows only. Rows that only services write (audit
entries, role grants) are made through the services (`role=` grants the role through
`user_grant_role`)."""

import datetime

import factory
from django.contrib.auth import get_user_model

from congress_office.models import CalendarDay
from congress_office.roles import Role, user_grant_role

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user_grant_role(user=user, role=extracted)


def office_user():
    """A member of the office's staff (the secretariat role), for the office's own steps."""
    return UserFactory(username="kit-office", role=Role.SECRETARIAT)


class CalendarDayFactory(factory.django.DjangoModelFactory):
    """A public holiday on a weekday unless told otherwise."""

    class Meta:
        model = CalendarDay

    date = factory.Sequence(lambda n: datetime.date(2026, 10, 1) + datetime.timedelta(days=n))
    kind = CalendarDay.Kind.HOLIDAY
    name = "国庆节"
