"""What the large office's builders share, and its staff. `manage.py large_office` calls
`build(plan)` of each builder in `BUILDERS` (the order the apps depend on one another), so each
adds its app's data on top of what the builders before it built (`plan.built[<app label>]`,
whatever that builder returned).

Everything is drawn from one `random.Random` (`plan.rng`), in a fixed order, and dated from
`plan.today`, so the same seed, scale and day give the same rows. Rows are written with
`bulk_create`, not through the services, so each builder writes what the services would have
written, taking the rules from the apps that own them (the numbering, the handling facts and
the workflow's table of proposals, the roster's transitions, the voting rules); the invariants
are checked by tests/core/test_large_office.py. Timestamps are historical: while the office is
built, the `auto_now`/`auto_now_add` fields are left to the builders (`historical_timestamps`)."""

import contextlib
import datetime
import functools
import hashlib
import random
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from congress_office.demo import DEMO_PASSWORD, DemoLogin, demo_two_factor
from congress_office.roles import OFFICE_APPS, Role, role_group

BATCH = 2000
# Accounts nobody signs in to: an unusable password that is the same on every run.
NO_PASSWORD = "!"


@dataclass
class Plan:
    rng: random.Random
    scale: float
    today: datetime.date
    # What each app's builder returned, by app label.
    built: dict = field(default_factory=dict)

    def count(self, full: int, minimum: int = 1) -> int:
        """`full` at scale 1, scaled, at least `minimum`."""
        return max(minimum, round(full * self.scale))

    def at(self, day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
        """A moment of the day in the office's time zone."""
        return _moment(day, hour, minute)

    def office_hours(self, day: datetime.date) -> datetime.datetime:
        """A random moment of the working day (09:00 to 16:59)."""
        minutes = self.rng.randrange(8 * 60)
        return self.at(day, 9 + minutes // 60, minutes % 60)


@functools.lru_cache(maxsize=100_000)
def _moment(day, hour, minute):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def insert(model, objects, batch_size: int = BATCH) -> list:
    """bulk_create in batches; the objects come back with their keys."""
    return model.objects.bulk_create(list(objects), batch_size=batch_size)


@cache
def login_password() -> str:
    """The hash of the demo password for the few accounts printed to sign in with (one hash,
    with a fixed salt, so that runs stay identical)."""
    return make_password(DEMO_PASSWORD, salt="largeoffice")


def add_users(rows: list[dict], role: Role, joined: datetime.datetime) -> list:
    """Create users (dicts of User fields) with a role, in two bulk inserts. A row with
    `login=True` gets the demo password; the others cannot sign in with a password."""
    user_model = get_user_model()
    users = insert(
        user_model,
        (
            user_model(
                password=login_password() if row.pop("login", False) else NO_PASSWORD,
                date_joined=joined,
                is_staff=role == Role.SECRETARIAT,
                **row,
            )
            for row in rows
        ),
    )
    group = role_group(role)
    insert(
        user_model.groups.through,
        (user_model.groups.through(user_id=u.pk, group_id=group.pk) for u in users),
    )
    return users


def login(user, role_label) -> DemoLogin:
    return DemoLogin(role=str(role_label), username=user.username, password=DEMO_PASSWORD)


def office_models() -> list:
    """The models the large office fills (the office's apps, users and their groups). Not the
    security audit trail: it records what happened to the installation (a migrate's groups, the
    accounts made), at the time it happened, and is never the office's data. Nor the kept row
    counts' deltas, which the database's triggers write (decision 263)."""
    from congress_office.models import RowCountDelta, SecurityEvent

    user_model = get_user_model()
    found = [user_model, user_model.groups.through]
    for label in OFFICE_APPS:
        found += apps.get_app_config(label).get_models(include_auto_created=True)
    return [model for model in found if model not in (SecurityEvent, RowCountDelta)]


@contextlib.contextmanager
def historical_timestamps():
    """Let the builders set `auto_now` and `auto_now_add` fields themselves."""
    switched = []
    for model in office_models():
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                switched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def has_data() -> bool:
    """Whether there is anything besides what `migrate` creates."""
    return any(model.objects.exists() for model in office_models())


# Columns spelled out of the database's key numbers (left out of the digest, like the keys).
DERIVED_FROM_KEYS = {("proposals.HandlingTally", "key")}


def office_digest() -> str:
    """A digest of every column of every row the large office fills, independent of the
    numbers the database gave the keys (and of the random keys of receipts): a row's own key
    is left out, a reference is replaced by the rank of the row it points to in its table (the
    order the rows were written in), or, for a table the office does not fill (permissions,
    groups), by that row's natural key. Equal digests: equal offices."""
    tables = office_models()
    ranks = {}
    for model in tables:
        keys = model.objects.order_by("pk").values_list("pk", flat=True)
        ranks[model] = {pk: n for n, pk in enumerate(keys)}
    outside = {}
    digest = hashlib.sha256()
    for model in tables:
        columns, mappers = [], []
        for f in model._meta.concrete_fields:
            columns.append(f.attname)
            mappers.append(
                (lambda v: None)
                if (model._meta.label, f.name) in DERIVED_FROM_KEYS
                else _mapper(f, ranks, outside)
            )
        rows = sorted(
            repr(tuple(m(v) for m, v in zip(mappers, row, strict=True)))
            for row in model.objects.values_list(*columns)
        )
        digest.update(f"{model._meta.label}:{len(rows)}\n".encode())
        for row in rows:
            digest.update(row.encode())
    return digest.hexdigest()


def _mapper(f, ranks, outside):
    if f.primary_key and not f.is_relation:
        return lambda v: None  # the row's own key: only its rank matters, to the rows above
    if not f.is_relation:
        return lambda v: v
    target = f.related_model._meta.concrete_model
    if target in ranks:
        rank = ranks[target]
        return lambda v: None if v is None else rank[v]
    if target not in outside:
        outside[target] = {
            o.pk: o.natural_key() if hasattr(o, "natural_key") else str(o)
            for o in target.objects.all()
        }
    names = outside[target]
    return lambda v: None if v is None else names[v]


def build(plan: Plan) -> dict:
    """The office's staff: `office` signs in with the demo password."""
    joined = plan.at(plan.today - datetime.timedelta(days=25 * 366))
    office = add_users(
        [
            {"username": "office", "first_name": "李秘书", "login": True},
            {"username": "office2", "first_name": "王干事"},
            {"username": "office3", "first_name": "陈干事"},
        ],
        Role.SECRETARIAT,
        joined,
    )
    # Office staff must give a two-factor code: the demo's app key and recovery codes.
    office_login = demo_two_factor(office[0], login(office[0], Role.SECRETARIAT.label))
    return {"office": office, "logins": [office_login]}


def planner_statistics_refresh(cursor, vacuum: bool = False) -> None:
    """ANALYZE (with VACUUM) the project's own tables, each named, not the whole database: a
    bare ANALYZE also takes the cluster's shared catalogs (pg_authid, pg_database...), and inside
    a transaction (a test's) holds them to its end, so that every other database's bare ANALYZE
    on the server waits for it; several test runs side by side queued for minutes behind one."""
    from django.db import connection

    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    )
    cursor.execute(f"{'VACUUM ANALYZE' if vacuum else 'ANALYZE'} {tables}")
