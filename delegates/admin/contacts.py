"""The office's side of the committee's contact with delegates: the members and the delegates
each keeps in touch with, the contacts' log, and who has not been contacted this half year
(a page of its own, counted on the desk)."""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_office.admin_autocomplete import search_words
from congress_office.admin_helpers import (
    OfficeModelAdmin,
    admin_page_context,
    model_field_names,
    user_name_field,
)
from congress_office.desk import DeskPart, count_each
from congress_office.kept_form_classes import KeptFormClass
from congress_office.kept_lists import KeptLists
from congress_office.plain_admin_reads import PlainObjectRead
from congress_office.wording import in_brackets

from ..contact_reads import half_year_start, not_contacted_by_member, not_contacted_since
from ..contacts import committee_member_save, committee_member_set_delegates, contact_log
from ..models import CommitteeMember, Contact, Delegate
from ..people import PersonChoiceField, people_by_name
from ..picker_reads import chosen_member_rows
from .filters import KeptRowsFilter


class DelegateChoiceField(forms.ModelMultipleChoiceField):
    """Delegates by name and delegation, which the picker searches too."""

    def label_from_instance(self, obj):
        return in_brackets(obj.name, obj.delegation.name) if obj.delegation_id else obj.name

    def search(self, queryset, term):
        return search_words(queryset, term, ["name", "delegation__name"])


class CommitteeMemberForm(forms.ModelForm):
    user = PersonChoiceField(
        label=_("User account"),
        queryset=people_by_name(get_user_model().objects.filter(is_active=True)),
        required=False,
        help_text=CommitteeMember._meta.get_field("user").help_text,
    )
    delegates = DelegateChoiceField(
        label=_("Delegates to keep in touch with"),
        queryset=Delegate.objects.none(),
        required=False,
        help_text=_("A delegate keeps in touch with one committee member in a term."),
    )

    class Meta:
        model = CommitteeMember
        fields = ["term", "name", "post", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        delegates = Delegate.objects.select_related("delegation").order_by("name", "pk")
        # The active delegates of the member's term (of the running terms, for a new member),
        # and those assigned already, so that saving keeps one whose duties were suspended.
        offered = Q(status=Delegate.Status.ACTIVE)
        if self.instance.pk is not None:
            delegates = delegates.filter(term_id=self.instance.term_id)
            # Their keys alone, by key: without the assignments' ordering, which joined the
            # member and the delegates to sort them (the picker's rows have their own order).
            assigned = sorted(
                self.instance.assignments.order_by().values_list("delegate_id", flat=True)
            )
            self.initial["delegates"] = assigned
            self.assigned = assigned  # the page's picker reads these by the member (decision 427)
            offered |= Q(pk__in=assigned)
        else:
            today = timezone.localdate()
            delegates = delegates.filter(term__start_date__lte=today, term__end_date__gte=today)
        self.fields["delegates"].queryset = delegates.filter(offered)


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(KeptFormClass, PlainObjectRead, OfficeModelAdmin):
    form = CommitteeMemberForm
    # Among every account and the term's delegates: thousands (decision 193).
    search_pickers = ["user", "delegates"]
    list_display = ["name", "post", "term", "delegate_count", "account"]
    list_filter = ["term"]
    list_select_related = ["term", "user"]
    search_fields = ["name", "post"]
    account = user_name_field(CommitteeMember, "user")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(delegate_count=Count("assignments"))

    def object_queryset(self, request):
        # The list's count of delegates is not on the member's pages: their rows without it
        # (a join and a grouping less), read by a prepared statement (decision 299).
        return super().get_queryset(request)

    @admin.display(description=_("Delegates"), ordering="delegate_count")
    def delegate_count(self, obj):
        return obj.delegate_count

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The pickers' chosen account and delegates by statements written once (decision 427).
        form = context["adminform"].form
        chosen_member_rows(form, getattr(form, "assigned", None))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        committee_member_save(member=obj, saved_by=request.user)

    def save_related(self, request, form, formsets, change):
        committee_member_set_delegates(
            member=form.instance, delegates=form.cleaned_data["delegates"], set_by=request.user
        )


@admin.register(Contact)
class ContactAdmin(KeptLists, OfficeModelAdmin):
    """The log of contacts. The office logs one for a member who has no account; once logged,
    a contact is kept as it was recorded."""

    list_display = ["date", "member", "delegate", "way", "raised_short", "recorder"]
    list_filter = ["member__term", "way", ("member", KeptRowsFilter)]
    list_select_related = ["member", "delegate", "recorded_by"]
    search_fields = ["member__name", "delegate__name", "raised"]
    date_hierarchy = "date"
    autocomplete_fields = ["member", "delegate"]  # picked by name among hundreds
    recorder = user_name_field(Contact, "recorded_by")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["member", "delegate", "date", "way", "raised"]
        return [*model_field_names(Contact)[:-2], "recorder", "recorded_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    @admin.display(description=_("what was raised"))
    def raised_short(self, obj):
        return obj.raised if len(obj.raised) <= 40 else obj.raised[:40] + "…"

    def save_model(self, request, obj, form, change):
        saved = contact_log(
            member=obj.member,
            delegate=obj.delegate,
            date=obj.date,
            way=obj.way,
            raised=obj.raised,
            recorded_by=request.user,
        )
        obj.pk = saved.pk

    def get_urls(self):
        own = [
            path(
                "not-contacted/",
                self.admin_site.admin_view(self.not_contacted_view),
                name="delegates_contact_not_contacted",
            ),
        ]
        return own + super().get_urls()

    def not_contacted_view(self, request):
        """The delegates not contacted this half year, by the member who keeps in touch."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        by_member = not_contacted_by_member(today)
        context = {
            **admin_page_context(self.admin_site, request),
            "title": _("Not contacted this half year"),
            "opts": self.model._meta,
            "since": half_year_start(today),
            "by_member": by_member,
            "total": sum(len(rows) for _member, rows in by_member),
        }
        return TemplateResponse(request, "admin/delegates/not_contacted.html", context)


def read_desk(today: datetime.date) -> dict:
    # The count's statement written once a day per process: the ORM took longer to write it
    # than the database to answer it (decision 292).
    counts = count_each(
        lambda: {"not_contacted": not_contacted_since(today)}, key=("contacts desk", today)
    )
    return {
        "count": counts["not_contacted"],
        "since": half_year_start(today),
        "url": reverse("admin:delegates_contact_not_contacted"),
    }


CONTACTS_DESK = DeskPart(
    order=40,
    permission="delegates.view_contact",
    template="admin/desk/contacts.html",
    read=read_desk,
)

admin.site.register_desk_part(CONTACTS_DESK)
