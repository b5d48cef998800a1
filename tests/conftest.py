"""One user per role, shared by every test module (after healthchecks' hc/test.py).

secretariat      office staff, in the admin
delegate         a delegate with a roster record
other_delegate   another delegate, of another delegation
unit_staff       staff of one handling unit
other_unit_staff staff of another handling unit
anonymous        the Django test client with nobody signed in
office           the test client signed in as `secretariat`, for the admin's pages

Each app's kit (tests/<app>/kit.py) brings its objects to any state through the services.
"""

import pytest
from django.utils import translation

from congress_office.notification_texts import register_notification_texts
from congress_office.roles import Role
from proposals.units import unit_add_staff
from tests.core.factories import PASSWORD, UserFactory
from tests.delegates.factories import (
    DelegationFactory,
    ElectoralUnitFactory,
    TermFactory,
)
from tests.delegates.helpers import enter
from tests.proposals.factories import HandlingUnitFactory, ProposalCategoryFactory
from tests.sign_in import sign_in_as

# A kind of notification the tests send: its facts are its words.
register_notification_texts({"test": lambda p: (p["title"], p.get("body", ""))})


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in Chinese leaves Chinese active in the thread (LocaleMiddleware activates
    the request's language and nothing switches it back): each test starts in the default."""
    yield
    translation.deactivate()


@pytest.fixture
def cache_away(settings):
    """The cache's server is away: the Redis cache of production (its backend and options) on
    a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def term(db):
    return TermFactory()


@pytest.fixture
def secretariat(db):
    return UserFactory(username="office", first_name="李秘书", role=Role.SECRETARIAT)


def _delegate_user(term, username, name):
    """A delegate's account, their record entered into the roster by the office (elected, so
    an active delegate on every day since the election), in a delegation of their own."""
    user = UserFactory(username=username, role=Role.DELEGATE)
    enter(
        term,
        ElectoralUnitFactory(term=term),
        name=name,
        user=user,
        delegation=DelegationFactory(term=term),
    )
    return user


@pytest.fixture
def delegate(term):
    return _delegate_user(term, "delegate", "张代表")


@pytest.fixture
def other_delegate(term):
    return _delegate_user(term, "other_delegate", "王代表")


@pytest.fixture
def unit(db):
    return HandlingUnitFactory(name="镇教育办公室")


@pytest.fixture
def other_unit(db):
    return HandlingUnitFactory(name="镇财政所")


@pytest.fixture
def unit_staff(unit):
    user = UserFactory(username="unit_staff", role=Role.UNIT_STAFF)
    unit_add_staff(unit=unit, user=user)
    return user


@pytest.fixture
def other_unit_staff(other_unit):
    user = UserFactory(username="other_unit_staff", role=Role.UNIT_STAFF)
    unit_add_staff(unit=other_unit, user=user)
    return user


@pytest.fixture
def anonymous(client):
    return client


@pytest.fixture
def office(client_for, secretariat):
    """A test client signed in as office staff, as they work in the admin."""
    return client_for(secretariat)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user."""

    def sign_in(user):
        sign_in_as(client, user)
        return client

    return sign_in


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's superuser client, signed in past the two-factor step as staff are."""
    return sign_in_as(client, admin_user)


@pytest.fixture
def education(db):
    return ProposalCategoryFactory(name="教育")


@pytest.fixture
def author(delegate, term):
    """The signed-in delegate's record, active in the term (elected when it began)."""
    return delegate.delegate_records.get()


@pytest.fixture
def colleagues(term):
    unit = ElectoralUnitFactory(term=term, seats=12)
    return [enter(term, unit) for _ in range(6)]


@pytest.fixture
def latest_after():
    """For a test that migrates the database back to try a migration: the database migrated
    to the latest state again after it, whatever happened, so that the tests after it find
    every table (a test left at an older state broke the next transactional tests)."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
