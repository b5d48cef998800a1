"""Reads the delegates' pages and other apps share; each runs a fixed number of queries."""

import datetime
from collections import Counter

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery

from congress_office import object_permissions
from congress_office.workdays import next_working_days
from congress_office.written_once import instances

from .duty_counters import duty_counts
from .models import (
    Activity,
    ActivityParticipation,
    Assessment,
    Award,
    Delegate,
    Delegation,
    ElectoralUnit,
    QualificationEvent,
    ReceptionRule,
    Term,
)
from .term_date_statements import statement

SEAT_HOLDING = (Delegate.Status.ACTIVE, Delegate.Status.SUSPENDED)


def delegate_current_for_user(user) -> Delegate | None:
    """The user's delegate record in the most recent term, with what the profile shows. One
    query, written once per process (decision 303)."""
    if user.pk is None:
        return None
    found = instances("delegate_current_for_user", _current_read, user.pk)
    return found[0] if found else None


def _current_read(user_id: int):
    return (
        Delegate.objects.filter(user_id=user_id)
        .select_related(
            "term",
            "electoral_unit",
            "delegation",
            "delegation__leader",
            "committee_contact__member",  # "your committee contact": none is no error
        )
        .order_by("-term__start_date")[:1]
    )


def delegates_with_status_on(term: Term | int, on_date: datetime.date):
    """The term's delegates, each annotated with `status_on_date`: the qualification their
    history gives on that date (None for someone not yet elected then). One query."""
    latest = (
        QualificationEvent.objects.filter(delegate=OuterRef("pk"), effective_date__lte=on_date)
        .order_by("-effective_date", "-pk")
        .values("status_after")[:1]
    )
    return Delegate.objects.filter(term=term).annotate(status_on_date=Subquery(latest))


def active_delegates_on(term: Term | int, on_date: datetime.date):
    """Who was an active delegate of the term on the date."""
    return delegates_with_status_on(term, on_date).filter(status_on_date=Delegate.Status.ACTIVE)


def changes_after(term: Term | int, on_date: datetime.date) -> bool:
    """Whether a change of the term's qualifications takes effect after the date (then the
    record's status is not the status on the date). One query, which a page counting the term
    twice asks once and gives both (`changed=`: the term's structure and its vacancies)."""
    term_id = term if isinstance(term, int) else term.pk
    # Written once per process, run with the term and the date (decision 382); not prepared:
    # PostgreSQL's plan for no date in particular walked every term's changes by delegate,
    # where today's date finds the few changes after it by their own index.
    sql, params = statement("changes_after", _changes_after, _term_and_date, term_id, on_date)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() is not None


def _changes_after(term_id: int, on_date: datetime.date) -> tuple[str, tuple]:
    """`changes_after`'s statement as the ORM writes `.exists()` of the term's later changes."""
    later = QualificationEvent.objects.filter(delegate__term=term_id, effective_date__gt=on_date)
    return later.query.exists().get_compiler(connection.alias).as_sql()


def _term_and_date(term_id: int, on_date: datetime.date) -> dict:
    return {"term": term_id, "date": on_date}


def active_delegates_counted_on(
    term: Term | int, on_date: datetime.date, changed: bool | None = None
):
    """The same delegates as `active_delegates_on`, for counting thousands of them (the term's
    structure, a sitting's attendance). When no change of the term's qualifications takes
    effect after the date (a report of today, the usual case), a delegate's status on the date
    is the status on their record (the services write both together, as `seats_held_on`
    relies on), for those who entered the congress by then: a plain filter, which PostgreSQL
    can estimate (it cannot estimate a look-up of each delegate's history, and then joins and
    groups thousands of rows as if they were a dozen). One query (an EXISTS) to know which."""
    return _counted_on(term, on_date, (Delegate.Status.ACTIVE,), changed)


def _counted_on(term: Term | int, on_date: datetime.date, statuses: tuple, changed=None):
    if changed is None:
        changed = changes_after(term, on_date)
    if changed:
        return delegates_with_status_on(term, on_date).filter(status_on_date__in=statuses)
    return Delegate.objects.filter(term=term, status__in=statuses, pk__in=_entered(term))


