from django import forms
from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from congress_office import kept_inline_rows
from congress_office.admin_filters import FindFilter
from congress_office.admin_helpers import (
    OfficeModelAdmin,
    SafeAutocomplete,
    apply_to_each,
    user_name_field,
)
from congress_office.audit_trail import record_export
from congress_office.kept_form_classes import KeptFormClass, KeptFormSetClass
from congress_office.kept_lists import KeptLists
from congress_office.kept_widgets import KeptWidgets
from congress_office.plain_admin_reads import PlainObjectRead, PlainRowsFormSet
from congress_office.tabular import table_response
from congress_office.wording import labelled

from ..models import (
    AgendaDocument,
    AgendaItem,
    AgendaOutcomeChange,
    Committee,
    Session,
    SessionDocument,
    Sitting,
    VotingRule,
)
from ..services import (
    agenda_document_add,
    agenda_item_set_outcome,
    session_advance,
    session_document_request,
)
from . import committee_rows, session_reads
from .choices import choices_at_once, filter_box_kept, limit_to_session


class SittingInline(KeptFormSetClass, KeptWidgets, admin.TabularInline):  # decision 317
    model = Sitting
    extra = 0
    fields = ["date", "part", "links"]
    readonly_fields = ["links"]
    # Shown, the rows read by a statement written once (decision 298); none for a session
    # being added, known without writing a statement (decisions 336, 343).
    formset = session_reads.KeptRowsShownFormSet  # decision 404
    empty_row_kept = True  # a new sitting's links read no row: "—" (decision 370)
    rows_kept = True  # its links read its key alone (decision 404)
    rows_words_own = True  # its date and part of the day, in the page's language (decision 506)

    @admin.display(description=_("Attendance"))
    def links(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("sessions:check_in", args=[obj.pk]),
            _("Check-in"),
            reverse("sessions:live_attendance", args=[obj.pk]),
            _("Live attendance"),
        )


class AgendaItemInline(KeptFormSetClass, KeptWidgets, admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "kind", "title", "presenter", "delivery", "outcome"]
    readonly_fields = ["outcome"]  # set by votes, or by the actions on the agenda list
    formset = session_reads.KeptRowsShownFormSet  # as the sittings'
    empty_row_kept = True  # a new item's outcome is its default (decision 370)
    rows_kept = True  # its outcome is its own value (decision 404)


class CommitteeInline(KeptFormSetClass, KeptWidgets, SafeAutocomplete, admin.TabularInline):
    model = Committee
    extra = 0
    # Named, as Django would find them: otherwise the admin builds the rows' form class once
    # more on every opening of the session's page just to list its fields (decision 268).
    fields = ["kind", "name", "chair", "members"]
    autocomplete_fields = ["chair", "members"]
    # Shown, the rows and their members are read by two statements written once (decision 298).
    formset = session_reads.CommitteeRowsFormSet
    empty_row_kept = True  # no read-only field; its pickers show no row empty (decision 370)
    rows_kept = True  # by its values and its pickers' chosen rows (decision 487)
    rows_words_own = True  # its name, or its kind in the page's language (decision 506)

    def get_queryset(self, request):
        # Each committee's members, read for all the committees at once rather than one
        # query per committee when its form reads its initial values (decision 236).
        return super().get_queryset(request).prefetch_related("members")


class SessionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None:
            # Its presidium and invited attendees (the initial values) by statements written
            # once, not by the ORM on every opening (decision 342).
            session_reads.with_people_read(instance)
        super().__init__(*args, **kwargs)
        # The terms and the invited attendees read at once, not through a cursor on the server (its
        # three round trips, decision 276): the same options (decision 298).
        choices_at_once(self, ["term", "invited_attendees"])
        filter_box_kept(self, "invited_attendees")  # its markup kept by its rows (decision 440)
        if instance is not None and not self.is_bound:  # shown, not posted (decision 487)
            committee_rows.shown_by(instance, self)  # its pickers read with the rows'


