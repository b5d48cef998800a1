"""The security audit trail in the admin: the auditor's page (decision 228). Read, searched
(by user, event, dates, address, text) and exported as CSV or Excel; never added to, changed
or removed here, by anyone, superusers included. Each export is itself recorded."""

import datetime

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .admin_helpers import OfficeModelAdmin
from .audit_filters import export_filter_facts
from .audit_models import SecurityEvent, TrailText
from .audit_trail import security_event_record
from .audit_wording import event_about, event_details
from .tabular import table_response

# The trail's list counts its entries up to this many: counting every entry of 180 days of a
# busy office (500,000) cost five trivial pages; beyond, it says "more than" (decision 257).
COUNT_CAP = 10_000


class CappedCount(Paginator):
    """Counts at most `COUNT_CAP` + 1 entries (`more` says there are others) and pages over
    the first `COUNT_CAP`; the auditor narrows by dates, user or event for older ones, and
    an export holds every entry the filters match."""

    more = False
    cap = None  # COUNT_CAP, unless a subclass counts to its own (a searched list's, decision 271)

    @cached_property
    def count(self):
        cap = COUNT_CAP if self.cap is None else self.cap
        counted = self.object_list.order_by()[: cap + 1].count()  # no sort to count
        self.more = counted > cap
        return min(counted, cap)


class DateRangeFilter(admin.FieldListFilter):
    """From and to dates (both included), typed in a small form in the filter panel."""

    template = "admin/congress_office/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.since = f"{field_path}__date__gte"
        self.until = f"{field_path}__date__lte"
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = gettext_lazy("dates")

    def expected_parameters(self):
        return [self.since, self.until]

    def queryset(self, request, queryset):
        """From the first moment of the first day to before the first moment of the day after
        the last, in the office's time zone: a range the index on the time answers (the
        dates' own lookups convert every entry's time to a date first)."""
        bounds = {}
        try:
            if since := self._typed(self.since):
                bounds[f"{self.field_path}__gte"] = _day_start(since)
            if until := self._typed(self.until):
                bounds[f"{self.field_path}__lt"] = _day_start(until, days=1)
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error
        return queryset.filter(**bounds)

    def _typed(self, name: str) -> str:
        value = self.used_parameters.get(name)
        return value[-1] if isinstance(value, list) and value else value

    def chosen_words(self) -> str:
        """The dates chosen, as the trail words an export's filters (decision 256)."""
        since, until = (self._typed(name) for name in (self.since, self.until))
        if since and until:
            return _("%(since)s to %(until)s") % {"since": since, "until": until}
        if since:
            return _("from %(since)s") % {"since": since}
        return _("until %(until)s") % {"until": until}

    def choices(self, changelist):
        # One "choice": what the form needs (the current values, the other parameters kept).
        kept = {
            key: value
            for key, value in changelist.params.items()
            if key not in (self.since, self.until, "p")
        }
        yield {
            "selected": False,
            "since_name": self.since,
            "until_name": self.until,
            "since": changelist.params.get(self.since, ""),
            "until": changelist.params.get(self.until, ""),
            "kept": kept.items(),
            "clear": changelist.get_query_string(remove=[self.since, self.until]),
            "display": "",
            "query_string": "",
        }


def _day_start(day: str, days: int = 0) -> datetime.datetime:
    start = datetime.date.fromisoformat(day) + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))


@admin.register(SecurityEvent)
class SecurityEventAdmin(OfficeModelAdmin):
    list_display = ["at", "kind", "who", "from_address", "about", "what"]
    list_filter = ["kind", ("at", DateRangeFilter)]
    # One expression of the entry's words, so that one trigram index answers (decision 257).
    search_fields = ["words"]
    search_help_text = gettext_lazy(
        "Search by user name, address, or any word of what it was about and its details."
    )
    list_per_page = 50
    show_full_result_count = False
    actions = None
    fields = ["at", "kind", "who", "address", "about", "target_type", "target_id", "what"]
    readonly_fields = fields

    def get_queryset(self, request):
        # `words` is only searched, never read: an alias, not a selected column.
        return super().get_queryset(request).alias(words=TrailText())

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        return CappedCount(queryset, per_page, orphans, allow_empty_first_page)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("user"), ordering="username")
    def who(self, obj):
        if not obj.username:
            if obj.address:  # a request without an account, e.g. a sign-in with no name
                return self.get_empty_value_display()
            # Neither an account nor an address: no request did it, the application did
            # (a command such as migrate or demo_data, a scheduled task).
            return format_html(
                '<span title="{}">{}</span>',
                _("Done by the application itself: a command or a scheduled task, no account"),
                _("System"),
            )
        return format_html('<a href="?username__exact={0}">{0}</a>', obj.username)

    @admin.display(description=gettext_lazy("address"), ordering="address")
    def from_address(self, obj):
        if not obj.address:
            return self.get_empty_value_display()
        return format_html('<a href="?address__exact={0}">{0}</a>', obj.address)

    @admin.display(description=gettext_lazy("about"), ordering="target")
    def about(self, obj):
        return event_about(obj) or self.get_empty_value_display()

    @admin.display(description=gettext_lazy("details"))
    def what(self, obj):
        return format_html_join("", "<div>{}</div>", ((line,) for line in event_details(obj)))

    def get_urls(self):
        export = path(
            "export/<str:file_format>/",
            self.admin_site.admin_view(self.export_view),
            name="congress_office_securityevent_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request, file_format):
        """The entries the list shows with the same filters and search, every page, as a
        table; the export is recorded before the file is written."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise Http404
        request.GET = request.GET.copy()
        request.GET.pop("p", None)
        events = list(self.get_changelist_instance(request).queryset)
        security_event_record(
            kind=SecurityEvent.Kind.TRAIL_EXPORTED,
            request=request,
            target_text=_("The security audit trail"),
            details={
                "what": "trail",
                "format": file_format,
                "rows": len(events),
                **export_filter_facts(request, "trail"),
            },
        )
        header = [_("when"), _("event"), _("user"), _("address"), _("about"), _("details")]
        rows = (
            [
                timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"),
                event.get_kind_display(),
                event.username,
                event.address or "",
                event_about(event),
                "; ".join(event_details(event)),
            ]
            for event in events
        )
        stamp = timezone.localdate().isoformat()
        return table_response(
            filename=f"security-audit-{stamp}", file_format=file_format, header=header, rows=rows
        )
