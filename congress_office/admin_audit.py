"""The security audit trail in the admin: the auditor's page (decision 228). Read, searched
(by user, event, dates, address, text) and exported as CSV or Excel; never added to, changed
or removed here, by anyone, superusers included. Each export is itself recorded."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .admin_helpers import OfficeModelAdmin
from .audit_filters import export_filter_facts
from .audit_models import SecurityEvent
from .audit_trail import security_event_record
from .audit_wording import event_about, event_details
from .tabular import table_response


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


@admin.register(SecurityEvent)
class SecurityEventAdmin(OfficeModelAdmin):
    list_display = ["at", "kind", "who", "from_address", "about", "what"]
    list_filter = ["kind", ("at", DateRangeFilter)]
    search_fields = ["username", "target", "address", "details_text"]
    search_help_text = gettext_lazy(
        "Search by user name, address, or any word of what it was about and its details."
    )
    list_per_page = 50
    show_full_result_count = False
    actions = None
    fields = ["at", "kind", "username", "address", "about", "target_type", "target_id", "what"]
    readonly_fields = fields

    def get_queryset(self, request):
        # `details_text` is only searched, never read: an alias, not a selected column.
        return super().get_queryset(request).alias(details_text=Cast("details", TextField()))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("user"), ordering="username")
    def who(self, obj):
        if not obj.username:
            return self.get_empty_value_display()
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
