from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from congress_office.admin_filters import FindFilter
from congress_office.admin_helpers import OfficeModelAdmin, user_name_field
from congress_office.kept_form_classes import KeptFormClass, KeptFormSetClass
from congress_office.kept_lists import KeptLists
from congress_office.kept_widgets import KeptWidgets
from congress_office.plain_admin_reads import PlainObjectRead, PlainRowsFormSet

from ..models import Resolution, ResolutionVersion, Vote, VoteStateChange, VotingRule
from ..services import (
    VOTE_COUNTS,
    resolution_add_version,
    vote_check_matter,
    vote_correct,
    vote_record,
    vote_void,
)
from ..workflow import SESSION_WORKFLOW, VOTE_WORKFLOW, Step, VoteStep
from .choices import choices_at_once, limit_to_session, session_of


class VoteForm(forms.ModelForm):
    class Meta:
        model = Vote
        fields = [
            "session",
            "sitting",
            "matter",
            "subject",
            "agenda_item",
            "resolution",
            "round",
            "ballots_issued",
            "ballots_returned",
            "votes_for",
            "votes_against",
            "abstentions",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_session(self, ("sitting", "agenda_item", "resolution"), session_of(self))
        choices_at_once(self, ("session", "sitting", "agenda_item", "resolution"))

    def clean(self):
        data = super().clean()
        if data.get("session") and data.get("round"):
            # A second vote on the same matter and round is refused next to the field that
            # names the matter, before the database's constraint would say it at the top.
            vote = Vote(**{name: data.get(name) for name in self.Meta.fields if name in data})
            try:
                vote_check_matter(vote)
            except ValidationError as error:
                self.add_error(None, error)
        return data


def correction_form(vote: Vote) -> type[forms.Form]:
    """The figures of `vote` to type again (the ballots only for an election), and why."""
    names = [
        name
        for name in VOTE_COUNTS
        if vote.matter == VotingRule.Matter.ELECTION or not name.startswith("ballots")
    ]
    fields = {name: Vote._meta.get_field(name).formfield(required=True) for name in names}
    return type("VoteCorrectionForm", (forms.Form,), {**fields, "reason": reason_field()})


def reason_field():
    return forms.CharField(
        label=_("Why (kept with the vote's history)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VoteVoidForm(forms.Form):
    reason = reason_field()


class VoteStateChangeInline(KeptFormSetClass, KeptWidgets, admin.TabularInline):
    """The vote's corrections: who took it out of the valid ones, when and why."""

    model = VoteStateChange
    formset = PlainRowsFormSet  # the rows read by a prepared statement (decision 299)
    fields = ["at", "state_before", "state_after", "reason", "actor"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


READ_VOTE_ATTRIBUTE = "_office_vote_read"


@admin.register(Vote)
class VoteAdmin(KeptLists, KeptFormClass, PlainObjectRead, OfficeModelAdmin):
    """Votes are recorded once, through the service that applies the rule in force; a
    mistyped one is corrected, a mistaken one voided, each on a page of its own (services
    `vote_correct`, `vote_void`), the record taken out kept here with who, when and why."""

    form = VoteForm
    list_display = [
        "subject",
        "round",
        "session",
        "votes_for",
        "votes_against",
        "abstentions",
        "present",
        "entitled",
        "passed",
        "void",
        "state",
    ]
    list_filter = [("session", FindFilter), "matter", "passed", "state"]
    list_select_related = ["session"]
    # What the list's rows read (decision 330): its columns, of the session its name alone,
    # not the rule in force (JSON, converted each row; decision 388).
    list_reads = tuple("session__name" if name == "session" else name for name in list_display)
    search_fields = ["subject"]
    readonly_fields = [
        "entitled",
        "present",
        "quorum_met",
        "passed",
        "void",
        "rule_in_force",
        "recorded_by_name",
        "recorded_at",
        "state",
        "corrects_link",
        "corrected_by_link",
    ]
    inlines = [VoteStateChangeInline]
    recorded_by_name = user_name_field(Vote, "recorded_by")
    # What the page prints of each relation (its read-only fields, the links to the vote it
    # corrects and to the one correcting it), read with the vote: five queries otherwise.
    object_select_related = (
        "session",
        "sitting",
        "agenda_item",
        "resolution",
        "recorded_by",
        "corrects",
        "corrected_by",
    )

    @admin.display(description=_("rule in force"))
    def rule_in_force(self, obj):
        return obj.rule_description()

    @admin.display(description=_("corrects"))
    def corrects_link(self, obj):
        return self._link(obj.corrects)

    @admin.display(description=_("corrected by"))
    def corrected_by_link(self, obj):
        return self._link(getattr(obj, "corrected_by", None))

    def _link(self, vote):
        if vote is None:
            return "—"
        return format_html(
            '<a href="{}">{} · {}</a>',
            reverse("admin:congress_sessions_vote_change", args=[vote.pk]),
            vote,
            vote.get_state_display(),
        )

    def get_fields(self, request, obj=None):
        # Adding records the counts; everything else is worked out by the service.
        return (
            VoteForm.Meta.fields if obj is None else [*VoteForm.Meta.fields, *self.readonly_fields]
        )

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def has_add_permission(self, request):
        return False  # recorded on a page of its own (record_view), through the service

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        own = [
            path(
                "record/",
                self.admin_site.admin_view(self.record_view),
                name="congress_sessions_vote_record",
            ),
            path(
                "<int:pk>/correct/",
                self.admin_site.admin_view(self.correct_view),
                name="congress_sessions_vote_correct",
            ),
            path(
                "<int:pk>/void/",
                self.admin_site.admin_view(self.void_view),
                name="congress_sessions_vote_void",
            ),
        ]
        return own + super().get_urls()

    def get_object(self, request, object_id, from_field=None):
        """The vote `change_view` read, when Django's view asks for it again (the page's
        object read once)."""
        read = getattr(request, READ_VOTE_ATTRIBUTE, None)
        if read is not None and read[0] == (object_id, from_field):
            return read[1]
        return super().get_object(request, object_id, from_field)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        vote = self.get_object(request, object_id)
        setattr(request, READ_VOTE_ATTRIBUTE, ((unquote(object_id), None), vote))
        extra_context = {
            **(extra_context or {}),
            # Offered where the services would take the step (they check it again).
            "may_correct": vote is not None
            and self.has_permission_to(request, "change")
            and VOTE_WORKFLOW.allows(vote.state, VoteStep.CORRECT)
            and SESSION_WORKFLOW.allows(vote.session.status, Step.VOTE),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def record_view(self, request):
        """The service applies the voting rule in force: quorum, majority, void rounds."""
        return self.service_form_view(
            request,
            title=_("Record a vote"),
            # From a session's page: its sittings, items and resolutions only.
            initial={"session": request.GET.get("session")},
            call=lambda data: vote_record(recorded_by=request.user, **data),
            success=lambda data: (
                _("The vote on “%(subject)s” is recorded.") % {"subject": data["subject"]}
            ),
        )

    def correct_view(self, request, pk):
        """New figures for a mistyped vote: a new record; the old one is kept, superseded."""
        vote = get_object_or_404(Vote.objects.select_related("session"), pk=pk)
        return self._step_on(
            request,
            vote,
            title=_("Correct the vote"),
            form_class=correction_form(vote),
            initial={name: getattr(vote, name) for name in VOTE_COUNTS},
            call=lambda data: vote_correct(vote=vote, corrected_by=request.user, **data),
            done=_("The vote on “%(subject)s” is corrected; the record it replaces is kept."),
        )

    def void_view(self, request, pk):
        vote = get_object_or_404(Vote.objects.select_related("session"), pk=pk)
        return self._step_on(
            request,
            vote,
            title=_("Void the vote"),
            form_class=VoteVoidForm,
            call=lambda data: vote_void(vote=vote, voided_by=request.user, **data),
            done=_("The vote on “%(subject)s” is voided; it is no longer printed."),
        )

    def _step_on(self, request, vote, *, done, **step):
        return self.service_form_view(
            request,
            permission="change",
            intro=describe_vote(vote),
            success=lambda data: done % {"subject": vote.subject},
            **step,
        )


def describe_vote(vote: Vote) -> str:
    """Which vote a correction is about, in a line."""
    return _(
        "%(session)s · “%(subject)s”, round %(round)s: for %(for)s, against %(against)s, "
        "abstentions %(abstentions)s (%(state)s)."
    ) % {
        "session": vote.session,
        "subject": vote.subject,
        "round": vote.round,
        "for": vote.votes_for,
        "against": vote.votes_against,
        "abstentions": vote.abstentions,
        "state": vote.get_state_display(),
    }


class ResolutionVersionInline(KeptFormSetClass, KeptWidgets, admin.StackedInline):
    model = ResolutionVersion
    formset = PlainRowsFormSet  # the rows read by a prepared statement (decision 299)
    extra = 1
    fields = ["number", "text", "note", "created_by_name", "created_at"]
    readonly_fields = ["number", "created_by_name", "created_at"]
    created_by_name = user_name_field(ResolutionVersion, "created_by")
    verbose_name_plural = _("Versions (add a new one below; earlier versions stay as they are)")

    def has_add_permission(self, request, obj=None):
        # Once voted on, a resolution's text is final (the service refuses new versions).
        return obj is None or obj.status == Resolution.Status.DRAFT

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each version prints who wrote it: read with it, not a query per version.
        return super().get_queryset(request).select_related("created_by")


class ResolutionForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_to_session(self, ["agenda_item"], session_of(self))


@admin.register(Resolution)
class ResolutionAdmin(KeptFormClass, PlainObjectRead, OfficeModelAdmin):
    form = ResolutionForm
    # Every session's items until the session is known: hundreds at a large office.
    autocomplete_fields = ["agenda_item"]
    list_display = ["title", "session", "status"]
    list_filter = [("session", FindFilter), "status"]
    list_select_related = ["session"]
    object_select_related = ("session",)  # shown read-only, its items offered
    readonly_fields = ["status"]
    inlines = [ResolutionVersionInline]

    def get_readonly_fields(self, request, obj=None):
        # Its items, votes and printed text belong to its session: it never moves.
        return [*self.readonly_fields, "session"] if obj else self.readonly_fields

    def save_formset(self, request, form, formset, change):
        # New versions go through the service, which numbers them and refuses once voted.
        drafts = formset.save(commit=False)
        formset.new_objects = [
            resolution_add_version(
                resolution=form.instance,
                text=draft.text,
                note=draft.note,
                created_by=request.user,
            )
            for draft in drafts
            if draft.pk is None
        ]
