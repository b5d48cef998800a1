"""The admin of the office's rules: one row each (proposal rules, evaluation rules, the
reception-day rule, the personal-data rule, the letterhead), created with its defaults on its
first read. A list of one row is a page with nothing to do on it: the list opens the row's
form instead, and nobody adds or deletes the row here."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from .admin_helpers import OfficeModelAdmin


class OneRowRulesAdmin(OfficeModelAdmin):
    def changelist_view(self, request, extra_context=None):
        # Asked before `current()`, which writes the row: a role that may not read the
        # rules must not create them by opening the page.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        row = self.model.current()
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
