"""Every write that matters to the roster. Each function is atomic, validates fully before it
writes, and raises ValidationError with a message in the user's language when it refuses."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress_office import object_permissions
from congress_office.roles import require_office
from congress_office.wording import written_date

from .access import LEAD_PERMISSION
from .models import Activity, Delegate, Delegation, ElectoralUnit, QualificationEvent, Term
from .selectors import most_seats_held_from
from .workflow import ENTRY_KINDS, QUALIFICATION_WORKFLOW, REASON_REQUIRED

Kind = QualificationEvent.Kind
Status = Delegate.Status


def _check_within_term(term: Term, day: datetime.date) -> None:
    if not term.start_date <= day <= term.end_date:
        raise ValidationError(
            {
                "effective_date": _("The date must fall within the term (%(start)s to %(end)s).")
                % {"start": written_date(term.start_date), "end": written_date(term.end_date)}
            }
        )


@transaction.atomic
def delegate_enter(
    *,
    term: Term,
    kind: str,
    effective_date: datetime.date,
    decision_reference: str,
    recorded_by,
    reason: str = "",
    **fields,
) -> Delegate:
    """Add a delegate to the roster by election or by-election, into a free seat of their
    electoral unit on the effective date. The office's step (`recorded_by` its staff).
    A roster file enters many at once by the same rules (`delegates.bulk_entry`)."""
    require_office(recorded_by)
    delegate = delegate_entry_started(term=term, kind=kind, effective_date=effective_date, **fields)
    delegate_check_user(delegate=delegate, user=delegate.user)
    delegate.full_clean()
    unit = ElectoralUnit.objects.select_for_update().get(pk=delegate.electoral_unit_id)
    delegate_check_memberships(delegate=delegate, unit=unit)
    # The seat must be free on the date and on every later day: a by-election dated before
    # one already recorded finds the vacancy both would fill, and over-filled the unit.
    most, full_from = most_seats_held_from(unit, effective_date)
    check_vacancy(unit=unit, effective_date=effective_date, most=most, full_from=full_from)
    delegate.save()
    entry_event(
        delegate=delegate,
        kind=kind,
        effective_date=effective_date,
        decision_reference=decision_reference,
        reason=reason,
        recorded_by=recorded_by,
    ).save()
    return delegate


# The rules of entering, shared by `delegate_enter` and the bulk entry of a roster file, in
# the order `delegate_enter` applies them (each refusal is the first one that applies).


def delegate_entry_started(*, term: Term, kind: str, effective_date: datetime.date, **fields):
    """The entering delegate, unsaved, once the kind of entry and its date are accepted."""
    if kind not in ENTRY_KINDS:
        raise ValidationError(
            {"kind": _("A delegate enters the roster by election or by-election.")}
        )
    _check_within_term(term, effective_date)
    return Delegate(term=term, status=Status.ACTIVE, **fields)


def delegate_check_memberships(*, delegate: Delegate, unit: ElectoralUnit) -> None:
    """The electoral unit (as stored) and the delegation belong to the delegate's term."""
    if unit.term_id != delegate.term_id:
        raise ValidationError({"electoral_unit": _("This electoral unit belongs to another term.")})
    if delegate.delegation_id and delegate.delegation.term_id != delegate.term_id:
        raise ValidationError({"delegation": _("This delegation belongs to another term.")})


def check_vacancy(
    *, unit: ElectoralUnit, effective_date: datetime.date, most: int, full_from: datetime.date
) -> None:
    """Refuse an entry into a unit whose seats are all held on some day from the date on
    (`most` held, first on `full_from`: `most_seats_held_from` or the bulk entry's count)."""
    if most < unit.seats:
        return
    facts = {"unit": unit.name, "date": full_from, "seats": unit.seats}
    if full_from == effective_date:
        refusal = _("%(unit)s has no vacant seat on %(date)s: all %(seats)s seats are held.")
    else:
        refusal = _(
            "%(unit)s has no vacant seat from %(date)s on: all %(seats)s seats are held then "
            "by delegates already recorded."
        )
    raise ValidationError({"electoral_unit": refusal % facts})


def entry_event(
    *, delegate, kind, effective_date, decision_reference, reason, recorded_by
) -> QualificationEvent:
    """The entry that starts the delegate's qualification history, unsaved."""
    return QualificationEvent(
        delegate=delegate,
        kind=kind,
        effective_date=effective_date,
        status_before="",
        status_after=Status.ACTIVE,
        reason=reason,
        decision_reference=decision_reference,
        actor=recorded_by,
    )


