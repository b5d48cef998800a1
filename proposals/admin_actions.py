"""The office's bulk actions on items: each asks for what it needs on an intermediate page,
then calls the service item by item, reporting the refusals."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import HandlingUnit, Proposal, ProposalCategory
from .services import proposal_accept, proposal_decline, proposal_merge, proposal_route


class AcceptForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=ProposalCategory.objects)
    as_suggestion = forms.BooleanField(label=_("Accept as a suggestion"), required=False)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the delegate will read it)"), widget=forms.Textarea)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Handle together with"),
        queryset=Proposal.objects.filter(status__in=["accepted", "assigned"]).order_by("number"),
    )


class RouteForm(forms.Form):
    lead = forms.ModelChoiceField(label=_("Lead unit"), queryset=HandlingUnit.objects)
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-handling units"), queryset=HandlingUnit.objects, required=False
    )
    responsible_person = forms.CharField(
        label=_("Responsible person"), max_length=100, required=False
    )


def _run(modeladmin, request, queryset, form_class, title, apply):
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        done = 0
        for item in queryset:
            try:
                apply(item, form.cleaned_data, request.user)
                done += 1
            except ValidationError as error:
                modeladmin.message_user(
                    request, f"{item}: {' '.join(error.messages)}", messages.ERROR
                )
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(n)d item done.", "%(n)d items done.", done) % {"n": done},
                messages.SUCCESS,
            )
        return None
    return TemplateResponse(
        request,
        "admin/proposals/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "items": queryset,
            "action": request.POST.get("action"),
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.action(description=_("Accept"), permissions=["change"])
def accept(modeladmin, request, queryset):
    return _run(
        modeladmin,
        request,
        queryset,
        AcceptForm,
        _("Accept"),
        lambda item, data, user: proposal_accept(
            proposal=item,
            category=data["category"],
            accepted_by=user,
            as_suggestion=data["as_suggestion"],
        ),
    )


@admin.action(description=_("Decline"), permissions=["change"])
def decline(modeladmin, request, queryset):
    return _run(
        modeladmin,
        request,
        queryset,
        DeclineForm,
        _("Decline"),
        lambda item, data, user: proposal_decline(
            proposal=item, reason=data["reason"], declined_by=user
        ),
    )


@admin.action(description=_("Merge into another item"), permissions=["change"])
def merge(modeladmin, request, queryset):
    return _run(
        modeladmin,
        request,
        queryset,
        MergeForm,
        _("Merge into another item"),
        lambda item, data, user: proposal_merge(proposal=item, into=data["into"], merged_by=user),
    )


@admin.action(description=_("Route to handling units"), permissions=["change"])
def route(modeladmin, request, queryset):
    return _run(
        modeladmin,
        request,
        queryset,
        RouteForm,
        _("Route to handling units"),
        lambda item, data, user: proposal_route(
            proposal=item,
            lead=data["lead"],
            co_units=data["co_units"],
            routed_by=user,
            responsible_person=data["responsible_person"],
        ),
    )
