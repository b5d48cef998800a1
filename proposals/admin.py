from django.contrib import admin

from .models import (
    Assignment,
    CoSignature,
    HandlingUnit,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    ProposalRules,
)


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["staff"]


@admin.register(ProposalCategory)
class ProposalCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(ProposalRules)
class ProposalRulesAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not ProposalRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CoSignatureInline(ReadOnlyInline):
    model = CoSignature
    fields = ["delegate", "status", "answered_at"]


class AssignmentInline(ReadOnlyInline):
    model = Assignment
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
    fields = ["at", "action", "status_before", "status_after", "note", "actor"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """The office's view of every item and its timeline. Every change goes through the
    services (workflow pages come with the rest of the proposals issue)."""

    list_display = ["number", "title", "kind", "author", "category", "status", "submitted_at"]
    list_filter = ["term", "status", "kind", "category", "session", "source"]
    list_select_related = ["author", "category"]
    search_fields = ["number", "title", "author__name"]
    inlines = [CoSignatureInline, AssignmentInline, TimelineInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Proposal._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
