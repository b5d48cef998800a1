from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import OfficeModelAdmin
from congress_office.forms import apply_service
from congress_office.tabular import table_response

from ..models import RosterImport, Term
from ..roster_files import (
    COLUMNS,
    roster_import_confirm,
    roster_import_create,
    roster_import_progress,
    roster_import_queue_again,
    roster_preview_rows,
    roster_template,
)


class RosterUploadForm(forms.Form):
    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("CSV or XLSX, first row the column names (in English or Chinese)."),
    )


@admin.register(RosterImport)
class RosterImportAdmin(OfficeModelAdmin):
    list_display = ["created_at", "term", "status", "total_rows", "imported_rows", "created_by"]
    list_filter = ["status", "term"]
    list_select_related = ["term", "created_by"]

    def has_add_permission(self, request):
        return request.user.has_perm("delegates.add_delegate") and super().has_add_permission(
            request
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        own = [
            path(
                "template/",
                self.admin_site.admin_view(self.template_view),
                name="delegates_rosterimport_template",
            ),
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="delegates_rosterimport_status",
            ),
            path(
                "<int:pk>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="delegates_rosterimport_progress",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:delegates_rosterimport_status", object_id)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RosterUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            created = apply_service(
                form,
                lambda: roster_import_create(
                    term=form.cleaned_data["term"],
                    uploaded_file=form.cleaned_data["file"],
                    created_by=request.user,
                ),
            )
            if created:
                return redirect("admin:delegates_rosterimport_status", created.result.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a roster"),
            "opts": self.model._meta,
            "form": form,
            "columns": [label for _key, label in COLUMNS],
        }
        return TemplateResponse(request, "admin/delegates/roster_upload.html", context)

    def template_view(self, request):
        """An XLSX roster to fill in: the columns the import reads and one example row (for
        the term given, its electoral unit and delegation)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        term_id = request.GET.get("term", "")
        term = Term.objects.filter(pk=term_id).first() if term_id.isdigit() else None
        if term is None:
            term = Term.objects.order_by("-start_date").first()
        header, rows = roster_template(term)
        return table_response(
            filename="roster-template", file_format="xlsx", header=header, rows=rows
        )

    def status_view(self, request, pk):
        roster_import = get_object_or_404(RosterImport.objects.select_related("term"), pk=pk)
        if not self.has_view_permission(request, roster_import):
            raise PermissionDenied
        if request.method == "POST":
            if not self.has_add_permission(request):
                raise PermissionDenied
            act = (
                roster_import_queue_again
                if "queue_again" in request.POST
                else roster_import_confirm
            )
            apply_service(None, lambda: act(roster_import=roster_import), request=request)
            return redirect("admin:delegates_rosterimport_status", pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Roster import"),
            "opts": self.model._meta,
            "job": roster_import,
            "progress": roster_import_progress(roster_import),
            "preview": roster_preview_rows(roster_import),
            "columns": [label for _key, label in COLUMNS],
            "running": roster_import.status
            in (RosterImport.Status.VALIDATING, RosterImport.Status.IMPORTING),
        }
        return TemplateResponse(request, "admin/delegates/roster_import.html", context)

    def progress_view(self, request, pk):
        roster_import = get_object_or_404(RosterImport, pk=pk)
        if not self.has_view_permission(request, roster_import):
            raise PermissionDenied
        return JsonResponse(roster_import_progress(roster_import))
