"""Every two-factor event goes through `record_two_factor_event`: enrolments, codes given or
refused, recovery codes, resets and delegates turning it on or off. For now it writes to the
"congress_office.security" logger; the security audit trail will take its entries from here."""

import logging

from django.db import models
from django.utils.translation import gettext_lazy as _

from .security import client_ip

logger = logging.getLogger("congress_office.security")


class TwoFactorEvent(models.TextChoices):
    ENROLLED = "two_factor_enrolled", _("Two-factor sign-in set up")
    VERIFIED = "two_factor_verified", _("Two-factor code accepted")
    CODE_REFUSED = "two_factor_code_refused", _("Two-factor code refused")
    THROTTLED = "two_factor_throttled", _("Two-factor code refused: too many wrong codes")
    RECOVERY_CODE_USED = "two_factor_recovery_code_used", _("Recovery code used")
    RECOVERY_CODES_RENEWED = "two_factor_recovery_codes_renewed", _("Recovery codes renewed")
    RESET = "two_factor_reset", _("Two-factor sign-in reset by a superuser")
    TURNED_ON = "two_factor_turned_on", _("Two-factor sign-in turned on")
    TURNED_OFF = "two_factor_turned_off", _("Two-factor sign-in turned off")


def record_two_factor_event(*, request, user, kind: TwoFactorEvent, by=None) -> None:
    """Record that `kind` happened to `user`'s two-factor sign-in, done by `by` when someone
    else did it (a superuser's reset), from the request's address."""
    logger.info(
        "%s user=%s by=%s ip=%s",
        TwoFactorEvent(kind).value,
        user.get_username(),
        by.get_username() if by is not None else "",
        client_ip(request) if request is not None else "",
        extra={
            "event": TwoFactorEvent(kind).value,
            "user_id": user.pk,
            "by_id": by.pk if by is not None else None,
        },
    )
