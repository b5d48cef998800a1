from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Delegate, Delegation, ElectoralUnit, Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "start_date", "end_date", "seats"]
    list_filter = ["level"]
    search_fields = ["name"]


@admin.register(ElectoralUnit)
class ElectoralUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "term", "seats"]
    list_filter = ["term"]
    list_select_related = ["term"]
    search_fields = ["name"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["name", "term", "leader"]
    list_filter = ["term"]
    list_select_related = ["term", "leader"]
    search_fields = ["name"]
    autocomplete_fields = ["leader"]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["name", "gender", "work_unit", "post", "delegation", "electoral_unit", "term"]
    list_filter = ["term", "delegation", "gender", "occupation", "education"]
    list_select_related = ["term", "delegation", "electoral_unit"]
    search_fields = ["name", "work_unit", "phone"]
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["term", "name", "gender", "ethnicity", "birth_date"]}),
        (_("Background"), {"fields": ["education", "occupation", "work_unit", "post"]}),
        (_("Contact"), {"fields": ["phone", "email", "user"]}),
        (_("Membership"), {"fields": ["electoral_unit", "delegation"]}),
    ]
