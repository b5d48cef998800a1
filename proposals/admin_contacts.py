"""What a delegate raised to their committee member, made a suggestion by the office: the
contacts' admin (delegates app) gains, here, the action and page that make one, and shows the
suggestion made. The delegates app cannot know of proposals (decision 166), so this app
registers its own version of the contacts' admin in place of the delegates app's."""

from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_office.wording import labelled
from delegates.admin.contacts import ContactAdmin
from delegates.models import Contact

from .admin_solicitations import SuggestionFromAnswerForm as SuggestionForm
from .contact_suggestions import proposal_from_contact
from .models import Proposal


class ContactWithSuggestionAdmin(ContactAdmin):
    actions = ["make_suggestion"]
    list_display = [*ContactAdmin.list_display, "suggestion_made"]
    list_select_related = [*ContactAdmin.list_select_related, "suggestion"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is None else [*fields, "suggestion_made"]

    def get_urls(self):
        own = [
            path(
                "<int:pk>/suggestion/",
                self.admin_site.admin_view(self.suggestion_view),
                name="delegates_contact_suggestion",
            ),
        ]
        return own + super().get_urls()

    @admin.display(description=gettext_lazy("suggestion made of it"))
    def suggestion_made(self, obj):
        try:
            suggestion = obj.suggestion
        except Proposal.DoesNotExist:
            if not obj.raised:
                return self.get_empty_value_display()
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:delegates_contact_suggestion", args=[obj.pk]),
                _("Make a suggestion of it"),
            )
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:proposals_proposal_change", args=[suggestion.pk]),
            suggestion,
        )

    @admin.action(
        description=gettext_lazy("Make a suggestion of what was raised"), permissions=["change"]
    )
    def make_suggestion(self, request, queryset):
        contacts = list(queryset[:2])
        if len(contacts) != 1:
            self.message_user(
                request,
                _("Choose one contact: each suggestion is written from one contact."),
                messages.ERROR,
            )
            return None
        return redirect("admin:delegates_contact_suggestion", contacts[0].pk)

    def suggestion_view(self, request, pk):
        """The suggestion's text, from what was raised; on saving, it is submitted in the
        delegate's name."""
        contact = get_object_or_404(Contact.objects.select_related("member", "delegate"), pk=pk)
        return self.service_form_view(
            request,
            title=_("Make a suggestion of what was raised"),
            intro=str(contact),
            form_class=SuggestionForm,  # the same text as a suggestion from an answer
            initial={"situation": contact.raised},
            permission="change",
            call=lambda data: (
                proposal_from_contact(contact=contact, logged_by=request.user, **data) and contact
            ),
            success=lambda data: labelled(
                data["title"], _("submitted in the name of %(name)s") % {"name": contact.delegate}
            ),
        )


admin.site.unregister(Contact)
admin.site.register(Contact, ContactWithSuggestionAdmin)
