from django.contrib import admin
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import OfficeModelAdmin, user_name_field

from ..briefing_reads import briefing_readership
from ..briefings import briefing_audience_set, briefing_draft_save, briefing_publish
from ..models import Briefing
from .messages import OfficeMessageAdmin


@admin.register(Briefing)
class BriefingAdmin(OfficeMessageAdmin, OfficeModelAdmin):
    """Drafts are written and addressed here; the "Publish" action sends them (through the
    service) and makes them read-only; a published one's page says who has read it."""

    list_display = ["title", "term", "published_at", "read_count"]
    list_filter = ["term", ("published_at", admin.EmptyFieldListFilter)]
    list_select_related = ["term"]
    search_fields = ["title"]
    actions = ["publish"]
    filter_horizontal = ["delegations"]
    download_url_name = "delegates:briefing_attachment"

    def publish_service(briefing, user):
        return briefing_publish(briefing=briefing, published_by=user)

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
        self._publish_each(request, queryset)

    @admin.display(description=_("attached file"))
    def download(self, obj):
        return self._download(obj)

    @admin.display(description=_("addressed to"))
    def audience(self, obj):
        names = [d.name for d in obj.delegations.all()]
        return "、".join(names) if names else _("Every delegate of the term")

    @admin.display(description=_("who has read it"))
    def readership(self, obj):
        return render_to_string(
            "admin/delegates/briefing_readership.html", {"readership": briefing_readership(obj)}
        )
