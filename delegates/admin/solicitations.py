from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import OfficeModelAdmin, admin_page_context, user_name_field
from congress_office.audit_trail import record_export
from congress_office.kept_lists import KeptLists
from congress_office.kept_widgets import KeptWidgets
from congress_office.tabular import table_response

from ..models import Solicitation, SolicitationQuestion
from ..solicitation_printing import solicitation_summary_pdf
from ..solicitation_reads import solicitation_answer_count, solicitation_respondents
from ..solicitation_summary import solicitation_summary, solicitation_table
from ..solicitations import (
    solicitation_audience_set,
    solicitation_draft_save,
    solicitation_publish,
    solicitation_questions_save,
)
from ..templatetags.solicitation_markup import question_list
from .messages import OfficeMessageAdmin


class QuestionInline(KeptWidgets, admin.TabularInline):
    """The questions, editable while the solicitation is a draft."""

    model = SolicitationQuestion
    fields = ["order", "text", "kind", "required", "choices"]
    extra = 1
    formfield_overrides = {
        SolicitationQuestion._meta.get_field("choices").__class__: {
            "widget": forms.Textarea(attrs={"rows": 3, "cols": 30})
        }
    }

    def _draft(self, obj):
        return obj is None or not obj.is_published

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


@admin.register(Solicitation)
class SolicitationAdmin(KeptLists, OfficeMessageAdmin, OfficeModelAdmin):
    """Drafts are written, asked and given questions here; the "Publish" action sends them
    (through the service) and makes them read-only; a published one's page says who has
    answered and leads to the summary, the export and the printed summary."""

    list_display = ["title", "term", "deadline", "published_at", "answer_count"]
    list_filter = ["term", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["term"]
    search_fields = ["title"]
    actions = ["publish"]
    filter_horizontal = ["delegations"]
    autocomplete_fields = ["delegates"]
    inlines = [QuestionInline]
    download_url_name = "delegates:solicitation_attachment"
    download_label = _("Download the document to read")

    def publish_service(solicitation, user):
        return solicitation_publish(solicitation=solicitation, published_by=user)

    publisher = user_name_field(Solicitation, "published_by")

    def get_inlines(self, request, obj):
        # Published, the questions are read as a list (`question_list`): an inline of
        # read-only rows costs the page more than everything else on it.
        return [] if obj is not None and obj.is_published else self.inlines

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The blank question rows numbered on from the questions already written."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        taken = obj.questions.count() if obj is not None and obj.pk else 0
        kwargs["initial"] = [{"order": taken + n} for n in range(1, inline.extra + 1)]
        return kwargs

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("term", "published_by")
        match = request.resolver_match
        if match is None or match.url_name != "delegates_solicitation_changelist":
            return queryset  # one solicitation's page counts its answers itself
        sent = Count("responses", filter=Q(responses__sent_at__isnull=False))
        return queryset.annotate(answer_count=sent)

    @admin.display(description=_("Answers"), ordering="answer_count")
    def answer_count(self, obj):
        return obj.answer_count

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return ["term", "title", "body", "download", "deadline", "reminder_days",
                    "audience", "question_list", "published_at", "publisher", "results",
                    "respondents"]  # fmt: skip
        fields = ["term", "title", "body", "attachment", "deadline", "reminder_days",
                  "delegations", "delegates"]  # fmt: skip
        if obj is not None and obj.attachment:
            fields.insert(3, "download")
        return fields

    def save_model(self, request, obj, form, change):
        uploaded = form.cleaned_data.get("attachment")
        solicitation_draft_save(
            solicitation=obj,
            saved_by=request.user,
            new_attachment=uploaded if "attachment" in form.changed_data and uploaded else None,
        )

    def save_related(self, request, form, formsets, change):
        solicitation_audience_set(
            solicitation=form.instance,
            delegations=form.cleaned_data.get("delegations", []),
            delegates=form.cleaned_data.get("delegates", []),
            set_by=request.user,
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        changed = formset.save(commit=False)
        solicitation_questions_save(
            solicitation=form.instance,
            questions=changed,
            removed=formset.deleted_objects,
            saved_by=request.user,
        )

    @admin.action(description=_("Publish to the delegates"), permissions=["change"])
    def publish(self, request, queryset):
        self._publish_each(request, queryset)

    @admin.display(description=_("document to read"))
    def download(self, obj):
        return self._download(obj)

    @admin.display(description=_("asked"))
    def audience(self, obj):
        # Their names only, in the relations' own order: not every column of each delegate.
        names = [*obj.delegations.values_list("name", flat=True)]
        names += obj.delegates.values_list("name", flat=True)
        return "、".join(names) if names else _("Every delegate of the term")

    @admin.display(description=_("questions"))
    def question_list(self, obj):
        # Written in Python (decision 310): the template's lookups cost more than the read.
        return question_list(obj.questions.all())

    @admin.display(description=_("answers"))
    def results(self, obj):
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a> '
            '<a class="button" href="{}">{}</a>',
            reverse("admin:delegates_solicitation_summary", args=[obj.pk]),
            _("Summary"),
            reverse("admin:delegates_solicitation_export", args=[obj.pk]),
            _("Export XLSX"),
            reverse("admin:delegates_solicitation_pdf", args=[obj.pk]),
            _("Summary (PDF)"),
        )

    @admin.display(description=_("who has answered"))
    def respondents(self, obj):
        return render_to_string(
            "admin/delegates/solicitation_answer_count.html",
            {"counts": solicitation_answer_count(obj), "solicitation": obj},
        )

    # --- The answers: summary, export, printed summary -----------------------------------

    def get_urls(self):
        own = [
            path(
                "<int:pk>/summary/",
                self.admin_site.admin_view(self.summary_view),
                name="delegates_solicitation_summary",
            ),
            path(
                "<int:pk>/respondents/",
                self.admin_site.admin_view(self.respondents_view),
                name="delegates_solicitation_respondents",
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="delegates_solicitation_export",
            ),
            path(
                "<int:pk>/summary.pdf",
                self.admin_site.admin_view(self.pdf_view),
                name="delegates_solicitation_pdf",
            ),
        ]
        return own + super().get_urls()

    def _published(self, request, pk) -> Solicitation:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(Solicitation, pk=pk, published_at__isnull=False)

    def summary_view(self, request, pk):
        solicitation = self._published(request, pk)
        context = {
            # Without the navigation sidebar's list of every model, which costs more than
            # the summary itself (admin_page_context).
            **admin_page_context(self.admin_site, request),
            "opts": self.model._meta,
            "title": solicitation.title,
            "solicitation": solicitation,
            **solicitation_summary(solicitation),
        }
        return TemplateResponse(request, "admin/delegates/solicitation_summary.html", context)

    def respondents_view(self, request, pk):
        """Per delegation, how many have answered and who has not yet: a page of its own,
        so that the solicitation's page stays as quick to open as any other."""
        solicitation = self._published(request, pk)
        context = {
            **admin_page_context(self.admin_site, request),
            "opts": self.model._meta,
            "title": solicitation.title,
            "solicitation": solicitation,
            "respondents": solicitation_respondents(solicitation),
        }
        return TemplateResponse(request, "admin/delegates/solicitation_respondents.html", context)

    def export_view(self, request, pk):
        solicitation = self._published(request, pk)
        questions, rows = solicitation_table(solicitation)
        record_export(request, what="solicitation", file_format="xlsx", target=solicitation)
        header = [_("Delegation"), _("Delegate"), _("sent at"), *(q.text for q in questions)]
        return table_response(
            filename=f"solicitation-{solicitation.pk}",
            file_format="xlsx",
            header=header,
            rows=rows,
        )

    def pdf_view(self, request, pk):
        solicitation = self._published(request, pk)
        record_export(request, what="solicitation", file_format="pdf", target=solicitation)
        response = HttpResponse(
            solicitation_summary_pdf(solicitation), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="solicitation-{solicitation.pk}.pdf"'
        )
        return response
