"""Preparing elections in the admin: the term's election rules, and each election with its
candidates and scrutineers; the formal list approved by an action."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import (
    OfficeModelAdmin,
    SafeAutocomplete,
    apply_to_each,
    user_name_field,
)
from congress_office.wording import labelled

from ..elections import candidates_approve, scrutineers_check
from ..models import Candidate, Election, ElectionRule, ElectionStatusChange, Scrutineer
from .choices import limit_to_session, session_of
from .election_actions import (
    announce_result,
    download_results_csv,
    download_results_pdf,
    download_results_xlsx,
    print_ballots,
)


@admin.register(ElectionRule)
class ElectionRuleAdmin(OfficeModelAdmin):
    list_display = [
        "term",
        "fills",
        "by_election",
        "margin_percent",
        "equal_number_allowed",
        "write_ins_allowed",
        "on_tie",
        "on_unfilled",
    ]
    list_filter = ["term"]
    list_select_related = ["term"]


class _WhilePreparing:
    """Rows that can change only until the formal list is approved."""

    def _preparing(self, obj):
        return obj is None or obj.status == Election.Status.PREPARING

    def has_add_permission(self, request, obj=None):
        return self._preparing(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._preparing(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._preparing(obj) and super().has_delete_permission(request, obj)


class CandidateInline(_WhilePreparing, SafeAutocomplete, admin.StackedInline):
    model = Candidate
    extra = 0
    fields = [("name", "delegate"), ("post", "nominated_by"), "discussion", ("formal", "order")]
    autocomplete_fields = ["delegate"]


class ScrutineerInline(_WhilePreparing, SafeAutocomplete, admin.TabularInline):
    model = Scrutineer
    extra = 0
    fields = ["delegate", "chief"]
    autocomplete_fields = ["delegate"]


class StatusChangeInline(admin.TabularInline):
    model = ElectionStatusChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ["at", "status_before", "status_after", "actor_name"]
    actor_name = user_name_field(ElectionStatusChange, "actor")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False


class ElectionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_session(self, ["agenda_item"], session_of(self))


@admin.register(Election)
class ElectionAdmin(OfficeModelAdmin):
    form = ElectionForm
    list_display = ["title", "session", "fills", "seats", "method", "status"]
    list_filter = ["session", "status"]
    list_select_related = ["session"]
    search_fields = ["title", "candidates__name"]
    fields = [
        "session",
        "agenda_item",
        "title",
        "fills",
        "body",
        "by_election",
        "seats",
        "method",
        "status",
    ]
    readonly_fields = ["status"]
    inlines = [CandidateInline, ScrutineerInline, StatusChangeInline]
    actions = [
        "approve_formal_list",
        print_ballots,
        download_results_pdf,
        download_results_csv,
        download_results_xlsx,
        announce_result,
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Election.Status.PREPARING:
            return self.fields  # what the approved list was judged against stays as it was
        return self.readonly_fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        scrutineers_check(election=form.instance)

    @admin.action(description=_("Approve the formal list of candidates"))
    def approve_formal_list(self, request, queryset):
        def approve(election):
            done = candidates_approve(election=election, approved_by=request.user)
            self.message_user(request, labelled(done, done.get_status_display()), messages.SUCCESS)

        apply_to_each(self, request, queryset, approve)