@transaction.atomic
def delegate_change_qualification(
    *,
    delegate: Delegate,
    kind: str,
    effective_date: datetime.date,
    decision_reference: str,
    recorded_by,
    reason: str = "",
) -> QualificationEvent:
    """Record a suspension, restoration, termination, recall or confirmation (the office's
    step)."""
    require_office(recorded_by)
    delegate = Delegate.objects.select_for_update().select_related("term").get(pk=delegate.pk)
    if kind not in QUALIFICATION_WORKFLOW.steps:
        raise ValidationError(
            {"kind": _("This change cannot be recorded for an existing delegate.")}
        )
    QUALIFICATION_WORKFLOW.require(delegate.status, kind, field="kind", name=delegate.name)
    status_after = QUALIFICATION_WORKFLOW.target(kind, delegate.status)
    if not decision_reference.strip():
        raise ValidationError({"decision_reference": _("Give the reference of the decision.")})
    if kind in REASON_REQUIRED and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this change.")})
    _check_within_term(delegate.term, effective_date)
    events = delegate.qualification_events.all()
    last = events.order_by("-effective_date", "-pk").first()
    if last and effective_date < last.effective_date:
        raise ValidationError(
            {
                "effective_date": _(
                    "The date cannot be earlier than the last recorded change (%(date)s)."
                )
                % {"date": written_date(last.effective_date)}
            }
        )
    if kind == Kind.CONFIRMED:
        if not events.filter(kind=Kind.BY_ELECTED).exists():
            raise ValidationError(
                {"kind": _("Only by-elected delegates are confirmed at a session.")}
            )
        if events.filter(kind=Kind.CONFIRMED).exists():
            raise ValidationError({"kind": _("This delegate has already been confirmed.")})
    status_before = delegate.status
    status_after = status_after or status_before
    event = QualificationEvent.objects.create(
        delegate=delegate,
        kind=kind,
        effective_date=effective_date,
        status_before=status_before,
        status_after=status_after,
        reason=reason,
        decision_reference=decision_reference,
        actor=recorded_by,
    )
    if status_after != status_before:
        delegate.status = status_after
        delegate.save(update_fields=["status"])
    if status_after != Status.ACTIVE:
        # Someone suspended or gone no longer leads a delegation (a leader must be active): the
        # office names another, or the same one again once restored.
        for delegation in Delegation.objects.filter(leader=delegate):
            delegation_set_leader(delegation=delegation, leader=None)
    return event


@transaction.atomic
def delegation_set_leader(*, delegation: Delegation, leader: Delegate | None) -> Delegation:
    """Make `leader` the delegation's leader and give their account, and only theirs, the
    object permission to see the delegation's members."""
    delegation_check_leader(delegation=delegation, leader=leader)
    delegation.leader = leader
    delegation.save(update_fields=["leader"])
    delegation_sync_leader_permission(delegation=delegation)
    return delegation


def delegation_check_leader(*, delegation: Delegation, leader: Delegate | None) -> None:
    if leader is None:
        return
    # Judge by the stored record, never by a copy that may predate a qualification change.
    leader = Delegate.objects.get(pk=leader.pk)
    if delegation.pk is None or leader.delegation_id != delegation.pk:
        raise ValidationError({"leader": _("The leader must be a member of the delegation.")})
    if leader.status != Status.ACTIVE:
        raise ValidationError({"leader": _("The leader must be an active delegate.")})


def delegation_sync_leader_permission(*, delegation: Delegation) -> None:
    """Grant `lead_delegation` on this delegation to the leader's account and to nobody else."""
    leader_user = delegation.leader.user if delegation.leader_id else None
    leaders = [leader_user] if leader_user is not None else []
    object_permissions.set_holders(LEAD_PERMISSION, delegation, leaders)


def delegate_check_user(*, delegate: Delegate, user) -> None:
    """An account belongs to one delegate record per term at most."""
    taken = Delegate.objects.filter(term=delegate.term_id, user=user).exclude(pk=delegate.pk)
    if user is not None and taken.exists():
        raise account_taken()


def account_taken() -> ValidationError:
    return ValidationError(
        {"user": _("This account already belongs to another delegate of the term.")}
    )


@transaction.atomic
def delegate_link_user(*, delegate: Delegate, user) -> Delegate:
    """Link (or unlink, with None) the delegate's user account, keeping leader rights in step."""
    delegate_check_user(delegate=delegate, user=user)
    delegate.user = user
    delegate.full_clean()
    delegate.save(update_fields=["user"])
    for delegation in Delegation.objects.filter(leader=delegate):
        delegation_sync_leader_permission(delegation=delegation)
    return delegate


@transaction.atomic
def delegates_move_to_delegation(*, delegates, delegation: Delegation | None) -> int:
    """Move delegates of the delegation's term into it (or, with None, out of any delegation);
    leaders who leave lose the role."""
    delegates = list(delegates)
    if delegation is not None and any(d.term_id != delegation.term_id for d in delegates):
        raise ValidationError(_("Delegates can only move to a delegation of their own term."))
    leaving = Delegation.objects.filter(leader__in=delegates)
    if delegation is not None:
        leaving = leaving.exclude(pk=delegation.pk)
    for led in leaving:
        delegation_set_leader(delegation=led, leader=None)
    moved = Delegate.objects.filter(pk__in=[d.pk for d in delegates]).update(delegation=delegation)
    for delegate in delegates:
        delegate.delegation = delegation
    return moved


@transaction.atomic
def reception_days_schedule(*, term: Term, year: int, place: str) -> list[Activity]:
    """Create the year's reception-day activities under the office's rule, within the term;
    days that already have one are left alone, so running it again adds nothing."""
    from .selectors import reception_days

    days = [day for day in reception_days(year) if term.start_date <= day <= term.end_date]
    existing = set(
        term.activities.filter(kind=Activity.Kind.RECEPTION_DAY, date__in=days).values_list(
            "date", flat=True
        )
    )
    created = [
        Activity(
            term=term,
            kind=Activity.Kind.RECEPTION_DAY,
            date=day,
            place=place,
            topic=_("Reception day, %(month)s") % {"month": date_format(day, "YEAR_MONTH_FORMAT")},
        )
        for day in days
        if day not in existing
    ]
    return Activity.objects.bulk_create(created)