def _entered(term: Term | int):
    """The keys of the delegates with a qualification event (who have entered the congress),
    among the events whose delegate's key lies between the term's first and last (decision
    461): the term's delegates' events are all there, so a term's delegate is in it exactly
    when they have an event. Two look-ups of the term's keys (`delegate_term_id`) and a range
    of the events' index, where an EXISTS of every delegate's events hashed every term's
    events, the office's, growing with every roster entered (decision 546)."""
    keys = Delegate.objects.filter(term=term).values("pk")
    first, last = (Subquery(keys.order_by(order)[:1]) for order in ("pk", "-pk"))
    return QualificationEvent.objects.filter(delegate__gte=first, delegate__lte=last).values(
        "delegate_id"
    )


def seat_holders_on(term: Term, on_date: datetime.date):
    """Delegates holding a seat on the date: active or suspended (a suspension keeps the seat)."""
    return delegates_with_status_on(term, on_date).filter(status_on_date__in=SEAT_HOLDING)


def vacancies_by_electoral_unit(
    term: Term, on_date: datetime.date, changed: bool | None = None, units=None
) -> list[ElectoralUnit]:
    """The term's electoral units, each with `holders` and `vacancies` on the date. Three
    queries, two when `changed` is given (the seat holders as `active_delegates_counted_on`
    finds the active), one when `units` (the term's units by name, read by the page) too."""
    held = dict(
        _counted_on(term, on_date, SEAT_HOLDING, changed)
        .order_by()
        .values_list("electoral_unit")
        .annotate(n=Count("pk"))
    )
    if units is None:
        units = list(ElectoralUnit.objects.filter(term=term).order_by("name"))
    return units_with_vacancies(units, held)


def seat_holders_counted_on(term: Term | int, on_date: datetime.date, changed: bool | None = None):
    """The seat holders on the date as `vacancies_by_electoral_unit` counts them, each with
    `seat_status`: their status on the date (active or suspended), for a page counting the
    active and the seat holders in one pass over the term (the term's structure)."""
    if changed is None:
        changed = changes_after(term, on_date)
    holders = _counted_on(term, on_date, SEAT_HOLDING, changed)
    return holders.annotate(seat_status=F("status_on_date" if changed else "status"))


def units_with_vacancies(units: list[ElectoralUnit], held: dict) -> list[ElectoralUnit]:
    """The units, each with `holders` (from `held`: {unit id: seat holders}) and `vacancies`."""
    for unit in units:
        unit.holders = held.get(unit.pk, 0)
        unit.vacancies = max(unit.seats - unit.holders, 0)
    return units


def delegations_led_by(user):
    """The delegations whose members `user` may see as their leader (the object permission
    granted to the leader's account, read from its table)."""
    from .access import LEAD_PERMISSION

    return object_permissions.objects_of(LEAD_PERMISSION, user, Delegation).select_related("term")


def delegation_members(delegation: Delegation, year: int) -> list[Delegate]:
    """The delegation's members, each with `activities_attended` in the year. One query,
    written once per process and year (decision 327)."""
    return instances(("delegation_members", year), _members_read(year), delegation.pk)


def _members_read(year: int):
    attended = Count(
        "participations",
        filter=Q(
            participations__attendance=ActivityParticipation.Attendance.PRESENT,
            participations__activity__date__year=year,
        ),
    )
    return lambda delegation_id: (
        Delegate.objects.filter(delegation_id=delegation_id)
        .defer(*Delegate.CONTACT_DETAILS)  # a leader does not see them (decision 233)
        .annotate(activities_attended=attended)
        .order_by("name")
    )


