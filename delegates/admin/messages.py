from django import forms
from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import apply_to_each
from congress_office.wording import labelled


class OfficeMessageAdmin:
    """For the admin of what the office publishes to delegates (briefings, solicitations):
    a draft is edited, a published one only read; its file is uploaded through a plain
    input and downloaded through the page that checks its reader. A subclass names
    `publish_service` (a function of the message and the user) and `download_url_name`."""

    publish_service = None
    download_url_name = ""
    download_label = _("Download the attached file")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "attachment":
            # A plain file input: the stored file is reached through the download that checks
            # its reader (decision 96), never by the storage URL Django's widget would link.
            kwargs["widget"] = forms.FileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return self.get_fields(request, obj)
        return ["download"]

    def has_change_permission(self, request, obj=None):
        draft = obj is None or not obj.is_published
        return draft and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        draft = obj is None or not obj.is_published
        return draft and super().has_delete_permission(request, obj)

    def _publish_each(self, request, queryset):
        publish = type(self).publish_service

        def published(message):
            message = publish(message, request.user)
            self.message_user(request, labelled(message, _("published")), messages.SUCCESS)

        apply_to_each(self, request, queryset, published)

    def _download(self, obj):
        if not obj.attachment:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse(self.download_url_name, args=[obj.pk]),
            self.download_label,
        )
