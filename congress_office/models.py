from functools import cache
from string import Formatter
from typing import Self

from asgiref.local import Local
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import request_finished, request_started
from django.db import connection, models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from congress_office.wording import written_date

from .notification_texts import notification_text
from .plain_sql import columns, execute, instance, table


class StatusChange(models.Model):
    """What every audit entry of a state change records, named one way in every table: who
    (`actor`, empty for a step the system took) and when (`at`). Each table adds what changed
    (`status_before` / `status_after` where it records statuses) and its own facts."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        abstract = True


# The rules read during the current request, by class; None outside a request, where every
# read goes to the database so that a worker never acts on a rule the office has changed.
_rules_read = Local()


def _rules_forget(**kwargs) -> None:
    _rules_read.by_class = None


def _rules_start_request(**kwargs) -> None:
    _rules_read.by_class = {}


request_started.connect(_rules_start_request, dispatch_uid="congress_office_rules_start")
request_finished.connect(_rules_forget, dispatch_uid="congress_office_rules_finish")


@cache
def _rules_sql(model) -> str:
    return f"SELECT {columns(model, 'r')} FROM {table(model)} r WHERE r.singleton = %s"


class SingletonRules(models.Model):
    """An office's rules: one row, edited in the admin, created with its defaults on first
    read. `current()` reads it once per request (a page asking five times costs one query)
    and every time outside a request; saving a row makes the request read it again."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(singleton=True), name="%(app_label)s_%(class)s_singleton"
            ),
        ]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        read = getattr(_rules_read, "by_class", None)
        if read is not None:
            read.pop(type(self), None)

    @classmethod
    def current(cls) -> Self:
        read = getattr(_rules_read, "by_class", None)
        if read is None:
            return cls._read()
        if cls not in read:
            read[cls] = cls._read()
        return read[cls]

    @classmethod
    def _read(cls) -> Self:
        # The row read by a statement written once per process and run prepared (decision
        # 304): the ORM's writing of `get_or_create`'s read cost more than the database's
        # answer, on every page that reads a rule. Made with its defaults only when missing.
        with connection.cursor() as cursor:
            execute(cursor, _rules_sql(cls), [True])
            row = cursor.fetchone()
        if row is not None:
            return instance(cls, row)
        rules, _created = cls.objects.get_or_create(singleton=True)
        return rules


class CalendarDay(models.Model):
    """A date that breaks the Monday-to-Friday rule: a public holiday on a weekday, or a
    weekend day made a working day (调休). Every deadline in the product counts these."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (no work)")
        WORKING_DAY = "working_day", _("Working day (on a weekend)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: Spring Festival"))

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("working-day calendar")
        ordering = ["date"]

    def __str__(self):
        return f"{written_date(self.date)} {self.name}"


class Notification(models.Model):
    """A message to one user, shown in the app and sent by email. Written in the same
    transaction as what it reports, so nothing is lost if the mail queue is down: the email
    sweep sends whatever has not been sent yet."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    # The facts it reports; its words are written from them in the reader's language
    # (congress_office.notification_texts). Title and body keep them in the site's language.
    params = models.JSONField(_("facts"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    official = models.BooleanField(
        _("official"),
        default=False,
        help_text=_("Official replies are emailed whatever the user's settings."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    # When a run took it to email (notifications_email: the claim lapses after a while).
    email_claimed_at = models.DateTimeField(
        _("taken to be emailed at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(
                fields=["emailed_at"],
                name="notification_unsent",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.title

    @cached_property
    def text(self) -> tuple[str, str]:
        """Title and body in the active language (the reader's, on their page)."""
        return notification_text(self)


class NotificationSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    email = models.BooleanField(_("send me notifications by email"), default=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The language the user last chose or signed in with: their emails use it."),
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)


class Letterhead(SingletonRules):
    """What the office's printed documents carry in official form (GB/T 9704-2012): the
    issuing body's name in the red header, the pattern of a reply letter's number (发文字号),
    the contact printed under the signature, and who receives a copy (抄送)."""

    issuing_body = models.CharField(
        _("issuing body"),
        max_length=100,
        blank=True,
        help_text=_(
            "Printed in red at the top of every official document, e.g. "
            "中共××镇代表大会常任制联络办公室."
        ),
    )
    issuing_body_english = models.CharField(
        _("issuing body in English"),
        max_length=200,
        blank=True,
        help_text=_("For documents printed in English; left empty, the name above is printed."),
    )
    reply_number_pattern = models.CharField(
        _("reply letter number"),
        max_length=60,
        default="联复〔{year}〕{number}号",
        help_text=_(
            "{year} is replaced by the year and {number} by the letter's number in that year, "
            "e.g. 斜党联复〔{year}〕{number}号."
        ),
    )
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    telephone = models.CharField(_("telephone"), max_length=50, blank=True)
    copy_to = models.CharField(
        _("copy to"),
        max_length=300,
        blank=True,
        help_text=_("The bodies that receive a copy of each reply letter (抄送)."),
    )

    class Meta(SingletonRules.Meta):
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterhead")

    def __str__(self):
        return str(_("letterhead"))

    def clean(self):
        pattern_check(self.reply_number_pattern)

    def body_name(self, language: str) -> str:
        """The issuing body as printed in a document of the language."""
        if language.startswith("en") and self.issuing_body_english:
            return self.issuing_body_english
        return self.issuing_body

    def reply_number(self, year: int, number: int) -> str:
        return self.reply_number_pattern.format(year=year, number=number)


def pattern_check(pattern: str) -> None:
    """A number pattern holds {number}, may hold {year}, and nothing else in braces."""
    try:
        fields = {
            name for _text, name, _spec, _conv in Formatter().parse(pattern) if name is not None
        }
    except ValueError:
        fields = None
    if fields is None or "number" not in fields or not fields <= {"number", "year"}:
        raise ValidationError(
            {
                "reply_number_pattern": _(
                    "Write the pattern with {number} (the letter's number) and, if wanted, "
                    "{year}; no other braces."
                )
            }
        )


class RowCountDelta(models.Model):
    """One statement's change to a counted table's number of rows, written by the table's
    triggers on PostgreSQL; a table's count is the sum of its deltas (congress_office/
    row_counts.py, decision 263). Never written by the application."""

    table_name = models.CharField(max_length=63)
    delta = models.BigIntegerField()

    class Meta:
        default_permissions = ()
        # A read sums one table's deltas; a fold leaves the rows it summed dead until vacuumed.
        indexes = [models.Index(fields=["table_name"], name="rowcountdelta_table")]

    def __str__(self):
        return f"{self.table_name} {self.delta:+d}"


from .audit_models import SecurityEvent  # noqa: E402, F401 - the security audit trail's model
