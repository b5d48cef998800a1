"""Preparing elections in the admin: the term's election rules, and each election with its
candidates and scrutineers; the formal list approved by an action."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from congress_office.admin_filters import FindFilter
from congress_office.admin_helpers import (
    OfficeModelAdmin,
    ReadOnlyInline,
    SafeAutocomplete,
    action_with_form,
    apply_to_each,
    user_name_field,
)
from congress_office.kept_form_classes import KeptFormClass, KeptFormSetClass
from congress_office.kept_widgets import KeptWidgets
from congress_office.shown_rows import ShownRowsFormSet
from congress_office.wording import labelled

from ..election_forms import RoundCloseForm, RoundOpenForm
from ..election_results import election_results
from ..election_rounds import (
    next_round_plan,
    round_close,
    round_decided,
    round_figures,
    round_open,
)
from ..election_tellers import scrutineer_access_sync
from ..elections import candidates_approve, scrutineers_check
from ..models import (
    Candidate,
    Election,
    ElectionRound,
    ElectionRule,
    ElectionStatusChange,
    Scrutineer,
)
from .choices import choices_at_once, limit_to_session, session_of
from .election_actions import (
    announce_result,
    download_results_csv,
    download_results_pdf,
    download_results_xlsx,
    print_ballots,
)
from .election_tellers import count_duties, round_steps, tellers_view


@admin.register(ElectionRule)
class ElectionRuleAdmin(OfficeModelAdmin):
    list_display = [
        "term",
        "fills",
        "by_election",
        "margin_percent",
        "equal_number_allowed",
        "write_ins_allowed",
        "on_tie",
        "on_unfilled",
    ]
    list_filter = ["term"]
    list_select_related = ["term"]


class _WhilePreparing:
    """Rows that can change only until the formal list is approved."""

    def _preparing(self, obj):
        return obj is None or obj.status == Election.Status.PREPARING

    def has_add_permission(self, request, obj=None):
        return self._preparing(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._preparing(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._preparing(obj) and super().has_delete_permission(request, obj)


class CandidateInline(
    KeptFormSetClass, _WhilePreparing, KeptWidgets, SafeAutocomplete, admin.StackedInline
):
    model = Candidate
    extra = 0
    # A new election's rows known empty without writing a statement, a saved one's read by a
    # statement written once (decisions 298, 336, 343).
    formset = ShownRowsFormSet
    fields = [("name", "delegate"), ("post", "nominated_by"), "discussion", ("formal", "order")]
    autocomplete_fields = ["delegate"]


class ScrutineerInline(
    KeptFormSetClass, _WhilePreparing, KeptWidgets, SafeAutocomplete, admin.TabularInline
):
    model = Scrutineer
    extra = 0
    formset = ShownRowsFormSet  # as the candidates'
    fields = ["delegate", "chief"]
    autocomplete_fields = ["delegate"]
    # No read-only field; its picker shows no row empty: the empty row kept (decision 474).
    empty_row_kept = True


class StatusChangeInline(KeptFormSetClass, KeptWidgets, admin.TabularInline):
    model = ElectionStatusChange
    extra = 0
    formset = ShownRowsFormSet  # as the candidates'
    can_delete = False
    fields = readonly_fields = ["at", "status_before", "status_after", "actor_name"]
    actor_name = user_name_field(ElectionStatusChange, "actor")

    def get_queryset(self, request):
        # Each row is named after its election (its `str()`, the row's heading): read with
        # the row, not once per row (decision 269).
        return super().get_queryset(request).select_related("actor", "election")

    def has_add_permission(self, request, obj=None):
        return False


class RoundInline(KeptFormSetClass, ReadOnlyInline):
    """The rounds and their paper figures (never the online tallies before closing: the
    results page, once closed)."""

    model = ElectionRound
    fields = [
        "number",
        "sitting",
        "seats",
        "status",
        "paper_issued",
        "paper_returned",
        "paper_invalid",
        "results_link",
    ]

    @admin.display(description=_("results"))
    def results_link(self, obj):
        if not obj.pk or obj.status != ElectionRound.Status.CLOSED:
            return "-"
        url = reverse("admin:congress_sessions_election_round_results", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Results and what follows"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sitting__session")


def _round_action(name, form_class, description, apply):
    return action_with_form(
        name=name,
        description=description,
        form_class=form_class,
        apply=apply,
        template="sessions/admin/election_action_form.html",
        done=lambda n: ngettext("%(n)d election done.", "%(n)d elections done.", n) % {"n": n},
    )


def _close_open_round(election, user):
    election_round = election.rounds.filter(status=ElectionRound.Status.OPEN).first()
    if election_round is None:
        raise ValidationError(_("No round of this election is open."))
    return round_close(election_round=election_round, closed_by=user)


open_first_round = _round_action(
    "open_first_round",
    RoundOpenForm,
    _("Open the first round at a sitting"),
    lambda election, data, user: round_open(
        election=election, sitting=data["sitting"], opened_by=user
    ),
)
# Closing cannot be undone: asked on its own page, with a box to tick.
close_open_round = _round_action(
    "close_open_round",
    RoundCloseForm,
    _("Close the open round"),
    lambda election, data, user: _close_open_round(election, user),
)


class ElectionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_session(self, ["agenda_item"], session_of(self))
        # Read at once, not through a cursor on the server (decisions 276, 298).
        choices_at_once(self, ["session", "body"])


@admin.register(Election)
class ElectionAdmin(KeptFormClass, OfficeModelAdmin):
    form = ElectionForm
    # Every session's items until the session is known: hundreds at a large office.
    autocomplete_fields = ["agenda_item"]
    list_display = ["title", "session", "fills", "seats", "method", "status"]
    list_filter = [("session", FindFilter), "status"]
    list_select_related = ["session"]
    search_fields = ["title", "candidates__name"]
    fields = [
        "session",
        "agenda_item",
        "title",
        "fills",
        "body",
        "by_election",
        "seats",
        "method",
        "status",
        "count_duties",
        "results_link",
        "round_steps",
    ]
    readonly_fields = ["status", "count_duties", "results_link", "round_steps"]
    inlines = [CandidateInline, ScrutineerInline, RoundInline, StatusChangeInline]
    actions = [
        "approve_formal_list",
        open_first_round,
        close_open_round,
        print_ballots,
        download_results_pdf,
        download_results_csv,
        download_results_xlsx,
        announce_result,
    ]

    def get_inline_instances(self, request, obj=None):
        # Not on the add page: a new election has no rounds (and its form posts none).
        inlines = super().get_inline_instances(request, obj)
        return [i for i in inlines if obj is not None or not isinstance(i, RoundInline)]

    def get_urls(self):
        own = [
            path(
                "<int:pk>/tellers/",
                self.admin_site.admin_view(lambda request, pk: tellers_view(self, request, pk)),
                name="congress_sessions_election_tellers",
            ),
            path(
                "rounds/<int:pk>/results/",
                self.admin_site.admin_view(self.round_results_view),
                name="congress_sessions_election_round_results",
            ),
            path(
                "<int:pk>/results/",
                self.admin_site.admin_view(self.results_view),
                name="congress_sessions_election_results",
            ),
            path(
                "rounds/<int:pk>/next/",
                self.admin_site.admin_view(require_POST(self.next_round_view)),
                name="congress_sessions_election_next_round",
            ),
        ]
        return own + super().get_urls()

    def _closed_round(self, request, pk, *, change=False):
        election_round = get_object_or_404(
            ElectionRound.objects.select_related("election__session", "sitting"),
            pk=pk,
            status=ElectionRound.Status.CLOSED,
        )
        allowed = (self.has_change_permission if change else self.has_view_permission)(request)
        if not allowed:
            raise PermissionDenied
        return election_round

    def round_results_view(self, request, pk):
        """A closed round's figures, each person's votes, who is elected, and what follows."""
        election_round = self._closed_round(request, pk)
        outcome = round_decided(election_round)
        plan = next_round_plan(election_round, outcome)
        is_last = not election_round.election.rounds.filter(
            number__gt=election_round.number
        ).exists()
        elected = {t.key for t in outcome.elected}
        context = {
            **self.admin_site.each_context(request),
            "title": str(election_round),
            "opts": self.model._meta,
            "round": election_round,
            "figures": round_figures(election_round),
            "outcome": outcome,
            "elected": elected,
            "tied_names": [t.name for t in outcome.tied],
            "plan": plan if is_last else None,
            "plan_names": [c.name for c in plan[0]] if plan else [],
        }
        return TemplateResponse(request, "sessions/admin/election_round_results.html", context)

    def results_view(self, request, pk):
        """Every closed round of the election, round by round, and the elected of them all:
        the figures the results PDF, the CSV and the delegates' page show."""
        election = get_object_or_404(Election.objects.select_related("session__term"), pk=pk)
        if not self.has_view_permission(request, election):
            raise PermissionDenied
        results = election_results(election)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Results of %(election)s") % {"election": results.election.title},
            "opts": self.model._meta,
            "original": results.election,
            "results": results,
        }
        return TemplateResponse(request, "sessions/admin/election_results.html", context)

    def next_round_view(self, request, pk):
        """Open the round the closed one calls for, at the same sitting."""
        election_round = self._closed_round(request, pk, change=True)
        plan = next_round_plan(election_round, round_decided(election_round))
        if plan is not None:
            candidates, seats = plan
            try:
                round_open(
                    election=election_round.election,
                    sitting=election_round.sitting,
                    opened_by=request.user,
                    candidates=[c.pk for c in candidates],
                    seats=seats,
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("The next round is open."), messages.SUCCESS)
        return redirect("admin:congress_sessions_election_change", election_round.election_id)

    @admin.display(description=_("count"))
    def count_duties(self, obj):
        return count_duties(obj)

    @admin.display(description=_("steps of the rounds"))
    def round_steps(self, obj):
        return round_steps(obj) if obj is not None and obj.pk else "-"

    @admin.display(description=_("results"))
    def results_link(self, obj):
        if obj is None or not obj.pk or not obj.rounds.filter(status=ElectionRound.Status.CLOSED):
            return "-"
        url = reverse("admin:congress_sessions_election_results", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Every round's results"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # only an election never held, one at a time
        return actions

    def has_delete_permission(self, request, obj=None):
        # Once a round is opened the election is held: its ballots, count and result are the
        # session's record (the rounds' PROTECT refuses it in the database too).
        held = obj is not None and obj.rounds.exists()
        return not held and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Election.Status.PREPARING:
            return self.fields  # what the approved list was judged against stays as it was
        return self.readonly_fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        scrutineers_check(election=form.instance)
        scrutineer_access_sync(form.instance)

    @admin.action(description=_("Approve the formal list of candidates"))
    def approve_formal_list(self, request, queryset):
        def approve(election):
            done = candidates_approve(election=election, approved_by=request.user)
            self.message_user(request, labelled(done, done.get_status_display()), messages.SUCCESS)

        apply_to_each(self, request, queryset, approve)
