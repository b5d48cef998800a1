"""The office's actions on an election's papers and result: print blank ballots, download
the results of every closed round (PDF, CSV, XLSX), and announce the closed rounds' results
not announced yet after a page that shows who is elected."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import apply_to_each
from congress_office.audit_trail import record_export
from congress_office.tabular import table_response
from congress_office.wording import join_list, labelled

from ..election_printing import MOST_COPIES, ballots_pdf, results_pdf
from ..election_results import (
    election_results,
    election_results_announce,
    last_closed_round,
    results_table,
    round_results,
    rounds_to_announce,
)

TEMPLATE = "admin/congress_sessions/election/action_form.html"


class CopiesForm(forms.Form):
    copies = forms.IntegerField(
        label=_("Copies"),
        min_value=1,
        max_value=MOST_COPIES,
        initial=1,
        help_text=_("Identical ballots, each from a new page."),
    )


class AnnounceForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("The chief scrutineer has reported this result to the session"),
        help_text=_(
            "The elected take their seats on the body from the session's first day. An "
            "announcement cannot be undone here."
        ),
    )


def _asked(model_admin, request, queryset, *, action, title, form, summaries=()):
    return TemplateResponse(
        request,
        TEMPLATE,
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "items": queryset,
            "summaries": summaries,
            "action": action,
            "opts": model_admin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


def _one(model_admin, request, queryset):
    """The one election an action on a single file needs, or None with a message."""
    if queryset.count() != 1:
        model_admin.message_user(request, _("Choose one election."), messages.WARNING)
        return None
    return queryset.select_related("session").get()


def _refused(model_admin, request, election, error: ValidationError):
    model_admin.message_user(request, labelled(election, " ".join(error.messages)), messages.ERROR)


@admin.action(description=_("Print blank paper ballots (PDF)"), permissions=["view"])
def print_ballots(model_admin, request, queryset):
    election = _one(model_admin, request, queryset)
    if election is None:
        return None
    form = CopiesForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        title = _("Print blank paper ballots (PDF)")
        return _asked(
            model_admin, request, queryset, action="print_ballots", title=title, form=form
        )
    try:
        pdf = ballots_pdf(election, form.cleaned_data["copies"])
    except ValidationError as error:
        return _refused(model_admin, request, election, error)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="election-{election.pk}-ballots.pdf"'
    return response


def _results_download(model_admin, request, queryset, make, file_format):
    election = _one(model_admin, request, queryset)
    if election is None:
        return None
    try:
        last_closed_round(election)  # refused before any round is closed
        response = make(election)
    except ValidationError as error:
        return _refused(model_admin, request, election, error)
    record_export(request, what="election_results", file_format=file_format, target=election)
    return response


@admin.action(description=_("Results of every closed round (PDF)"), permissions=["view"])
def download_results_pdf(model_admin, request, queryset):
    def make(election):
        response = HttpResponse(results_pdf(election), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="election-{election.pk}-results.pdf"'
        )
        return response

    return _results_download(model_admin, request, queryset, make, "pdf")


def _table_action(file_format, description):
    def action(model_admin, request, queryset):
        def make(election):
            header, rows = results_table(election_results(election))
            return table_response(
                filename=f"election-{election.pk}-results",
                file_format=file_format,
                header=header,
                rows=rows,
            )

        return _results_download(model_admin, request, queryset, make, file_format)

    action.__name__ = f"download_results_{file_format}"
    return admin.action(description=description, permissions=["view"])(action)


download_results_csv = _table_action("csv", _("Results of every closed round (CSV)"))
download_results_xlsx = _table_action("xlsx", _("Results of every closed round (XLSX)"))


@admin.action(description=_("Announce the result of the closed rounds"), permissions=["change"])
def announce_result(model_admin, request, queryset):
    form = AnnounceForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():

        def announce(election):
            seated = election_results_announce(election=election, announced_by=request.user)
            done = _("announced")
            if seated:
                done = _("announced; %(names)s seated on %(body)s") % {
                    "names": join_list(m.name for m in seated),
                    "body": election.body,
                }
            model_admin.message_user(request, labelled(election, done), messages.SUCCESS)

        apply_to_each(model_admin, request, queryset, announce)
        return None
    summaries = []
    for election in queryset.select_related("session"):
        try:
            pending = rounds_to_announce(election)
        except ValidationError as error:
            summaries.append((election, None, " ".join(error.messages)))
            continue
        summaries += [(election, round_results(r), "") for r in pending]
    title = _("Announce the result of the closed rounds")
    return _asked(
        model_admin,
        request,
        queryset,
        action="announce_result",
        title=title,
        form=form,
        summaries=summaries,
    )
