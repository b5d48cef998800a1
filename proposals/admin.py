from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import (
    Assignment,
    CoSignature,
    HandlingUnit,
    Proposal,
    ProposalCategory,
    ProposalEvent,
    ProposalRules,
)
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
class HandlingUnitAdmin(admin.ModelAdmin):
    form = HandlingUnitForm
    list_display = ["name"]
    search_fields = ["name"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form.base_fields["staff"].initial = list(unit_staff(obj))
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Membership is a guardian object permission, kept by the service.
        unit_set_staff(unit=form.instance, users=form.cleaned_data["staff"])


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
