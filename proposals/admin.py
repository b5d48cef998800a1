from functools import lru_cache, partial

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from congress_office.admin_filters import FindFilter
from congress_office.admin_helpers import (
    OfficeModelAdmin,
    apply_to_each,
    model_field_names,
    user_name_field,
)
from congress_office.admin_rules import OneRowRulesAdmin
from congress_office.audit_trail import record_export
from congress_office.kept_cells import local_day_text, local_days
from congress_office.kept_list_formset import KeptListFormSet
from congress_office.kept_lists import KeptLists
from congress_office.kept_value_rows import KeptValueRowsAdmin
from congress_office.kept_widgets import KeptWidgets
from congress_office.plain_admin_reads import InlineRowsTogether, PlainObjectRead
from congress_office.roles import Role
from congress_office.row_counts import row_counted
from congress_office.search_count import SearchCountCapped
from congress_office.tabular import table_response
from congress_office.value_rows import ValueRowsAdmin, ValueRowsFormSet, ValueRowsInline
from congress_office.wording import written_date
from congress_office.written_search import WrittenSearch

from . import (  # noqa: F401 - registers the answers' and the contacts' admin
    admin_actions,
    admin_contacts,
    admin_solicitations,
)
from .admin_desk import PROPOSALS_DESK, WORK_LIST_PARAMETER
from .admin_queues import queues_view
from .admin_statistics import statistics_view
from .admin_time_left import HandledByFilter, TimeLeftFilter
from .assignment_list import UnitListPaginator
from .ledger import COLUMNS as LEDGER_COLUMNS
from .ledger import ledger_rows
from .models import (
    Assignment,
    CoSignature,
    HandlingUnit,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    ProposalRules,
)
from .notices import extension_decided_text
from .replies_written import replies_written
from .reply_reads import item_replies
from .selectors import EXTENSION_ASKED, OFFICE_LISTS, OFFICE_QUEUES, office_queue_filter
from .services import extension_decide
from .templatetags.deadlines import time_left_chip
from .time_left import due_soon_share_apply
from .units import unit_set_staff, unit_staff


def staff_choices():
    """The accounts a unit's staff are chosen from: those that hold no role but the units'
    (a new clerk's account holds none). Every delegate's account was offered too, thousands of
    options on the page twice over (decision 173)."""
    users = get_user_model()
    other_role = users.groups.through.objects.filter(user=OuterRef("pk")).exclude(
        group__name=Role.UNIT_STAFF
    )
    return users.objects.filter(is_active=True).exclude(Exists(other_role))


