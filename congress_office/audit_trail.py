"""Writing the security audit trail: `security_event_record` is the one way in.

Who acted and from where come from the request being served: the views that export pass it,
and the signal receivers (congress_office/audit_signals.py), which Django calls without one,
read it from `current_request()`, which `AuditRequestMiddleware` keeps for the request's
duration. A step taken outside a request (a command, a task) is recorded with no address and
with the user it was given, if any.
"""

import datetime

from asgiref.local import Local
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.db import connection, transaction
from django.utils import timezone

from .audit_filters import export_filter_facts
from .audit_models import RETENTION_FLOOR_DAYS, SecurityEvent
from .audit_wording import EXPORTS
from .security import client_ip

Kind = SecurityEvent.Kind

_current = Local()


class AuditRequestMiddleware:
    """Keeps the request being served where the signal receivers can find it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _current.request = request
        try:
            return self.get_response(request)
        finally:
            _current.request = None


def current_request():
    return getattr(_current, "request", None)


def _acting_user(request, user):
    if user is not None:
        return user
    request_user = getattr(request, "user", None)
    if request_user is not None and request_user.is_authenticated:
        return request_user
    return None


def security_event_record(
    *,
    kind: str,
    request=None,
    user=None,
    username: str = "",
    target=None,
    target_text: str = "",
    details: dict | None = None,
    anonymous: bool = False,
) -> SecurityEvent:
    """Add an entry to the trail. `user` is who acted (by default the request's signed-in
    user); `username` names who was meant when there is no account (a refused sign-in's name);
    `target` is the object it was about (its text and type are kept), or `target_text` says
    what it was about in words; `anonymous` records no account at all (a refused sign-in).
    The entry is written in the caller's transaction: it belongs to the change it records and
    commits or rolls back with it."""
    if request is None:
        request = current_request()
    actor = None if anonymous else _acting_user(request, user)
    event = SecurityEvent(
        kind=kind,
        user=actor,
        username=(actor.get_username() if actor is not None else username)[:150],
        address=client_ip(request) if request is not None else None,
        target=(target_text or (str(target) if target is not None else ""))[:300],
        details=details or {},
    )
    if target is not None and getattr(target, "pk", None) is not None:
        event.target_type = ContentType.objects.get_for_model(target)
        event.target_id = str(target.pk)
    event.save()
    return event


def record_export(request, *, what: str, file_format: str, count: int | None = None, target=None):
    """An export or download of personal data or results: who, what, in which format."""
    details = {"format": file_format}
    if count is not None:
        details["rows"] = count
    # As typed in the address, and in the list's own words (decision 256).
    details.update(export_filter_facts(request, what))
    return security_event_record(
        kind=Kind.PERSONAL_DATA_EXPORTED,
        request=request,
        target=target,
        target_text=EXPORTS.get(what, what) if target is None else "",
        details={"what": what, **details},
    )


def retention_days() -> int:
    return settings.SECURITY_AUDIT_RETENTION_DAYS


@checks.register(checks.Tags.security)
def retention_check(app_configs=None, **kwargs):
    days = getattr(settings, "SECURITY_AUDIT_RETENTION_DAYS", None)
    if not isinstance(days, int) or days < RETENTION_FLOOR_DAYS:
        return [
            checks.Error(
                f"SECURITY_AUDIT_RETENTION_DAYS is {days!r}: the security audit trail must be "
                f"kept at least {RETENTION_FLOOR_DAYS} days (GB/T 22239-2019).",
                id="congress_office.E001",
            )
        ]
    return []


def security_events_purge(*, now: datetime.datetime | None = None) -> int:
    """Remove the entries older than the retention setting: the only path that removes any.
    It records its own run (how many, up to when). Returns the number removed."""
    now = now or timezone.now()
    days = max(retention_days(), RETENTION_FLOOR_DAYS)
    before = now - datetime.timedelta(days=days)
    table = SecurityEvent._meta.db_table
    with transaction.atomic():
        # Past the queryset's refusal on purpose: a plain DELETE that the PostgreSQL trigger
        # still checks against the floor.
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE at < %s", [before])  # noqa: S608
            removed = cursor.rowcount
        security_event_record(
            kind=Kind.TRAIL_PURGED,
            target_text=f"< {before.isoformat()}",
            details={
                "removed_count": removed,
                "before": before.isoformat(),
                "retention_days": days,
            },
        )
    return removed
