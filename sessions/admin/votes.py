from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import OfficeModelAdmin, user_name_field

from ..models import Resolution, ResolutionVersion, Vote
from ..services import resolution_add_version, vote_record


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
            "ballots_issued",
            "ballots_returned",
            "votes_for",
            "votes_against",
            "abstentions",
        ]


@admin.register(Vote)
class VoteAdmin(OfficeModelAdmin):
    """Votes are recorded once, through the service that applies the rule in force."""

    form = VoteForm
    list_display = [
        "subject",
        "session",
        "votes_for",
        "votes_against",
        "abstentions",
        "present",
        "entitled",
        "passed",
        "void",
    ]
    list_filter = ["session", "matter", "passed"]
    list_select_related = ["session"]
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
    ]
    recorded_by_name = user_name_field(Vote, "recorded_by")

    @admin.display(description=_("rule in force"))
    def rule_in_force(self, obj):
        return obj.rule_description()

    def get_fields(self, request, obj=None):
        # Adding records the counts; everything else is worked out by the service.
        return (
            VoteForm.Meta.fields if obj is None else [*VoteForm.Meta.fields, *self.readonly_fields]
        )

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

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
        ]
        return own + super().get_urls()

    def record_view(self, request):
        """The service applies the voting rule in force: quorum, majority, void rounds."""
        return self.service_form_view(
            request,
            title=_("Record a vote"),
            call=lambda data: vote_record(recorded_by=request.user, **data),
            success=lambda data: (
                _("The vote on “%(subject)s” is recorded.") % {"subject": data["subject"]}
            ),
        )


class ResolutionVersionInline(admin.StackedInline):
    model = ResolutionVersion
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


@admin.register(Resolution)
class ResolutionAdmin(OfficeModelAdmin):
    list_display = ["title", "session", "status"]
    list_filter = ["session", "status"]
    list_select_related = ["session"]
    readonly_fields = ["status"]
    inlines = [ResolutionVersionInline]

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
