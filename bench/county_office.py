"""What several benchmarks build first: a county term whose end lies a year ahead (so that a
benchmark still finds a current term next year), its 1,000 delegates, the office's account
and 200 handling units with one member of staff each."""

import datetime
from types import SimpleNamespace


def term_end() -> datetime.date:
    """The end of a benchmark's term: the year's end, or a year from today if that is later."""
    return max(datetime.date(2026, 12, 31), datetime.date.today() + datetime.timedelta(days=365))


def build_county_office(*, units: int, delegates: int = 1000, emails: bool = False):
    """The term, the office, the authors, the units and their staff (an email each if
    `emails`, for the benchmarks that send mail)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from congress_office.roles import Role, user_grant_role
    from delegates.models import Delegate, ElectoralUnit, Term
    from proposals.models import HandlingUnit, HandlingUnitUserObjectPermission

    def address(name):
        return f"{name}@example.org" if emails else ""

    User = get_user_model()
    office = User.objects.create(username="office", email=address("office"), is_staff=True)
    user_grant_role(user=office, role=Role.SECRETARIAT)
    term = Term.objects.create(
        name="基准县代表大会",
        ordinal=1,
        level="county",
        start_date=datetime.date(2022, 1, 1),
        end_date=term_end(),
        seats=delegates,
    )
    electoral_unit = ElectoralUnit.objects.create(term=term, name="全县", seats=delegates)
    authors = Delegate.objects.bulk_create(
        Delegate(
            term=term,
            name=f"代表{n}",
            gender="male",
            ethnicity="汉族",
            birth_date=datetime.date(1970, 1, 1),
            education="undergraduate",
            occupation="farmer",
            work_unit="单位",
            electoral_unit=electoral_unit,
        )
        for n in range(delegates)
    )
    handling_units = HandlingUnit.objects.bulk_create(
        HandlingUnit(name=f"单位{n:03d}") for n in range(units)
    )
    staff = User.objects.bulk_create(
        User(username=f"staff{n}", email=address(f"staff{n}")) for n in range(units)
    )
    for user in staff:
        user_grant_role(user=user, role=Role.UNIT_STAFF)
    work = Permission.objects.get(codename="work_for_unit")
    HandlingUnitUserObjectPermission.objects.bulk_create(
        HandlingUnitUserObjectPermission(user=u, permission=work, content_object=h)
        for u, h in zip(staff, handling_units, strict=True)
    )
    return SimpleNamespace(
        term=term, office=office, authors=authors, units=handling_units, staff=staff
    )
