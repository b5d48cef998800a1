"""The security audit trail (安全审计记录): who signed in and out, whose access changed, which
office rules changed, who exported personal data; each entry with who, when, from where and
what. Append-only: no page, service or ORM call changes or removes an entry, and on PostgreSQL
a trigger refuses it too (migration 0005); only `security_events_purge` removes entries, and
only those older than the retention the law asks for (decision 229).

Nothing about a ballot is ever written here: casting a ballot records nothing at all.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Func, TextField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The least a deployment may keep entries (GB/T 22239-2019: at least six months). The database
# trigger refuses removing a younger entry whatever the setting says.
RETENTION_FLOOR_DAYS = 180


class AppendOnly(PermissionDenied):
    """Raised by every attempt to change or remove an entry of the trail."""


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The security audit trail cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnly("The security audit trail cannot be changed.")

    def delete(self):
        raise AppendOnly("The security audit trail cannot be erased.")

    def _raw_delete(self, using):
        raise AppendOnly("The security audit trail cannot be erased.")


class TrailText(Func):
    """What the auditor's search reads of an entry: its user name, what it was about, its
    address and its details, as one text, so that one trigram index answers a search on
    PostgreSQL (migration 0007 indexes `UPPER()` of exactly this expression, which Django's
    `icontains` compares)."""

    template = "(username || ' ' || target || ' ' || COALESCE(address, '') || ' ' || details)"
    output_field = TextField()

    def __init__(self):
        super().__init__()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=TRAIL_TEXT_POSTGRESQL)


TRAIL_TEXT_POSTGRESQL = (
    "(username || ' ' || target || ' ' || COALESCE(host(address), '') || ' ' || details::text)"
)


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in refused")
        SIGN_OUT = "sign_out", _("Signed out")
        ACCOUNT_CREATED = "account_created", _("Account created")
        ACCOUNT_CHANGED = "account_changed", _("Account's access changed")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        GROUPS_CHANGED = "groups_changed", _("Account's groups changed")
        USER_PERMISSIONS_CHANGED = "user_permissions_changed", _("Account's permissions changed")
        GROUP_PERMISSIONS_CHANGED = "group_permissions_changed", _("Group's permissions changed")
        OBJECT_PERMISSION_GRANTED = "object_permission_granted", _("Duty on an object granted")
        OBJECT_PERMISSION_WITHDRAWN = (
            "object_permission_withdrawn",
            _("Duty on an object withdrawn"),
        )
        RULES_CHANGED = "rules_changed", _("Office rules changed")
        PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
        PERSONAL_DETAILS_REMOVED = "personal_details_removed", _("Personal details removed")
        TRAIL_EXPORTED = "trail_exported", _("Security audit trail exported")
        TRAIL_PURGED = "trail_purged", _("Expired entries of the trail removed")
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", _("Two-factor device enrolled")
        TWO_FACTOR_VERIFIED = "two_factor_verified", _("Two-factor code accepted")
        TWO_FACTOR_REFUSED = "two_factor_refused", _("Two-factor code refused")
        TWO_FACTOR_THROTTLED = "two_factor_throttled", _("Two-factor codes throttled")
        TWO_FACTOR_RECOVERY_USED = "two_factor_recovery_used", _("Recovery code used")
        TWO_FACTOR_RECOVERY_RENEWED = "two_factor_recovery_renewed", _("Recovery codes renewed")
        TWO_FACTOR_RESET = "two_factor_reset", _("Two-factor reset by a superuser")
        TWO_FACTOR_ON = "two_factor_on", _("Two-factor sign-in turned on")
        TWO_FACTOR_OFF = "two_factor_off", _("Two-factor sign-in turned off")

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    # The account may be deleted later; the entry keeps its id and name (no database constraint,
    # so removing an account never has to touch the trail).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    kind = models.CharField(_("event"), max_length=40, choices=Kind.choices)
    target = models.CharField(_("about"), max_length=300, blank=True)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("type of what it is about"),
    )
    target_id = models.CharField(_("id of what it is about"), max_length=40, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security audit entry")
        verbose_name_plural = _("security audit trail")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)
        # What the auditor filters by, each in the list's order, so that a page and its
        # capped count read fifty or ten thousand entries of an index, not the trail
        # (decision 257); the search's trigram index is PostgreSQL's (migration 0007).
        indexes = [
            models.Index(fields=["at", "id"], name="securityevent_at"),
            models.Index(fields=["kind", "at", "id"], name="securityevent_kind_at"),
            models.Index(fields=["username", "at", "id"], name="securityevent_username_at"),
            models.Index(fields=["address", "at", "id"], name="securityevent_address_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise AppendOnly("An entry of the security audit trail cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("An entry of the security audit trail cannot be erased.")
