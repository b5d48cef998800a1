import copy
from functools import partial

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import (
    OfficeModelAdmin,
    apply_to_each,
    model_field_names,
    user_name_field,
)

from . import admin_actions
from .admin_queues import queues_view
from .admin_statistics import statistics_view
from .models import (
    Assignment,
    CoSignature,
    HandlingUnit,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    ProposalRules,
)
from .selectors import OFFICE_QUEUES, office_queue_filter
from .services import extension_decide
from .units import unit_set_staff, unit_staff


class HandlingUnitForm(forms.ModelForm):
    staff = forms.ModelMultipleChoiceField(
        label=_("Staff"),
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        widget=FilteredSelectMultiple(_("staff"), is_stacked=False),
        help_text=_("They will see the items routed to this unit, and nothing else."),
    )

    class Meta:
        model = HandlingUnit
        fields = ["name"]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(OfficeModelAdmin):
    form = HandlingUnitForm
    list_display = ["name"]
    search_fields = ["name"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # This page's own copies of the fields: the declared ones are shared by every page, and
        # another page's initial choices must not show up on this one (an add page, say).
        form.base_fields = copy.deepcopy(form.base_fields)
        if obj is not None:
            form.base_fields["staff"].initial = list(unit_staff(obj))
        return form

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
            return queryset.filter(extension_until__isnull=False)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(OfficeModelAdmin):
    """Assignments, and the office's decisions on extensions."""

    list_display = ["proposal", "unit", "role", "round", "deadline", "extension_until"]
    list_filter = [ExtensionAskedFilter, "unit", "role"]
    list_select_related = ["proposal", "unit"]
    search_fields = ["proposal__title", "proposal__number"]
    actions = ["grant_extension", "refuse_extension"]

    def get_readonly_fields(self, request, obj=None):
        return model_field_names(Assignment)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _decide(self, request, queryset, grant):
        apply_to_each(
            self,
            request,
            queryset,
            lambda assignment: extension_decide(
                assignment=assignment, grant=grant, decided_by=request.user
            ),
        )

    @admin.action(description=_("Grant the extension"), permissions=["change"])
    def grant_extension(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description=_("Refuse the extension"), permissions=["change"])
    def refuse_extension(self, request, queryset):
        self._decide(request, queryset, False)


@admin.register(ProposalCategory)
class ProposalCategoryAdmin(OfficeModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(ProposalRules)
class ProposalRulesAdmin(OfficeModelAdmin):
    def has_add_permission(self, request):
        return not ProposalRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    # The related objects each row prints, fetched with the rows (one query, any length).
    related = ()

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
    fields = ["at", "action", "status_before", "status_after", "note", "actor_name"]
    actor_name = user_name_field(ProposalEvent, "actor")


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


@admin.register(Proposal)
class ProposalAdmin(OfficeModelAdmin):
    """The office's view of every item and its timeline. Every change goes through the
    services (workflow pages come with the rest of the proposals issue)."""

    list_display = ["number", "title", "kind", "author", "category", "status", "submitted_at"]
    list_filter = [QueueFilter, "term", "status", "kind", "category", "session", "source"]
    actions = [
        admin_actions.accept,
        admin_actions.decline,
        admin_actions.merge,
        admin_actions.route,
        admin_actions.set_deadline,
        admin_actions.remind,
    ]
    list_select_related = ["author", "category"]
    list_per_page = 50
    # The queues are what the office reads; the count of every item is not worth a query.
    show_full_result_count = False
    search_fields = ["number", "title", "author__name"]
    inlines = [CoSignatureInline, AssignmentInline, TimelineInline]

    def get_readonly_fields(self, request, obj=None):
        return model_field_names(Proposal)

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
                "statistics/",
                self.admin_site.admin_view(partial(statistics_view, self)),
                name="proposals_proposal_statistics",
            ),
        ]
        return own + super().get_urls()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
