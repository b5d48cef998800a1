from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import OfficeModelAdmin, apply_to_each, user_name_field
from congress_office.wording import labelled

from ..briefing_reads import briefing_readership
from ..briefings import briefing_audience_set, briefing_draft_save, briefing_publish
from ..models import Briefing


@admin.register(Briefing)
class BriefingAdmin(OfficeModelAdmin):
    """Drafts are written and addressed here; the "Publish" action sends them (through the
    service) and makes them read-only; a published one's page says who has read it."""

    list_display = ["title", "term", "published_at", "read_count"]
    list_filter = ["term", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["term"]
    search_fields = ["title"]
    actions = ["publish"]
    filter_horizontal = ["delegations"]

    # By name, not as a link to the user's admin page, which office staff may not open.
    publisher = user_name_field(Briefing, "published_by")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(read_count=Count("reads"))

    @admin.display(description=_("Read by"), ordering="read_count")
    def read_count(self, obj):
        return obj.read_count

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return ["term", "title", "body", "download", "audience", "published_at",
                    "publisher", "readership"]  # fmt: skip
        if obj is not None and obj.attachment:
            return ["term", "title", "body", "download", "attachment", "delegations"]
        return ["term", "title", "body", "attachment", "delegations"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return self.get_fields(request, obj)
        return ["download"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "attachment":
            # A plain file input: the stored file is reached through the download that checks
            # its reader (decision 96), never by the storage URL Django's widget would link.
            kwargs["widget"] = forms.FileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        draft = obj is None or not obj.is_published
        return draft and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        draft = obj is None or not obj.is_published
        return draft and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        uploaded = form.cleaned_data.get("attachment")
        briefing_draft_save(
            briefing=obj,
            saved_by=request.user,
            new_attachment=uploaded if "attachment" in form.changed_data and uploaded else None,
        )

    def save_related(self, request, form, formsets, change):
        briefing_audience_set(
            briefing=form.instance,
            delegations=form.cleaned_data.get("delegations", []),
            set_by=request.user,
        )

    @admin.action(description=_("Publish to the delegates"), permissions=["change"])
    def publish(self, request, queryset):
        def published(briefing):
            briefing = briefing_publish(briefing=briefing, published_by=request.user)
            self.message_user(request, labelled(briefing, _("published")), messages.SUCCESS)

        apply_to_each(self, request, queryset, published)

    @admin.display(description=_("attached file"))
    def download(self, obj):
        if not obj.attachment:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("delegates:briefing_attachment", args=[obj.pk]),
            _("Download the attached file"),
        )

    @admin.display(description=_("addressed to"))
    def audience(self, obj):
        names = [d.name for d in obj.delegations.all()]
        return "、".join(names) if names else _("Every delegate of the term")

    @admin.display(description=_("who has read it"))
    def readership(self, obj):
        return render_to_string(
            "admin/delegates/briefing_readership.html", {"readership": briefing_readership(obj)}
        )
