from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress_office.admin_helpers import OfficeModelAdmin, SafeAutocomplete, user_name_field
from congress_office.admin_rules import OneRowRulesAdmin
from congress_office.kept_form_classes import KeptFormClass, KeptFormSetClass
from congress_office.kept_lists import KeptListChangeList, KeptLists
from congress_office.kept_widgets import KeptWidgets

from ..activity_counts import participants_counted, with_participant_count
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


class ActivityChangeList(KeptListChangeList):
    """The activities' list, its rows counted with their participants only when the list is
    sorted by that count (decisions 220, 423)."""

    _participants_annotated = False

    def get_queryset(self, request, exclude_parameters=None):
        if not self._participants_annotated and ORDER_VAR in self.params:
            ordering = self.get_ordering(request, self.root_queryset)
            if any(str(name).lstrip("-") == "participant_count" for name in ordering):
                self.root_queryset = with_participant_count(self.root_queryset)
                self._participants_annotated = True
        return super().get_queryset(request, exclude_parameters)


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

    def get_changelist(self, request, **kwargs):
        return ActivityChangeList

    @admin.display(description=_("Participants"), ordering="participant_count")
    def participant_count(self, obj):
        return obj.participant_count

    # The cell shown once a page for each count (decision 354): a few counts come back row
    # after row, each localized (`number_format`) a cell.
    participant_count.shown_by = ("participant_count",)

    def list_rows_read(self, request, rows):
        """Each activity's participants, counted for the page's activities alone (decision
        423): as an annotation of the list's queryset, every count of the list and each
        filter's counts were written with the subquery, and the page could not be kept."""
        if isinstance(rows, QuerySet) and "participant_count" in rows.query.annotations:
            return  # the list sorted by the count: read with the rows
        counted = participants_counted([activity.pk for activity in rows])
        for activity in rows:
            activity.participant_count = counted.get(activity.pk, 0)

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
