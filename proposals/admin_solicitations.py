"""The office's view of delegates' answers to solicitations (sent ones only: a draft is the
delegate's own), each with a button that turns it into a suggestion (proposals/solicited.py).
Registered here, not in the delegates app, because the suggestion is of this app."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import OfficeModelAdmin
from delegates.models import SolicitationResponse

from .models import Proposal, ProposalCategory
from .solicited import answer_text, proposal_from_answer


class SuggestionFromAnswerForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=200)
    situation = forms.CharField(label=_("situation and reasons"), widget=forms.Textarea)
    recommendations = forms.CharField(label=_("recommendations"), widget=forms.Textarea)
    category = forms.ModelChoiceField(
        label=_("category"), queryset=ProposalCategory.objects.all(), required=False
    )


@admin.register(SolicitationResponse)
class SolicitationResponseAdmin(OfficeModelAdmin):
    list_display = ["delegate", "solicitation", "sent_at", "suggestion_number"]
    list_filter = ["solicitation"]
    list_select_related = ["delegate", "solicitation", "suggestion"]
    search_fields = ["delegate__name", "solicitation__title"]
    fields = ["solicitation", "delegate", "sent_at", "answers_given", "suggestion_made"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(sent_at__isnull=False)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # an answer is the delegate's words: read, never edited

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("suggestion"))
    def suggestion_number(self, obj):
        made = getattr(obj, "suggestion", None)
        return (made.number or made.title) if made else "—"

    @admin.display(description=_("answers"))
    def answers_given(self, obj):
        situation, _free = answer_text(obj)
        return render_to_string("admin/proposals/answer_given.html", {"text": situation})

    @admin.display(description=_("suggestion"))
    def suggestion_made(self, obj):
        made = Proposal.objects.filter(solicitation_response=obj).first()
        if made is not None:
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:proposals_proposal_change", args=[made.pk]),
                str(made) or made.title,
            )
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:delegates_solicitationresponse_suggest", args=[obj.pk]),
            _("Turn into a suggestion"),
        )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/suggestion/",
                self.admin_site.admin_view(self.suggest_view),
                name="delegates_solicitationresponse_suggest",
            ),
        ]
        return own + super().get_urls()

    def suggest_view(self, request, pk):
        """The office words the suggestion (started from the answer), then it is logged."""
        if not request.user.has_perm("proposals.add_proposal"):
            raise PermissionDenied
        response = get_object_or_404(
            self.get_queryset(request).select_related("solicitation", "delegate"), pk=pk
        )
        situation, recommendations = answer_text(response)
        return self.service_form_view(
            request,
            title=_("Turn into a suggestion"),
            form_class=SuggestionFromAnswerForm,
            initial={
                "title": response.solicitation.title,
                "situation": situation,
                "recommendations": recommendations,
            },
            permission="view",
            intro=_("The answer of %(name)s to “%(title)s”.")
            % {"name": response.delegate.name, "title": response.solicitation.title},
            call=lambda data: (
                proposal_from_answer(response=response, made_by=request.user, **data),
                response,
            )[1],
            success=lambda data: (
                _("The suggestion “%(title)s” is made and awaits review.")
                % {"title": data["title"]}
            ),
        )