class HandlingUnitForm(forms.ModelForm):
    staff = forms.ModelMultipleChoiceField(
        label=_("Staff"),
        queryset=staff_choices(),
        required=False,
        help_text=_("They will see the items routed to this unit, and nothing else."),
    )

    class Meta:
        model = HandlingUnit
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The unit's staff chosen, on this form's own copy of the field (each form copies its
        # fields): set on the admin's form class, every page copied the class's fields first,
        # and building that class for Django's field names read the staff twice (decision 469).
        if self.instance.pk is not None:
            self.fields["staff"].initial = list(unit_staff(self.instance))


@admin.register(HandlingUnit)
class HandlingUnitAdmin(PlainObjectRead, OfficeModelAdmin):
    form = HandlingUnitForm
    list_display = ["name"]
    # Among the accounts without another role: thousands at a large office (decision 193).
    search_pickers = ["staff"]
    search_fields = ["name"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Membership is a guardian object permission, kept by the service.
        unit_set_staff(unit=form.instance, users=form.cleaned_data["staff"])


class ExtensionAskedFilter(admin.SimpleListFilter):
    title = _("extension")
    parameter_name = "extension"

    def lookups(self, request, model_admin):
        return [("asked", _("Asked, awaiting a decision"))]

    def queryset(self, request, queryset):
        if self.value() == "asked":
            return queryset.filter(EXTENSION_ASKED)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(KeptLists, SearchCountCapped, OfficeModelAdmin):
    """Assignments, and the office's decisions on extensions."""

    list_display = ["proposal", "unit", "role", "round", "deadline", "time_left", "extension_until"]
    list_filter = [ExtensionAskedFilter, ("unit", FindFilter), "role"]
    list_select_related = ["proposal", "unit"]
    # What the list's rows read (decision 330): not the items' long texts, read with each row.
    list_reads = (
        "proposal__number",
        "proposal__title",
        "proposal__status",
        "unit__name",
        "role",
        "round",
        "deadline",
        "amber_on",
        "is_open",
        "extension_until",
    )
    # Printed read-only on the change and history pages: read with the assignment.
    object_select_related = ("proposal", "unit")
    # The items' titles and numbers searched through their index of characters (decision 270),
    # words without case without upper-casing every title (decision 240).
    search_fields = ["proposal__title__indexed_contains", "proposal__number__indexed_contains"]
    actions = ["grant_extension", "refuse_extension"]
    # As on the proposals' list: a filtered or searched page counts what it shows, not also
    # every assignment of the office (a second count over 58,000 rows at 20,000 items).
    show_full_result_count = False
    # One unit's pages read through the indexes, not by hashing every item (decision 321).
    paginator = UnitListPaginator

    def get_queryset(self, request):
        # The unfiltered list reads the kept count, not 290,000 rows (decision 263), and the
        # list by role its role's (decision 320: migration proposals 0024).
        return row_counted(super().get_queryset(request), by=("role",))

    def get_readonly_fields(self, request, obj=None):
        return model_field_names(Assignment)

    @admin.display(description=_("time left"), ordering="deadline")
    def time_left(self, obj):
        if not obj.is_open or obj.proposal.status != Proposal.Status.ASSIGNED:
            # its round is over, it was sent back, or its item is replied and tracked
            return self.get_empty_value_display()
        return time_left_chip(obj.deadline, obj.amber_on)

    # Written once a page for each of the values it shows (decisions 354, 389).
    time_left.shown_by = ("is_open", "proposal.status", "deadline", "amber_on")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _decide(self, request, queryset, grant):
        # Each decision said, as the unit hears it: the decided rows leave the list of
        # requests, which alone did not tell the office that its decision was taken.
        def reported(assignment):
            until = assignment.extension_until  # asked: the decision clears it
            assignment = extension_decide(
                assignment=assignment, grant=grant, decided_by=request.user
            )
            text = extension_decided_text(
                assignment.proposal.title, written_date(until), granted=grant
            )
            self.message_user(request, text, messages.SUCCESS)

        apply_to_each(self, request, queryset, reported)

    @admin.action(description=_("Grant the extension"), permissions=["change"])
    def grant_extension(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Refuse the extension"), permissions=["change"])
    def refuse_extension(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(ProposalCategory)
class ProposalCategoryAdmin(KeptLists, KeptListFormSet, OfficeModelAdmin):
    # Counted once a page, not twice (the paginator's and the full count: decision 452); the
    # editable column's formset class made once (decision 453).
    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(ProposalRules)
class ProposalRulesAdmin(OneRowRulesAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "due_soon_share_percent" in form.changed_data:
            due_soon_share_apply()


class ReadOnlyInline(ValueRowsInline, KeptWidgets, admin.TabularInline):
    extra = 0
    can_delete = False
    # The rows read by a prepared statement, their item the page's own, counted once
    # (decisions 299, 336), written from their objects without a form each (decisions 359,
    # 398).
    formset = ValueRowsFormSet
    # The related objects each row prints, fetched with the rows (one query, any length).
    related = ()
    # Its cells and its rows' words show the row's values, its related rows' (a delegate's
    # and a unit's names, the item's number and title) and an actor's name: each row's markup
    # kept by those (kept_value_rows, decision 535).
    value_rows_kept = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.related)

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CoSignatureInline(ReadOnlyInline):
    model = CoSignature
    related = ("delegate", "proposal")
    fields = ["delegate", "status", "answered_at"]


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    related = ("unit", "proposal")
    fields = [
        "round",
        "unit",
        "role",
        "responsible_person",
        "assigned_on",
        "deadline",
        "sent_back_at",
        "send_back_reason",
    ]


class TimelineInline(ReadOnlyInline):
    model = ProposalEvent
    related = ("actor", "proposal")
    fields = ["at", "action", "status_before", "status_after", "note_shown", "actor_name"]
    actor_name = user_name_field(ProposalEvent, "actor")

    @admin.display(description=ProposalEvent._meta.get_field("note").verbose_name)
    def note_shown(self, event):
        return event.shown_note


class QueueFilter(admin.SimpleListFilter):
    """The office's work queues."""

    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [(name, queue.label) for name, queue in OFFICE_QUEUES.items()]

    def queryset(self, request, queryset):
        if self.value() in OFFICE_QUEUES:
            return queryset.filter(office_queue_filter(self.value(), timezone.localdate()))
        return queryset


class WorkListFilter(admin.SimpleListFilter):
    """The office's further lists, which the desk counts beside the queues."""

    title = _("work list")
    parameter_name = WORK_LIST_PARAMETER

    def lookups(self, request, model_admin):
        return [(name, office_list.label) for name, office_list in OFFICE_LISTS.items()]

    def queryset(self, request, queryset):
        if self.value() in OFFICE_LISTS:
            return queryset.filter(OFFICE_LISTS[self.value()].condition(timezone.localdate()))
        return queryset


STATUS_LABELS = dict(Proposal.Status.choices)
# The columns whose counts by value the items' table keeps (migrations proposals 0026, 0027).
PROPOSAL_COUNTED_BY = ("status", "kind", "source", "term_id", "category_id", "session_id")


@lru_cache(maxsize=64)
def _status_chip(status: str, language: str):
    """A status's chip in the active language (named by `language` in the key), written
    once per process, not once a row (decision 301)."""
    return format_html(
        '<span class="chip chip-proposal-{}">{}</span>', status, STATUS_LABELS[status]
    )


@admin.register(Proposal)
class ProposalAdmin(
    KeptLists,
    KeptValueRowsAdmin,
    ValueRowsAdmin,
    InlineRowsTogether,
    PlainObjectRead,
    SearchCountCapped,
    WrittenSearch,
    OfficeModelAdmin,
):
    """The office's view of every item and its timeline. Every change goes through the
    services (workflow pages come with the rest of the proposals issue). Its list's counts
    that the kept deltas do not answer (by time left, unit, session, a search) run by
    statements written once (`KeptLists`, decision 465)."""

    list_display = [
        "number",
        "title",
        "kind",
        "author",
        "status_chip",
        "lead",
        "deadline",
        "days_left",
        "submitted_on",
    ]
    list_filter = [
        QueueFilter,
        WorkListFilter,
        TimeLeftFilter,
        HandledByFilter,
        "term",
        "status",
        "kind",
        "category",
        ("session", FindFilter),
        "source",
    ]
    actions = [
        admin_actions.accept,
        admin_actions.decline,
        admin_actions.merge,
        admin_actions.route,
        admin_actions.set_deadline,
        admin_actions.remind,
        admin_actions.release_reply,
        admin_actions.return_reply,
        admin_actions.reclassify_reply,
        admin_actions.answered_at_meeting,
    ]
    list_select_related = ["author", "lead_unit"]
    # What the list's rows read (decision 330): the columns, the row's name, the days left.
    list_reads = (
        "number",
        "title",
        "kind",
        "status",
        "author__name",
        "lead_unit__name",
        "lead_deadline",
        "lead_amber_on",
        "submitted_at",
    )
    list_per_page = 50
    # Its rows kept per process by what each shows (decision 587): its cells show the row's
    # values, its author's and lead unit's, the day, the language and the zone, nothing else.
    list_rows_kept = True
    # The page read by its statement written once for the list's filters and order, its rows
    # made without `Model.__init__` (decision 364).
    list_page_kept = True
    # The queues are what the office reads; the count of every item is not worth a query.
    show_full_result_count = False
    # Each column through its index of characters, the author's name by the authors' keys
    # (decision 270): the same rows as `icontains`, found from indexes.
    search_fields = [
        "number__indexed_contains",
        "title__indexed_contains",
        "author__whose_name_contains",
    ]
    inlines = [CoSignatureInline, AssignmentInline, TimelineInline]
    # Every field is shown read-only: the related rows with the item (decision 236).
    object_select_related = (
        "term",
        "session",
        "solicitation_response",
        "category",
        "author",
        "inquired_unit",
        "merged_into",
        "contact",
        "lead_unit",
    )

    def get_queryset(self, request):
        # The unfiltered list reads the kept count, not every item (decision 263), and the
        # list by status, kind, source or term that value's (decision 353: migration
        # proposals 0026).
        return row_counted(super().get_queryset(request), by=PROPOSAL_COUNTED_BY)

    def get_readonly_fields(self, request, obj=None):
        return [*model_field_names(Proposal), "replies"]

    def get_fields(self, request, obj=None):
        # Django's are its form's fields, then the read-only ones: every field is read-only,
        # so its form has none, and building a form class to find so cost each opening about
        # a millisecond (decision 336).
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("Replies"))
    def replies(self, obj):
        """The units' replies and views, what they took in and where the office's review
        stands: the office reads a reply here before releasing it. Written as
        admin/proposals/_replies.html writes them (decision 435)."""
        # Asked twice an opening (the kept fieldset's key, then its markup when it is written:
        # decision 470), read once: the page's object is read anew on every opening.
        shown = obj.__dict__.get("_replies_shown")
        if shown is None:
            shown = obj._replies_shown = replies_written(item_replies(obj.pk))
        return shown

    def get_ordering(self, request):
        # A queue reads in its working order (the overdue one straight from its index).
        queue = OFFICE_QUEUES.get(request.GET.get(QueueFilter.parameter_name))
        return queue.order if queue else super().get_ordering(request)

    def get_urls(self):
        own = [
            path(
                "queues/",
                self.admin_site.admin_view(partial(queues_view, self)),
                name="proposals_proposal_queues",
            ),
            path(
                "ledger/",
                self.admin_site.admin_view(self.ledger_view),
                name="proposals_proposal_ledger",
            ),
            path(
                "statistics/",
                self.admin_site.admin_view(partial(statistics_view, self)),
                name="proposals_proposal_statistics",
            ),
        ]
        return own + super().get_urls()

    @admin.display(description=_("status"), ordering="status")
    def status_chip(self, obj):
        return _status_chip(obj.status, get_language())

    # The rows' cells written once a page for each value they show (decision 354).
    status_chip.shown_by = ("status",)

    @admin.display(description=_("Lead unit"), ordering="lead_unit__name")
    def lead(self, obj):
        return obj.lead_unit or self.get_empty_value_display()

    lead.shown_by = ("lead_unit_id",)

    @admin.display(description=_("Deadline"), ordering="lead_deadline")
    def deadline(self, obj):
        return obj.lead_deadline or self.get_empty_value_display()

    deadline.shown_by = ("lead_deadline",)

    @admin.display(description=_("days left"), ordering="lead_deadline")
    def days_left(self, obj):
        if obj.lead_deadline is None:
            return self.get_empty_value_display()
        return time_left_chip(obj.lead_deadline, obj.lead_amber_on)

    days_left.shown_by = ("lead_deadline", "lead_amber_on")

    @admin.display(description=_("submitted on"), ordering="submitted_at")
    def submitted_on(self, obj):
        # the day, as a ledger keeps it: the time beside it pushed the column off the page
        if obj.submitted_at is None:
            return self.get_empty_value_display()
        return local_day_text(obj.submitted_at)

    def _submitted_days(self):
        # The column's function for one page's rows: the kept days of the page's language and
        # time zone found once, not once a row (decision 467).
        empty, day_text = self.get_empty_value_display(), local_days()
        return lambda obj: empty if obj.submitted_at is None else day_text(obj.submitted_at)

    submitted_on.for_page = _submitted_days

    def ledger_view(self, request):
        """The ledger (台账) of exactly the items the change list shows with the same filters,
        search and order, all pages of it, as an Excel workbook."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        request.GET = request.GET.copy()
        request.GET.pop("p", None)  # every page
        items = self.get_changelist_instance(request).queryset
        record_export(request, what="ledger", file_format="xlsx")
        return table_response(
            filename=f"proposals-ledger-{timezone.localdate():%Y-%m-%d}",
            file_format="xlsx",
            header=LEDGER_COLUMNS,
            rows=ledger_rows(items, timezone.localdate()),
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register_desk_part(PROPOSALS_DESK)
