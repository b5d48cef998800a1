from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import admin_accounts, admin_audit  # noqa: F401 - accounts, groups and the trail
from .admin_helpers import OfficeModelAdmin
from .admin_rules import OneRowRulesAdmin
from .forms import apply_service
from .holidays import CALENDAR_DESK, national_calendar_years, national_holidays_fill
from .models import CalendarDay, Letterhead


class FillForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"),
        coerce=int,
        choices=lambda: [(y, str(y)) for y in national_calendar_years()],
        help_text=gettext_lazy(
            "The holidays and make-up working days the State Council set for the year are "
            "added; a date the calendar already has keeps its entry. Check them afterwards."
        ),
    )


@admin.register(CalendarDay)
class CalendarDayAdmin(OfficeModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def get_urls(self):
        fill = path(
            "fill/",
            self.admin_site.admin_view(self.fill_view),
            name="congress_office_calendarday_fill",
        )
        return [fill, *super().get_urls()]

    def fill_view(self, request):
        """Fill a year from the national calendar; then the calendar's list, at that year."""
        if not self.has_permission_to(request, "add"):
            raise PermissionDenied
        form = FillForm(request.POST or None, initial={"year": national_calendar_years()[0]})
        if request.method == "POST" and form.is_valid():
            year = form.cleaned_data["year"]
            done = apply_service(form, lambda: national_holidays_fill(year=year))
            if done:
                added, kept = done.result
                self.message_user(
                    request,
                    _("%(year)s: %(added)s days added, %(kept)s kept as the calendar had them.")
                    % {"year": year, "added": added, "kept": kept},
                    messages.SUCCESS,
                )
                url = reverse("admin:congress_office_calendarday_changelist")
                return redirect(f"{url}?date__year={year}")
        adminform = helpers.AdminForm(form, [(None, {"fields": ["year"]})], {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Fill a year from the national calendar"),
            "opts": self.model._meta,
            "adminform": adminform,
            "media": self.media + adminform.media,
        }
        return TemplateResponse(request, "admin/service_form.html", context)


admin.site.register_desk_part(CALENDAR_DESK)


@admin.register(Letterhead)
class LetterheadAdmin(OneRowRulesAdmin):
    """One row: the office's letterhead, edited, never added twice nor deleted."""

    fields = [
        "issuing_body",
        "issuing_body_english",
        "reply_number_pattern",
        "contact_person",
        "telephone",
        "copy_to",
    ]


from . import two_factor_admin  # noqa: E402, F401 - the accounts' admin with two-factor sign-in