@admin.register(Session)
class SessionAdmin(KeptLists, KeptFormClass, PlainObjectRead, OfficeModelAdmin):
    form = SessionForm
    list_display = ["name", "term", "start_date", "venue", "status"]
    list_filter = ["term", "status"]
    list_select_related = ["term"]
    # What the list's rows read (decision 330): a session's long texts are not shown.
    list_reads = ("name", "term__name", "start_date", "venue", "status")
    search_fields = ["name", "venue"]
    readonly_fields = ["status", "printing", "voting"]
    object_select_related = ("term",)  # shown read-only on the change page
    autocomplete_fields = ["secretary_general", "presidium"]
    filter_horizontal = ["invited_attendees"]
    # Its fieldset kept by what it shows, its pickers and box written each time (decision
    # 505): its own read-only methods named here show its columns and addresses alone (its
    # key, its language; decision 607), any other is written each time.
    fieldset_kept = True
    fieldset_own_methods = ("printing", "voting")
    inlines = [SittingInline, AgendaItemInline, CommitteeInline]
    actions = [
        "advance_status",
        "generate_report",
        "export_attendance_csv",
        "export_attendance_xlsx",
    ]
    fields = [
        "term",
        "ordinal",
        "name",
        "start_date",
        "end_date",
        "venue",
        "status",
        "printing",
        "voting",
        "secretary_general",
        "presidium",
        "invited_attendees",
    ]

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        # Its sittings', items' and committees' rows kept from earlier pages held, their
        # forms not made (decisions 404 and 487).
        made = super().get_inline_formsets(request, formsets, inline_instances, obj)
        committee_rows.read_chosen(made, obj)  # the committees' pickers' rows (decision 487)
        kept_inline_rows.hold(made)
        return made

    def get_readonly_fields(self, request, obj=None):
        # Its attendance, votes, items and evaluations belong to its term: it never moves.
        return [*self.readonly_fields, "term"] if obj else self.readonly_fields

    @admin.display(description=_("Printed documents"))
    def printing(self, obj):
        if not obj.pk:
            return "—"
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (reverse("sessions:printed_document", args=[obj.pk, kind]), label)
                for kind, label in SessionDocument.Kind.choices
            ),
        )

    @admin.display(description=_("Votes"))
    def voting(self, obj):
        if not obj.pk:
            return "—"
        # The record page offers this session's sittings, items and resolutions only.
        return format_html(
            '<a href="{}?session={}">{}</a> · <a href="{}?session__id__exact={}">{}</a>',
            reverse("admin:congress_sessions_vote_record"),
            obj.pk,
            _("Record a vote"),
            reverse("admin:congress_sessions_vote_changelist"),
            obj.pk,
            _("The session's votes"),
        )

    @admin.action(description=_("Move to the next status"), permissions=["change"])
    def advance_status(self, request, queryset):
        def reported(session):
            session = session_advance(session=session, changed_by=request.user)
            self.message_user(
                request, labelled(session, session.get_status_display()), messages.SUCCESS
            )

        apply_to_each(self, request, queryset, reported)

    @admin.action(description=_("Generate the session report"), permissions=["view"])
    def generate_report(self, request, queryset):
        for session in queryset:
            session_document_request(session=session, kind=SessionDocument.Kind.REPORT)
        self.message_user(
            request,
            format_html_join(
                " · ",
                '<a href="{}">{}</a>',
                (
                    (reverse("sessions:printed_document", args=[s.pk, "report"]), s.name)
                    for s in queryset
                ),
            ),
            messages.SUCCESS,
        )

    @admin.action(description=_("Export attendance to CSV"), permissions=["view"])
    def export_attendance_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export attendance to XLSX"), permissions=["view"])
    def export_attendance_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    def _export(self, request, queryset, file_format):
        from ..selectors import attendance_rows

        header, rows = attendance_rows(queryset)
        record_export(request, what="attendance", file_format=file_format)
        return table_response(
            filename="attendance", file_format=file_format, header=header, rows=rows
        )


class AgendaDocumentForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_session(self, ["item"], None)  # every session's items, each named with it


@admin.register(AgendaDocument)
class AgendaDocumentAdmin(OfficeModelAdmin):
    form = AgendaDocumentForm
    list_display = ["title", "item", "content_type", "size", "uploaded_at"]
    list_select_related = ["item__session"]
    list_filter = [("item__session", FindFilter)]
    readonly_fields = ["download"]
    autocomplete_fields = ["item"]

    def get_fields(self, request, obj=None):
        # A stored document is reached through the download that checks its reader, never by
        # its storage URL (which nothing serves).
        return ["item", "title", "file"] if obj is None else ["item", "title", "download"]

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("sessions:document_download", args=[obj.pk]),
            _("Download the document"),
        )

    def has_add_permission(self, request):
        return False  # uploaded on a page of its own (upload_view), through the service

    def has_change_permission(self, request, obj=None):
        return False  # documents are replaced by uploading again, never edited

    def get_urls(self):
        own = [
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="congress_sessions_agendadocument_upload",
            ),
        ]
        return own + super().get_urls()

    def upload_view(self, request):
        """The service checks the file by its content and stores it."""
        return self.service_form_view(
            request,
            title=_("Upload a document"),
            call=lambda data: agenda_document_add(
                item=data["item"],
                uploaded_file=data["file"],
                title=data["title"],
                uploaded_by=request.user,
            ),
            success=lambda data: _("“%(title)s” is uploaded.") % {"title": data["title"]},
        )


class OutcomeChangeInline(KeptFormSetClass, KeptWidgets, admin.TabularInline):
    model = AgendaOutcomeChange
    formset = PlainRowsFormSet  # the rows read by a prepared statement (decision 299)
    fields = ["at", "outcome_before", "outcome_after", "actor_name"]
    readonly_fields = fields
    actor_name = user_name_field(AgendaOutcomeChange, "actor")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(AgendaItem)
class AgendaItemAdmin(KeptLists, KeptFormClass, PlainObjectRead, OfficeModelAdmin):
    list_display = ["__str__", "session", "kind", "outcome"]
    list_select_related = ["session"]
    # What the list's rows read (decision 330): not the outcome in words (decision 388).
    list_reads = ("order", "title", "session__name", "kind", "outcome")
    list_filter = [("session", FindFilter), "kind", "outcome"]
    search_fields = ["title"]
    readonly_fields = ["outcome"]
    inlines = [OutcomeChangeInline]
    actions = ["mark_done", "mark_adopted", "mark_not_adopted"]

    def _set(self, request, queryset, outcome):
        apply_to_each(
            self,
            request,
            queryset,
            lambda item: agenda_item_set_outcome(
                item=item, outcome=outcome, changed_by=request.user
            ),
        )

    @admin.action(description=_("Mark as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._set(request, queryset, AgendaItem.Outcome.DONE)

    @admin.action(description=_("Mark as adopted"), permissions=["change"])
    def mark_adopted(self, request, queryset):
        self._set(request, queryset, AgendaItem.Outcome.ADOPTED)

    @admin.action(description=_("Mark as not adopted"), permissions=["change"])
    def mark_not_adopted(self, request, queryset):
        self._set(request, queryset, AgendaItem.Outcome.NOT_ADOPTED)


@admin.register(VotingRule)
class VotingRuleAdmin(OfficeModelAdmin):
    list_display = ["term", "matter", "in_words"]
    list_filter = ["term"]
    list_select_related = ["term"]
    object_select_related = ("term",)  # the page's title names the rule by its term

    @admin.display(description=_("Rule"))
    def in_words(self, rule):
        return rule.describe()
