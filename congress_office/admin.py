from django.contrib import admin

from .admin_helpers import OfficeModelAdmin
from .models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(OfficeModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
