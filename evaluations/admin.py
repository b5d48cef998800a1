"""The office's evaluation pages in the admin: forms from templates or copied from last year,
tellers, entitled delegates, opening and closing, blank paper ballots, a link to the results.

Receipts, online tallies and paper counts have no admin at all: the office sees how many have
voted, never who voted when, and the results only once the evaluation is closed."""

from functools import lru_cache

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from congress_office.admin_autocomplete import chosen_read_by
from congress_office.admin_filters import FindFilter
from congress_office.admin_helpers import (
    OfficeModelAdmin,
    ReadOnlyInline,
    action_with_form,
    apply_to_each,
    user_name_field,
)
from congress_office.admin_rules import OneRowRulesAdmin
from congress_office.kept_form_classes import KeptFormClass, KeptFormSetClass
from congress_office.kept_lists import KeptLists
from congress_office.kept_value_rows import KeptValueRowsAdmin
from congress_office.kept_widgets import KeptWidgets
from congress_office.plain_admin_reads import InlineRowsTogether, PlainObjectRead
from congress_office.value_rows import ValueRowsAdmin, ValueRowsFormSet, ValueRowsInline
from congress_office.wording import labelled
from delegates.models import Delegate
from delegates.people import PeopleChoiceField, people_by_name
from sessions.admin.choices import choices_at_once

from .admin_desk import EVALUATIONS_DESK
from .forms import BodyForm, CloseForm, CopyForm, TemplateForm
from .models import (
    Criterion,
    Evaluation,
    EvaluationRules,
    EvaluationStatusChange,
    PaperRound,
    Subject,
)
from .printing import blank_ballots_pdf
from .results import results_published
from .selectors import (
    entitlement_candidates,
    evaluation_counts,
    teller_candidates,
)
from .services import (
    criteria_from_template,
    entitlements_set,
    evaluation_close,
    evaluation_copy,
    evaluation_open,
    subjects_from_body,
    tellers_set,
)
from .teller_reads import chosen_tellers
from .tellers import evaluation_tellers_read


