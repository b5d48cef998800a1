"""Every two-factor event goes through `record_two_factor_event` into the security audit trail
(decision 228): enrolments, codes given or refused, recovery codes, resets and delegates
turning it on or off. The events are the trail's own kinds, named here as two-factor sign-in
names them."""

from .audit_models import SecurityEvent
from .audit_trail import security_event_record

Kind = SecurityEvent.Kind


class TwoFactorEvent:
    ENROLLED = Kind.TWO_FACTOR_ENROLLED
    VERIFIED = Kind.TWO_FACTOR_VERIFIED
    CODE_REFUSED = Kind.TWO_FACTOR_REFUSED
    THROTTLED = Kind.TWO_FACTOR_THROTTLED
    RECOVERY_CODE_USED = Kind.TWO_FACTOR_RECOVERY_USED
    RECOVERY_CODES_RENEWED = Kind.TWO_FACTOR_RECOVERY_RENEWED
    RESET = Kind.TWO_FACTOR_RESET
    TURNED_ON = Kind.TWO_FACTOR_ON
    TURNED_OFF = Kind.TWO_FACTOR_OFF


def record_two_factor_event(*, request, user, kind: str, by=None) -> None:
    """Record that `kind` happened to `user`'s two-factor sign-in: done by `by` when someone
    else did it (a superuser's reset), else by the user; from the request's address."""
    security_event_record(kind=kind, request=request, user=by or user, target=user)
