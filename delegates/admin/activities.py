from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress_office.admin_helpers import OfficeModelAdmin, SafeAutocomplete, user_name_field
from congress_office.admin_rules import OneRowRulesAdmin
from congress_office.kept_form_classes import KeptFormClass, KeptFormSetClass
from congress_office.kept_lists import KeptLists
from congress_office.kept_widgets import KeptWidgets

from ..models import Activity, ActivityParticipation, Assessment, Award, ReceptionRule, Term
from ..services import reception_days_schedule
from .filters import KeptFindFilter


class ActivityParticipationInline(
    KeptFormSetClass, KeptWidgets, SafeAutocomplete, admin.TabularInline
):
    model = ActivityParticipation
    autocomplete_fields = ["delegate"]
    # One row ready, more by "Add another": each empty row is a delegate picker that costs
    # the add page as much as its other fields together (decision 194).
    extra = 1


class ReceptionScheduleForm(forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    place = forms.CharField(label=_("Place"), max_length=200)


@admin.register(Activity)
class ActivityAdmin(KeptLists, KeptFormClass, OfficeModelAdmin):
    list_display = ["date", "kind", "topic", "place", "delegation", "term", "participant_count"]
    list_filter = ["term", "kind", ("delegation", KeptFindFilter)]
    list_select_related = ["term", "delegation"]
    # What the list's rows read (decision 330): not the outcome's text, nor the term's and the
    # delegation's other columns.
    list_reads = ("date", "kind", "topic", "place", "delegation__name", "term__name")
    search_fields = ["topic", "place"]
    date_hierarchy = "date"
    inlines = [ActivityParticipationInline]

    def get_queryset(self, request):
        # A count of each row's participants by subquery, not by grouping the list's rows:
        # grouped, every count of the list (its total, the filters' counts, the dates) had to
        # group every activity with its participants first (decision 220).
        participants = (
            ActivityParticipation.objects.filter(activity=OuterRef("pk"))
            .order_by()
            .values("activity")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(participant_count=Coalesce(Subquery(participants), 0))
        )

    @admin.display(description=_("Participants"), ordering="participant_count")
    def participant_count(self, obj):
        return obj.participant_count

    def get_urls(self):
        own = [
            path(
                "reception-days/",
                self.admin_site.admin_view(self.reception_days_view),
                name="delegates_activity_reception_days",
            ),
        ]
        return own + super().get_urls()

    def reception_days_view(self, request):
        """Schedule a year's reception days by the office's rule and working-day calendar."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReceptionScheduleForm(
            request.POST or None, initial={"year": timezone.localdate().year}
        )
        if request.method == "POST" and form.is_valid():
            created = reception_days_schedule(**form.cleaned_data)
            self.message_user(
                request,
                ngettext(
                    "Scheduled %(n)d reception day.",
                    "Scheduled %(n)d reception days.",
                    len(created),
                )
                % {"n": len(created)},
                messages.SUCCESS,
            )
            return redirect("admin:delegates_activity_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Schedule reception days"),
            "opts": self.model._meta,
            "form": form,
            "rule": ReceptionRule.current(),
        }
        return TemplateResponse(request, "admin/delegates/reception_days.html", context)


@admin.register(ReceptionRule)
class ReceptionRuleAdmin(OneRowRulesAdmin):
    pass


@admin.register(Assessment)
class AssessmentAdmin(KeptLists, OfficeModelAdmin):
    list_display = ["year", "delegate", "rating", "assessed_by_name"]
    list_filter = ["year", "rating", "delegate__term", ("delegate__delegation", KeptFindFilter)]
    list_select_related = ["delegate", "assessed_by"]
    search_fields = ["delegate__name"]
    autocomplete_fields = ["delegate"]
    exclude = ["assessed_by"]  # set to the user saving (save_model)
    readonly_fields = ["assessed_by_name"]
    assessed_by_name = user_name_field(Assessment, "assessed_by")

    def save_model(self, request, obj, form, change):
        obj.assessed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Award)
class AwardAdmin(KeptLists, OfficeModelAdmin):
    list_display = ["year", "kind", "delegate", "delegation", "term"]
    list_filter = ["year", "kind", "term"]
    list_select_related = ["delegate", "delegation", "term"]
    search_fields = ["delegate__name", "delegation__name"]
    autocomplete_fields = ["delegate", "delegation"]
