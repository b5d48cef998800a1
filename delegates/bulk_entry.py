"""Many delegates entered at once (a roster file), by `delegate_enter`'s rules and with the
same rows written, at the cost of a few queries for the whole batch instead of a dozen a
delegate: what each entry is checked against (the term's units, delegations, people and
accounts, and the seats held in each unit on every day) is read once and kept up to date in
memory as entries are accepted, then the delegates and their entries into the qualification
history are written with two bulk inserts.

Each entry is judged against the roster as the entries accepted before it leave it, as
entering them one by one would; an entry refused takes no seat. The caller owns the
transaction (all or nothing)."""

import bisect
import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Count

from congress_office.roles import require_office

from .models import Delegate, Delegation, ElectoralUnit, QualificationEvent, Term
from .selectors import SEAT_HOLDING
from .services import (
    account_taken,
    check_vacancy,
    delegate_check_memberships,
    delegate_entry_started,
    entry_event,
)

PERSON = ("term", "name", "birth_date")  # the constraint delegate_unique_person_per_term


class SeatBook:
    """Seats held in each of the term's electoral units on every day, as
    `most_seats_held_from` reads them from the database, kept in memory. Two queries."""

    def __init__(self, term: Term, units):
        unit_ids = [unit.pk for unit in units]
        self.current = dict.fromkeys(unit_ids, 0)  # seat holders now (their status)
        counts = (
            Delegate.objects.filter(electoral_unit__in=unit_ids, status__in=SEAT_HOLDING)
            .values_list("electoral_unit")
            .annotate(n=Count("pk"))
            .order_by()
        )
        self.current.update(counts)
        history = (
            QualificationEvent.objects.filter(delegate__electoral_unit__in=unit_ids)
            .order_by("effective_date", "pk")
            .values_list(
                "delegate__electoral_unit", "effective_date", "delegate_id", "status_after"
            )
        )
        # Per unit: the days changes take effect, and the seats held at the end of each.
        self.days = {unit_id: [] for unit_id in unit_ids}
        self.held = {unit_id: [] for unit_id in unit_ids}
        holding: dict[int, bool] = {}  # each delegate's last status so far, seat-holding?
        holders = dict.fromkeys(unit_ids, 0)
        for unit_id, day, delegate_id, status_after in history:
            holds = status_after in SEAT_HOLDING
            holders[unit_id] += holds - holding.get(delegate_id, False)
            holding[delegate_id] = holds
            held = holders[unit_id]
            days = self.days[unit_id]
            if days and days[-1] == day:
                self.held[unit_id][-1] = held
            else:
                days.append(day)
                self.held[unit_id].append(held)

    def most_held_from(self, unit_id: int, day: datetime.date) -> tuple[int, datetime.date]:
        """What `most_seats_held_from` answers for the unit and the date."""
        days, held = self.days[unit_id], self.held[unit_id]
        if not days or days[-1] <= day:  # no change dated later: the current holders
            return self.current[unit_id], day
        most, most_day = 0, day
        first = bisect.bisect_right(days, day)  # the first change day after the date
        if first:  # the seats held on the date itself
            most = held[first - 1]
        for n in range(first, len(days)):
            if held[n] > most:
                most, most_day = held[n], days[n]
        return most, most_day

    def take(self, unit_id: int, day: datetime.date) -> None:
        """A delegate entered the unit on the day: they hold a seat from then on."""
        days, held = self.days[unit_id], self.held[unit_id]
        n = bisect.bisect_left(days, day)
        if n == len(days) or days[n] != day:
            days.insert(n, day)
            held.insert(n, held[n - 1] if n else 0)
        for m in range(n, len(held)):
            held[m] += 1
        self.current[unit_id] += 1


class RosterEntries:
    """Delegates of one term entered together: `add` judges each by `delegate_enter`'s rules
    (raising its ValidationError), `save` writes all the accepted ones. Five queries, and
    `lock` (inside a transaction) first locks the term's units as `delegate_enter` locks its
    unit, so that no one else fills a seat in between."""

    def __init__(self, *, term: Term, lock: bool = False):
        self.term = term
        units = ElectoralUnit.objects.filter(term=term)
        if lock:
            units = units.select_for_update()
        self.units = {unit.pk: unit for unit in units}
        self.delegations = {d.pk: d for d in Delegation.objects.filter(term=term)}
        roster = Delegate.objects.filter(term=term).values_list("name", "birth_date", "user_id")
        self.people, self.users = set(), set()
        for name, birth_date, user_id in roster:
            self.people.add((name, birth_date))
            if user_id is not None:
                self.users.add(user_id)
        self.seats = SeatBook(term, self.units.values())
        self.entered: list[tuple[Delegate, dict]] = []

    def add(
        self,
        *,
        kind: str,
        effective_date: datetime.date,
        decision_reference: str,
        reason: str = "",
        **fields,
    ) -> Delegate:
        term = self.term
        delegate = delegate_entry_started(
            term=term, kind=kind, effective_date=effective_date, **fields
        )
        if delegate.user_id is not None and delegate.user_id in self.users:
            raise account_taken()
        # What delegate_enter's full_clean asks the database, answered from what was read:
        # the unit and the delegation exist when they are the term's (others are asked as
        # full_clean asks), the person is not on the roster yet.
        known = ["term"] if delegate.term_id == term.pk else []
        if delegate.electoral_unit_id in self.units:
            known.append("electoral_unit")
        if delegate.delegation_id in self.delegations:
            known.append("delegation")
        delegate.full_clean(exclude=known, validate_constraints=False)
        if (delegate.name, delegate.birth_date) in self.people:
            message = delegate.unique_error_message(Delegate, PERSON)
            raise ValidationError({NON_FIELD_ERRORS: [message]})
        unit = self.units.get(delegate.electoral_unit_id)
        if unit is None:  # another term's: read as delegate_enter reads it
            unit = ElectoralUnit.objects.get(pk=delegate.electoral_unit_id)
        delegate_check_memberships(delegate=delegate, unit=unit)
        most, full_from = self.seats.most_held_from(unit.pk, effective_date)
        check_vacancy(unit=unit, effective_date=effective_date, most=most, full_from=full_from)
        self.seats.take(unit.pk, effective_date)
        self.people.add((delegate.name, delegate.birth_date))
        if delegate.user_id is not None:
            self.users.add(delegate.user_id)
        entry = {
            "kind": kind,
            "effective_date": effective_date,
            "decision_reference": decision_reference,
            "reason": reason,
        }
        self.entered.append((delegate, entry))
        return delegate

    def save(self, *, recorded_by) -> list[Delegate]:
        """Write the accepted delegates and their entries (the office's step, as
        `delegate_enter` is). Two inserts, in batches."""
        require_office(recorded_by)
        delegates = Delegate.objects.bulk_create([delegate for delegate, _entry in self.entered])
        QualificationEvent.objects.bulk_create(
            entry_event(delegate=delegate, recorded_by=recorded_by, **entry)
            for delegate, entry in self.entered
        )
        return delegates
