"""Removing a delegate's personal details once the office's retention period has run out
(issue 16, item 6; decisions 234 and 235).

What goes: phone, email, work unit and post, the day of birth (the year and month stay: the
structure report counts ages by them), and the link to the user account (closed when nothing
else needs it). What stays: the name (the roster is a public record printed in the session
reports), gender, ethnicity, education, occupation category, the qualification history, the
memberships, and every proposal, attendance and activity, so that every count is unchanged.
A run is all-or-nothing: one delegate refused, none is touched."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress_office.audit_models import SecurityEvent
from congress_office.audit_trail import security_event_record
from congress_office.roles import Role, require_office, role_group
from congress_office.wording import written_date

from .models import Delegate, PersonalDataRules, PersonalDetailsRemoval, RosterImport
from .roster_check import COLUMNS
from .services import delegate_link_user

# The fields blanked, and the fields kept, as the confirmation page lists them.
REMOVED_FIELDS = ("phone", "email", "work_unit", "post")
KEPT_FIELDS = ("name", "gender", "ethnicity", "education", "occupation")


def retention_ends(term_end: datetime.date, years: int) -> datetime.date:
    """The first day the details of a term ending on `term_end` may be removed: the same
    day `years` later (28 February for a term ending on 29 February)."""
    try:
        return term_end.replace(year=term_end.year + years)
    except ValueError:
        return term_end.replace(year=term_end.year + years, day=28)


def birth_month(birth_date: datetime.date) -> datetime.date:
    """What is kept of a date of birth: its year and month, as the first of the month."""
    return birth_date.replace(day=1)


def removal_refusal(delegate: Delegate, today: datetime.date, years: int, removed: bool) -> str:
    """Why the delegate's details may not be removed today, or "" when they may."""
    if removed:
        return _("The personal details of %(name)s were already removed.") % {"name": delegate.name}
    ends = retention_ends(delegate.term.end_date, years)
    if today < ends:
        return _(
            "The personal details of %(name)s are kept until %(date)s: %(years)s years after "
            "the end of their term (%(term)s)."
        ) % {
            "name": delegate.name,
            "date": written_date(ends),
            "years": years,
            "term": delegate.term.name,
        }
    same_person = Delegate.objects.filter(
        term=delegate.term_id, name=delegate.name, birth_date=birth_month(delegate.birth_date)
    ).exclude(pk=delegate.pk)
    if delegate.birth_date.day != 1 and same_person.exists():
        return _(
            "%(name)s has the same name and month of birth as another delegate of the term: "
            "without the day of birth the two records could not be told apart, so their "
            "details are kept."
        ) % {"name": delegate.name}
    return ""


def removal_refusals(delegates, today: datetime.date | None = None) -> list[str]:
    """Why each of the delegates may not have their details removed today (empty: all may)."""
    today = today or timezone.localdate()
    years = PersonalDataRules.current().retention_years
    # Read now, not with the delegates: a run that waited for another's locks sees its
    # removals (PostgreSQL re-reads a locked row, not the rows joined to it).
    removed = set(
        PersonalDetailsRemoval.objects.filter(delegate__in=[d.pk for d in delegates]).values_list(
            "delegate_id", flat=True
        )
    )
    return [why for d in delegates if (why := removal_refusal(d, today, years, d.pk in removed))]


@transaction.atomic
def delegates_personal_details_remove(*, delegates, removed_by, today=None) -> int:
    """Remove the personal details of the delegates, all or none; returns how many. Each
    removal is recorded (who, when, what became of the account), never the values."""
    require_office(removed_by)
    pks = [d.pk for d in delegates]
    locked = list(
        Delegate.objects.select_for_update(of=("self",))
        .filter(pk__in=pks)
        .select_related("term")
        .order_by("pk")
    )
    if not locked:
        raise ValidationError(_("Choose the delegates whose details are to be removed."))
    if refusals := removal_refusals(locked, today):
        raise ValidationError(refusals)
    for delegate in locked:
        account = _account_release(delegate)
        original = (delegate.name, delegate.birth_date)
        for field in REMOVED_FIELDS:
            setattr(delegate, field, "")
        delegate.birth_date = birth_month(delegate.birth_date)
        delegate.save(update_fields=[*REMOVED_FIELDS, "birth_date"])
        _roster_previews_scrub(delegate, *original)
        PersonalDetailsRemoval.objects.create(delegate=delegate, actor=removed_by, account=account)
        # In the security trail too, with the other handling of personal data (decision 242):
        # whose, by whom and from where; never the values.
        security_event_record(
            kind=SecurityEvent.Kind.PERSONAL_DETAILS_REMOVED,
            user=removed_by,
            target=delegate,
            details={"account": account},
        )
    return len(locked)


def _account_release(delegate: Delegate) -> str:
    """Unlink the record from its account; close the account when nothing else needs it (no
    other term's record, no other role, no committee member's record). Returns what became
    of it, as a PersonalDetailsRemoval.Account."""
    Account = PersonalDetailsRemoval.Account  # noqa: N806 - the choices, read as such
    user = delegate.user
    if user is None:
        return Account.NONE
    delegate_link_user(delegate=delegate, user=None)
    if Delegate.objects.filter(user=user).exists():
        return Account.UNLINKED
    user.groups.remove(role_group(Role.DELEGATE))
    other_roles = (
        user.is_staff
        or user.is_superuser
        or user.groups.exists()
        or user.committee_member_records.exists()
    )
    if other_roles:
        return Account.ROLE_REMOVED
    # The account held the delegate's name and address for their term alone: both go, and
    # the sign-in name too (an office may have used the phone number as one).
    user.username = f"removed-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    return Account.DEACTIVATED


_PERSONAL_COLUMNS = {key: index + 1 for index, (key, _label) in enumerate(COLUMNS)}


def _roster_previews_scrub(delegate: Delegate, name: str, birth_date: datetime.date) -> None:
    """The rows of the term's roster files that the office previewed keep what the file said:
    the delegate's row loses the removed details there too, and the finished imports their
    file (it holds the same details; the import needs it no more)."""
    finished = RosterImport.objects.filter(
        term=delegate.term_id,
        status__in=[RosterImport.Status.DONE, RosterImport.Status.INVALID],
    ).exclude(file="")
    files = [row.file for row in finished]
    finished.update(file="")
    transaction.on_commit(lambda: [stored.delete(save=False) for stored in files])
    name_at, birth_at = _PERSONAL_COLUMNS["name"], _PERSONAL_COLUMNS["birth_date"]
    for roster_import in RosterImport.objects.filter(term=delegate.term_id):
        rows = roster_import.preview
        changed = False
        for row in rows:
            if row[name_at] == name and row[birth_at] == birth_date.isoformat():
                for field in REMOVED_FIELDS:
                    row[_PERSONAL_COLUMNS[field]] = ""
                row[birth_at] = birth_month(birth_date).isoformat()
                changed = True
        if changed:
            roster_import.save(update_fields=["preview"])
