from django.contrib import admin

from ..models import Activity, ActivityParticipation, Assessment, Award, ReceptionRule


class ActivityParticipationInline(admin.TabularInline):
    model = ActivityParticipation
    autocomplete_fields = ["delegate"]
    extra = 3


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "topic", "place", "delegation", "term"]
    list_filter = ["term", "kind", "delegation"]
    list_select_related = ["term", "delegation"]
    search_fields = ["topic", "place"]
    date_hierarchy = "date"
    inlines = [ActivityParticipationInline]


@admin.register(ReceptionRule)
class ReceptionRuleAdmin(admin.ModelAdmin):
    list_display = ["rule", "day_of_month"]

    def has_add_permission(self, request):
        # One rule for the office: the row is created with the defaults when first read.
        return not ReceptionRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["year", "delegate", "rating", "assessed_by"]
    list_filter = ["year", "rating", "delegate__term", "delegate__delegation"]
    list_select_related = ["delegate", "assessed_by"]
    search_fields = ["delegate__name"]
    autocomplete_fields = ["delegate"]
    readonly_fields = ["assessed_by"]

    def save_model(self, request, obj, form, change):
        obj.assessed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["year", "kind", "delegate", "delegation", "term"]
    list_filter = ["year", "kind", "term"]
    list_select_related = ["delegate", "delegation", "term"]
    search_fields = ["delegate__name", "delegation__name"]
    autocomplete_fields = ["delegate", "delegation"]