class EvaluationForm(forms.ModelForm):
    tellers = PeopleChoiceField(
        label=_("Tellers"),
        # The add page's offer; an evaluation's page offers `teller_candidates`.
        queryset=people_by_name(get_user_model().objects.filter(is_active=True)),
        required=False,
        help_text=_(
            "They enter the paper ballot counts on their own page, and see nothing else of "
            "the evaluation."
        ),
    )
    entitled = forms.ModelMultipleChoiceField(
        label=_("Entitled delegates"),
        queryset=Delegate.objects.none(),
        required=False,
        help_text=_(
            "Leave empty to entitle, when the evaluation opens, the delegates checked in at "
            "any sitting of the session."
        ),
    )

    class Meta:
        model = Evaluation
        fields = ["session", "title", "kind", "scale", "allow_dont_know", "opens_at", "closes_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The sessions offered read at once, not through a cursor on the server (its three
        # round trips, decision 276): the same options (decision 297).
        choices_at_once(self, ["session"])
        # What the page offers for its own evaluation, set on this form's own copies of the
        # fields: the admin's form class is kept for every page alike (decision 378).
        evaluation = self.instance
        saved = evaluation.pk is not None
        if not saved or evaluation.status != Evaluation.Status.DRAFT:
            # Entitlements change only while draft (and are not shown otherwise).
            del self.fields["entitled"]
        if saved:
            # Offered: who may take the part on the day voting opens (the services refuse
            # anybody else, whatever was posted).
            self.fields["tellers"].queryset = teller_candidates(evaluation)
            self.fields["tellers"].initial = evaluation_tellers_read(evaluation)
            if "entitled" in self.fields:
                self.fields["entitled"].queryset = entitlement_candidates(evaluation)
                self.fields["entitled"].initial = list(
                    evaluation.entitlements.values_list("delegate_id", flat=True)
                )


class DraftOnlyInline(ValueRowsInline, KeptFormSetClass, KeptWidgets, admin.TabularInline):
    """Subjects and criteria: changed only while the evaluation is a draft."""

    extra = 0
    # Shown, the rows read by a statement written once (decisions 297, 324, 336); past the
    # draft, written from their objects without a form each (decision 359).
    formset = ValueRowsFormSet
    # Its cells show the row's own values alone: those rows kept by them (decision 473).
    value_rows_kept = True

    def _draft(self, obj):
        return obj is None or obj.status == Evaluation.Status.DRAFT

    def get_readonly_fields(self, request, obj=None):
        # Past the draft every row is shown read-only (no change permission): its form then
        # holds no field to copy for each row, and nothing posted could reach one
        # (decision 318).
        if self._draft(obj):
            return super().get_readonly_fields(request, obj)
        return self.fields

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


class SubjectInline(DraftOnlyInline):
    model = Subject
    fields = ["order", "name", "post", "is_team"]


class CriterionInline(DraftOnlyInline):
    model = Criterion
    fields = ["order", "name"]


class StatusChangeInline(ValueRowsInline, ReadOnlyInline):
    model = EvaluationStatusChange
    fields = ["at", "status_before", "status_after", "actor_name"]
    actor_name = user_name_field(EvaluationStatusChange, "actor")
    # The rows as selected here, by a statement written once (decisions 324, 336), written
    # from their objects (decision 359).
    formset = ValueRowsFormSet
    # Its cells show the row's values and its actor's name, read with it (decision 473).
    value_rows_kept = True

    def get_queryset(self, request):
        # Each row is named after its evaluation (its `str()`, the row's heading): read with
        # the row, not once per row (decision 269).
        return super().get_queryset(request).select_related("actor", "evaluation")


class PaperRoundInline(ValueRowsInline, ReadOnlyInline):
    """The rounds' figures (never their counts before closing: see the results page)."""

    model = PaperRound
    fields = ["number", "issued", "returned", "is_void", "entered_by_name", "entered_at"]
    entered_by_name = user_name_field(PaperRound, "entered_by")
    # The rows as selected here, by a statement written once (decisions 324, 336), written
    # from their objects (decision 359).
    formset = ValueRowsFormSet
    # Its cells show the round's values and its teller's name, read with it (decision 473).
    value_rows_kept = True

    @admin.display(description=_("void"), boolean=True)
    def is_void(self, obj):
        # None for the empty row a forged form count adds (rounds are never added here).
        return obj.void if obj.pk else None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("entered_by")


def _action(name, form_class, description, apply):
    """An action that asks for `form_class` on the evaluations' intermediate page, then runs
    `apply(evaluation, cleaned_data, user)`, a service, on each selected evaluation."""
    return action_with_form(
        name=name,
        description=description,
        form_class=form_class,
        apply=apply,
        template="evaluations/admin/action_form.html",
        done=lambda n: ngettext("%(n)d evaluation done.", "%(n)d evaluations done.", n) % {"n": n},
    )


copy_form = _action(
    "copy_form",
    CopyForm,
    _("Copy subjects and criteria from another evaluation"),
    lambda evaluation, data, user: evaluation_copy(evaluation=evaluation, source=data["source"]),
)
subjects_body = _action(
    "subjects_from_body",
    BodyForm,
    _("Subjects from a leading body's members"),
    lambda evaluation, data, user: subjects_from_body(evaluation=evaluation, body=data["body"]),
)
criteria_template = _action(
    "criteria_template",
    TemplateForm,
    _("Criteria from a standard form"),
    lambda evaluation, data, user: criteria_from_template(
        evaluation=evaluation, template=data["template"]
    ),
)
# Closing cannot be undone (and may come early, at a low turnout): asked on its own page.
close_evaluations = _action(
    "close_evaluations",
    CloseForm,
    _("Close (the results can then be read)"),
    lambda evaluation, data, user: evaluation_close(evaluation=evaluation, closed_by=user),
)


# A key no evaluation has, to find where the key stands in the results page's address.
_ANY_KEY = 987654321


@lru_cache(maxsize=8)
def _results_route(prefix: str, urlconf, language: str) -> tuple[str, str]:
    """The results link's markup before and after an evaluation's key, as `format_html` of
    `reverse` wrote it for each row: written once per process for the site's prefix, URLs
    and language, which the key names (decision 301)."""
    link = format_html(
        '<a href="{}">{}</a>', reverse("evaluations:results", args=[_ANY_KEY]), _("Results")
    )
    before, after = link.split(str(_ANY_KEY))
    return before, after


@admin.register(Evaluation)
class EvaluationAdmin(
    KeptLists,
    KeptValueRowsAdmin,
    ValueRowsAdmin,
    InlineRowsTogether,
    PlainObjectRead,
    KeptFormClass,
    OfficeModelAdmin,
):
    form = EvaluationForm
    # Among every account and the term's delegates: thousands (decision 193).
    search_pickers = ["tellers", "entitled"]
    list_display = ["title", "session", "kind", "status", "opens_at", "closes_at", "results_link"]
    list_filter = ["status", "kind", ("session", FindFilter)]
    list_select_related = ["session"]
    # Read with the evaluation: the page prints it and asks its term for the tellers offered.
    object_select_related = ("session",)
    search_fields = ["title"]
    inlines = [SubjectInline, CriterionInline, PaperRoundInline, StatusChangeInline]
    actions = [
        "open_evaluations",
        close_evaluations,
        copy_form,
        subjects_body,
        criteria_template,
        "print_blank_ballots",
    ]

    def get_fields(self, request, obj=None):
        fields = [
            "session",
            "title",
            "kind",
            "scale",
            "allow_dont_know",
            "opens_at",
            "closes_at",
            "status",
            "ballots_cast",
            "links",
            "tellers",
        ]
        if obj is not None and obj.status == Evaluation.Status.DRAFT:
            fields.append("entitled")
        return fields

    def get_readonly_fields(self, request, obj=None):
        fields = ["status", "ballots_cast", "links"]
        if obj is not None and obj.status != Evaluation.Status.DRAFT:
            fields += ["session", "kind", "scale", "allow_dont_know"]
        if obj is not None and obj.status == Evaluation.Status.CLOSED:
            fields += ["title", "opens_at", "closes_at"]
        return fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The tellers picker's chosen accounts, among those its queryset offers, read by a
            # statement written once (decision 297).
            form = context["adminform"].form
            chosen_read_by(form, "tellers", lambda ids: chosen_tellers(obj, ids))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Tellers are guardian object permissions and entitlements rows, kept by services.
        tellers_set(evaluation=form.instance, users=form.cleaned_data["tellers"])
        if "entitled" in form.cleaned_data:
            entitlements_set(evaluation=form.instance, delegates=form.cleaned_data["entitled"])

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # only a draft may be deleted, one at a time
        return actions

    def has_delete_permission(self, request, obj=None):
        draft = obj is None or obj.status == Evaluation.Status.DRAFT
        return draft and super().has_delete_permission(request, obj)

    @admin.display(description=_("Ballots taken"))
    def ballots_cast(self, obj):
        if not obj.pk:
            return "—"
        counts = evaluation_counts(obj)
        return (
            _(
                "%(voted)s voted online and %(on_paper)s received a paper ballot, of "
                "%(entitled)s delegates entitled"
            )
            % counts
        )

    @admin.display(description=_("Pages"))
    def links(self, obj):
        if not obj.pk:
            return "—"
        # Not the tellers' page: only the evaluation's tellers may open it (office staff get
        # 404 there); they find it under /evaluations/tally/.
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("evaluations:results", args=[obj.pk]),
            _("Results"),
            reverse("evaluations:blank_ballot", args=[obj.pk]),
            _("Blank paper ballot (PDF)"),
        )

    @admin.display(description=_("Results"))
    def results_link(self, obj):
        if not results_published(obj):
            return "—"
        before, after = _results_route(get_script_prefix(), get_urlconf(), get_language())
        return mark_safe(f"{before}{int(obj.pk)}{after}")  # noqa: S308 - format_html's markup

    def _each(self, request, queryset, call, done):
        def reported(evaluation):
            evaluation = call(evaluation)
            self.message_user(request, labelled(evaluation, done), messages.SUCCESS)

        apply_to_each(self, request, queryset, reported)

    @admin.action(description=_("Open for voting"), permissions=["change"])
    def open_evaluations(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda e: evaluation_open(evaluation=e, opened_by=request.user),
            _("open"),
        )

    @admin.action(description=_("Print blank paper ballots (PDF)"), permissions=["view"])
    def print_blank_ballots(self, request, queryset):
        response = HttpResponse(
            # Each ballot's subjects and criteria in two queries for all the evaluations.
            blank_ballots_pdf(queryset.order_by("pk").prefetch_related("subjects", "criteria")),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = 'attachment; filename="ballots.pdf"'
        return response


@admin.register(EvaluationRules)
class EvaluationRulesAdmin(OneRowRulesAdmin):
    pass


admin.site.register_desk_part(EVALUATIONS_DESK)
