from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from .admin_helpers import OfficeModelAdmin
from .models import CalendarDay, Letterhead


@admin.register(CalendarDay)
class CalendarDayAdmin(OfficeModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(Letterhead)
class LetterheadAdmin(OfficeModelAdmin):
    """One row: the office's letterhead, edited, never added twice nor deleted."""

    fields = [
        "issuing_body",
        "issuing_body_english",
        "reply_number_pattern",
        "contact_person",
        "telephone",
        "copy_to",
    ]

    def has_add_permission(self, request):
        return False  # the one row exists from its first read

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """A list of one: straight to its form."""
        letterhead = Letterhead.current()
        return redirect(reverse("admin:congress_office_letterhead_change", args=[letterhead.pk]))