def duties_record(delegate: Delegate, year: int) -> dict:
    """A delegate's year in numbers, derived from activity attendance, with the year's
    assessment and awards. Four queries.

    Returns {"by_kind": [(kind label, attended, people contacted)], "totals": {...},
    "participations": [...]} with every activity kind listed, zeros included. The year's
    statements are written once per process (decision 303), and the figures by kind are
    counted from the participations read (a query of their own before)."""
    participations = instances(
        ("duties_participations", year),
        lambda delegate_id: (
            ActivityParticipation.objects.filter(delegate_id=delegate_id, activity__date__year=year)
            .select_related("activity")
            .order_by("activity__date", "pk")
        ),
        delegate.pk,
    )
    attended, contacted = Counter(), Counter()
    for participation in participations:
        if participation.attendance == ActivityParticipation.Attendance.PRESENT:
            attended[participation.activity.kind] += 1
            contacted[participation.activity.kind] += participation.people_contacted or 0
    by_kind = [(kind.label, attended[kind.value], contacted[kind.value]) for kind in Activity.Kind]
    assessments = instances(
        ("duties_assessment", year),
        lambda delegate_id: Assessment.objects.filter(delegate_id=delegate_id, year=year).order_by(
            "pk"
        )[:1],
        delegate.pk,
    )
    awards = instances(
        ("duties_awards", year),
        lambda delegate_id: Award.objects.filter(delegate_id=delegate_id, year=year),
        delegate.pk,
    )
    for row in assessments + awards:  # as `delegate.assessments` and `.awards` set it
        row.delegate = delegate
    return {
        "other_duties": duty_counts(delegate, year),
        "assessment": assessments[0] if assessments else None,
        "awards": awards,
        "by_kind": by_kind,
        "attended": sum(row[1] for row in by_kind),
        "contacted": sum(row[2] for row in by_kind),
        "participations": participations,
    }


def reception_days(year: int) -> list[datetime.date]:
    """The year's twelve reception days under the office's rule, on the working-day calendar."""
    rule = ReceptionRule.current()
    if rule.rule == ReceptionRule.Rule.FIRST_SATURDAY:
        return [_first_saturday(year, month) for month in range(1, 13)]
    nominal = [datetime.date(year, month, rule.day_of_month) for month in range(1, 13)]
    return next_working_days(nominal)


def _first_saturday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(5 - first.weekday()) % 7)


def seats_held_on(unit: ElectoralUnit, on_date: datetime.date) -> int:
    """Seats of the unit held on the date. When no change in the unit is dated after it,
    everyone's current status is their status on that date: one cheap count instead of
    reading each member's history (which made entering 5,000 delegates quadratic)."""
    later = QualificationEvent.objects.filter(
        delegate__electoral_unit=unit, effective_date__gt=on_date
    )
    if not later.exists():
        return Delegate.objects.filter(electoral_unit=unit, status__in=SEAT_HOLDING).count()
    return seat_holders_on(unit.term, on_date).filter(electoral_unit=unit).count()


def most_seats_held_from(unit: ElectoralUnit, on_date: datetime.date) -> tuple[int, datetime.date]:
    """The most seats of the unit held on any day from the date on, and the first day they
    are. Holdings change only on the days changes take effect, so the date itself and each
    later change day are enough: a delegate entered on a date holds the seat on every later
    day and must find it free on each of them, not only on the first. With no later change,
    the current holders (one cheap count, as `seats_held_on`); otherwise the unit's history
    replayed in one query."""
    later = QualificationEvent.objects.filter(
        delegate__electoral_unit=unit, effective_date__gt=on_date
    )
    if not later.exists():
        held = Delegate.objects.filter(electoral_unit=unit, status__in=SEAT_HOLDING).count()
        return held, on_date
    history = list(
        QualificationEvent.objects.filter(delegate__electoral_unit=unit)
        .order_by("effective_date", "pk")
        .values_list("effective_date", "delegate_id", "status_after")
    )
    status: dict[int, str] = {}
    most, most_day = 0, on_date
    for n, (effective_date, delegate_id, status_after) in enumerate(history):
        status[delegate_id] = status_after
        following = history[n + 1][0] if n + 1 < len(history) else None
        if following == effective_date or (following is not None and following <= on_date):
            continue  # not the last change of its day, or the day is before the date
        held = sum(s in SEAT_HOLDING for s in status.values())
        if held > most:
            most, most_day = held, max(effective_date, on_date)
    return most, most_day
