from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress_office.admin_helpers import OfficeModelAdmin, user_name_field
from congress_office.audit_trail import record_export
from congress_office.forms import apply_service
from congress_office.kept_form_classes import KeptFormClass
from congress_office.kept_widgets import KeptWidgets
from congress_office.plain_admin_reads import PlainObjectRead
from congress_office.row_counts import row_counted
from congress_office.tabular import table_response
from congress_office.value_rows import ValueRowsAdmin, ValueRowsFormSet, ValueRowsInline

from ..forms import (
    DelegateEntryForm,
    MoveToDelegationForm,
    QualificationChangeForm,
    StructureDateForm,
)
from ..models import (
    Delegate,
    Delegation,
    ElectoralUnit,
    NonVotingAttendee,
    QualificationEvent,
    Term,
)
from ..personal_details import REMOVED_FIELDS
from ..picker_reads import chosen_delegation
from ..roster_files import roster_table
from ..roster_list import RosterPaginator
from ..selectors import changes_after
from ..services import (
    delegate_change_qualification,
    delegate_check_user,
    delegate_enter,
    delegate_link_user,
    delegates_move_to_delegation,
    delegation_set_leader,
)
from ..statistics import (
    statistics_table,
    structure_with_vacancies,
    term_electoral_units,
    term_of,
)
from .filters import KeptFindFilter
from .personal_data import remove_personal_details


@admin.register(Term)
class TermAdmin(OfficeModelAdmin):
    list_display = ["name", "level", "start_date", "end_date", "seats", "structure_link"]
    list_filter = ["level"]
    search_fields = ["name"]

    @admin.display(description=_("Structure"))
    def structure_link(self, obj):
        url = reverse("admin:delegates_term_structure", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Structure and vacancies"))

    def get_urls(self):
        own = [
            path(
                "<int:pk>/structure/",
                self.admin_site.admin_view(self.structure_view),
                name="delegates_term_structure",
            ),
        ]
        return own + super().get_urls()

    def structure_view(self, request, pk):
        term = term_of(pk)
        if not self.has_view_permission(request, term):
            raise PermissionDenied
        form = StructureDateForm(request.GET or None, term=term)
        on_date = form.cleaned_data["date"] if form.is_valid() else form.default_date()
        changed = changes_after(term, on_date)  # asked once for the counts and the vacancies
        # The electoral units, named in the counts and listed with their vacancies: read once.
        units = term_electoral_units(term)
        # The counts and the seat holders by unit from one pass over the term (decision 309).
        total, dimensions, units = structure_with_vacancies(term, on_date, changed, units)
        file_format = request.GET.get("format")
        if file_format in ("csv", "xlsx"):
            header, rows = statistics_table(dimensions)
            return table_response(
                filename=f"structure-{on_date:%Y%m%d}",
                file_format=file_format,
                header=header,
                rows=rows,
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Structure of the delegates"),
            "opts": self.model._meta,
            "term": term,
            "form": form,
            "on_date": on_date,
            "total": total,
            "dimensions": dimensions,
            "units": units,
        }
        return TemplateResponse(request, "admin/delegates/structure.html", context)


@admin.register(ElectoralUnit)
class ElectoralUnitAdmin(OfficeModelAdmin):
    list_display = ["name", "term", "seats"]
    list_filter = ["term"]
    list_select_related = ["term"]
    search_fields = ["name"]
    object_select_related = ("term",)  # shown read-only on the change page

    def get_readonly_fields(self, request, obj=None):
        # Its delegates belong to its term: a unit never moves to another term.
        return ["term"] if obj else []


def _save_all_but(obj, form, change, by_services) -> None:
    """Save the changed fields of a change page but those a service writes, which keep their
    stored values until it does (a new row is saved whole: it has no stored values)."""
    if not change:
        obj.save()
        return
    stored = type(obj).objects.get(pk=obj.pk)
    for name in by_services:
        setattr(obj, name, getattr(stored, name))
    obj.save(update_fields=[name for name in form.changed_data if name not in by_services])


@admin.register(Delegation)
class DelegationAdmin(OfficeModelAdmin):
    list_display = ["name", "term", "leader"]
    list_filter = ["term"]
    list_select_related = ["term", "leader"]
    # What the list's rows read (decision 330): not the leader's other columns, a delegate's
    # whole record (decision 355).
    list_reads = ("name", "term__name", "leader__name")
    search_fields = ["name"]
    autocomplete_fields = ["leader"]
    object_select_related = ("term",)  # shown read-only on the change page

    def get_readonly_fields(self, request, obj=None):
        # Its members belong to its term: a delegation never moves to another term.
        return ["term"] if obj else []

    def save_model(self, request, obj, form, change):
        # The leader is the service's to write (with the lead permission of their account,
        # and only theirs); Django saves the rest. A refusal undoes both and is shown next to
        # the field (OfficeModelAdmin.changeform_view).
        _save_all_but(obj, form, change, ["leader"])
        if "leader" in form.changed_data:
            delegation_set_leader(delegation=obj, leader=form.cleaned_data["leader"])


class QualificationEventInline(ValueRowsInline, KeptWidgets, admin.TabularInline):
    model = QualificationEvent
    fields = [
        "effective_date",
        "kind",
        "status_before",
        "status_after",
        "reason",
        "decision_reference",
        "actor_name",
        "at",
    ]
    readonly_fields = fields
    actor_name = user_name_field(QualificationEvent, "actor")
    extra = 0
    can_delete = False
    verbose_name_plural = _("Qualification history (record changes with the button above)")
    # The rows read by a prepared statement (decisions 299, 336), written from their objects
    # without a form each (decisions 359, 428).
    formset = ValueRowsFormSet

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # every column read-only: changed through the services alone

    def get_queryset(self, request):
        # Each row is named after its delegate (its `str()`, the row's heading): read with the
        # row, not once per row (decision 269).
        return super().get_queryset(request).select_related("actor", "delegate")


class DelegateChangeForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The delegation is picked among the delegate's term's: set on this form's own field,
        # not on its class, which is kept for every delegate's page (decision 384).
        if "delegation" in self.fields and self.instance.pk is not None:
            delegation = self.fields["delegation"]
            delegation.queryset = Delegation.objects.filter(term=self.instance.term_id)

    def clean(self):
        cleaned = super().clean()
        # Said next to the field before the database constraint behind it (one record per
        # account and term) is checked, which would say it at the top of the form.
        if "user" in cleaned:
            delegate_check_user(delegate=self.instance, user=cleaned["user"])
        return cleaned


# The columns whose counts by value the roster keeps (migration delegates 0013).
ROSTER_COUNTED_BY = ("status", "gender", "education", "occupation", "term_id")


def _removal(delegate):
    """The record of the removal of the delegate's personal details, or None."""
    return getattr(delegate, "personal_details_removal", None)


@admin.register(Delegate)
class DelegateAdmin(ValueRowsAdmin, KeptFormClass, PlainObjectRead, OfficeModelAdmin):
    list_display = [
        "name",
        "status",
        "gender",
        "work_unit",
        "post",
        "delegation",
        "electoral_unit",
        "term",
    ]
    list_filter = [
        "term",
        "status",
        ("delegation", KeptFindFilter),
        "occupation",
        "gender",
        "education",
    ]
    list_select_related = ["term", "delegation", "electoral_unit"]
    # What the list's rows read (decision 330): not the delegate's other dozen columns, nor
    # the term's, the delegation's and the unit's but their names (decision 355).
    list_reads = (
        "name",
        "status",
        "gender",
        "work_unit",
        "post",
        "delegation__name",
        "electoral_unit__name",
        "term__name",
    )
    # Each searched through its index of characters (decision 320), as the items' titles are
    # (decision 270), the phone but for a number: the same rows as `icontains`.
    search_fields = [
        "name__indexed_contains",
        "work_unit__indexed_contains",
        "phone__indexed_unless_digits",
    ]
    # Units and delegations by typing: every term's, hundreds at a large office (decision 273).
    autocomplete_fields = ["user", "electoral_unit", "delegation"]
    readonly_fields = ["status", "qualification_change_link"]
    # Shown read-only on the change page (`get_readonly_fields`): read with the delegate, and
    # whether its personal details were removed (the page's fields depend on it).
    object_select_related = ("term", "electoral_unit", "personal_details_removal")
    inlines = [QualificationEventInline]
    actions = ["move_to_delegation", "export_csv", "export_xlsx", remove_personal_details]

    # The whole roster's pages read term by term from an index (decision 264).
    paginator = RosterPaginator

    def get_queryset(self, request):
        # The whole roster's count (the page's and Django's full count) is kept (decision 263),
        # and its count by each value of the filters on its own fields (decision 320).
        return row_counted(super().get_queryset(request), by=ROSTER_COUNTED_BY)

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request, queryset, per_page, orphans, allow_empty_first_page
        )
        paginator.reads = self.list_reads  # its pages read only these (decision 356)
        return paginator

    def get_actions(self, request):
        # A roster keeps its history: delegates leave it by a recorded change, never by a
        # bulk delete (the admin's stock action).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    fieldsets = [
        (None, {"fields": ["term", "name", "gender", "ethnicity", "birth_date"]}),
        (_("Qualification"), {"fields": ["status", "qualification_change_link"]}),
        (_("Background"), {"fields": ["education", "occupation", "work_unit", "post"]}),
        (_("Contact"), {"fields": ["phone", "email", "user"]}),
        (_("Membership"), {"fields": ["electoral_unit", "delegation"]}),
    ]
    # Once removed, the details are gone for good: the page says so instead of asking for
    # them again (the work unit is a required field).
    removed_fieldsets = [
        (None, {"fields": ["term", "name", "gender", "ethnicity", "birth_month"]}),
        (_("Qualification"), {"fields": ["status", "qualification_change_link"]}),
        (_("Background"), {"fields": ["education", "occupation"]}),
        (_("Personal details"), {"fields": ["personal_details_removed"]}),
        (_("Membership"), {"fields": ["electoral_unit", "delegation"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["term", "name", "gender", "ethnicity", "birth_date"]}),
        (
            _("Entry into the roster"),
            {"fields": ["entry_kind", "effective_date", "decision_reference"]},
        ),
        (_("Background"), {"fields": ["education", "occupation", "work_unit", "post"]}),
        (_("Contact"), {"fields": ["phone", "email", "user"]}),
        (_("Membership"), {"fields": ["electoral_unit", "delegation"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.removed_fieldsets if _removal(obj) else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        # The term, electoral unit and qualification change only through the services.
        if obj is None:
            return []
        fixed = [*self.readonly_fields, "term", "electoral_unit"]
        if _removal(obj):
            fixed += ["birth_month", "personal_details_removed", *REMOVED_FIELDS, "user"]
        return fixed

    @admin.display(description=_("Year and month of birth"))
    def birth_month(self, obj):
        # All that is kept of the date of birth: its first of the month is no birthday.
        return date_format(obj.birth_date, "YEAR_MONTH_FORMAT")

    @admin.display(description=_("Removed"))
    def personal_details_removed(self, obj):
        removal = _removal(obj)
        by = removal.actor.get_full_name() or removal.actor.get_username() if removal.actor else "—"
        when = date_format(timezone.localtime(removal.at).date())
        return _(
            "Phone, email, work unit, post and day of birth removed on %(date)s by %(by)s."
        ) % {"date": when, "by": by}

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def has_add_permission(self, request):
        return False  # entered on a page of its own (enter_view), through the service

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = DelegateEntryForm
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = DelegateChangeForm  # its delegations the delegate's term's
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        # The account and the delegation are the services' to write (they keep a leader's
        # object permission and leadership in step); Django saves the rest. A refusal undoes
        # both and is shown next to its field (OfficeModelAdmin.changeform_view).
        _save_all_but(obj, form, change, ["user", "delegation"])
        if "user" in form.changed_data:
            delegate_link_user(delegate=obj, user=form.cleaned_data["user"])
        if "delegation" in form.changed_data:
            delegates_move_to_delegation(
                delegates=[obj], delegation=form.cleaned_data["delegation"]
            )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # The delegation picker's chosen row by a statement written once (decision 427).
            chosen_delegation(context["adminform"].form, obj.term_id)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def enter_view(self, request):
        """The service checks the seat, the term and the entry, and records the entry in the
        qualification history with the record."""

        def enter(data):
            data = dict(data)
            return delegate_enter(
                kind=data.pop("entry_kind"),
                effective_date=data.pop("effective_date"),
                decision_reference=data.pop("decision_reference"),
                recorded_by=request.user,
                **data,
            )

        return self.service_form_view(
            request,
            title=_("Enter a delegate"),
            call=enter,
            success=lambda data: _("%(name)s is entered into the roster.") % {"name": data["name"]},
        )

    @admin.display(description=_("Record a change"))
    def qualification_change_link(self, obj):
        url = reverse("admin:delegates_delegate_qualification", args=[obj.pk])
        return format_html(
            '<a class="button" href="{}">{}</a>', url, _("Record a qualification change")
        )

    def get_urls(self):
        own = [
            path(
                "enter/",
                self.admin_site.admin_view(self.enter_view),
                name="delegates_delegate_enter",
            ),
            path(
                "<int:pk>/qualification/",
                self.admin_site.admin_view(self.qualification_view),
                name="delegates_delegate_qualification",
            ),
        ]
        return own + super().get_urls()

    def qualification_view(self, request, pk):
        delegate = get_object_or_404(Delegate.objects.select_related("term"), pk=pk)
        if not self.has_change_permission(request, delegate):
            raise PermissionDenied
        form = QualificationChangeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            recorded = apply_service(
                form,
                lambda: delegate_change_qualification(
                    delegate=delegate, recorded_by=request.user, **form.cleaned_data
                ),
            )
            if recorded:
                self.message_user(
                    request,
                    _("Recorded: %(change)s for %(name)s.")
                    % {"change": recorded.result.get_kind_display(), "name": delegate.name},
                    messages.SUCCESS,
                )
                return redirect("admin:delegates_delegate_change", delegate.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Record a qualification change"),
            "delegate": delegate,
            "form": form,
            "opts": self.model._meta,
            "history": delegate.qualification_events.select_related("actor"),
        }
        return TemplateResponse(request, "admin/delegates/qualification_change.html", context)

    @admin.action(description=_("Export selected delegates to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export selected delegates to XLSX"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    def _export(self, request, queryset, file_format):
        header, rows = roster_table(queryset.order_by("electoral_unit__name", "name"))
        rows = list(rows)
        record_export(request, what="roster", file_format=file_format, count=len(rows))
        return table_response(filename="roster", file_format=file_format, header=header, rows=rows)

    @admin.action(description=_("Move to a delegation"), permissions=["change"])
    def move_to_delegation(self, request, queryset):
        term_ids = set(queryset.values_list("term", flat=True))
        form = MoveToDelegationForm(
            request.POST if "apply" in request.POST else None, term_ids=term_ids
        )
        if form.is_valid():
            moved = apply_service(
                None,
                lambda: delegates_move_to_delegation(
                    delegates=queryset, delegation=form.cleaned_data["delegation"]
                ),
                request=request,
            )
            if moved:
                self.message_user(
                    request,
                    ngettext("Moved %(n)d delegate.", "Moved %(n)d delegates.", moved.result)
                    % {"n": moved.result},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Move to a delegation"),
            "form": form,
            "delegates": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/delegates/move_to_delegation.html", context)


@admin.register(NonVotingAttendee)
class NonVotingAttendeeAdmin(OfficeModelAdmin):
    list_display = ["name", "category", "work_unit", "post", "term"]
    list_filter = ["term", "category"]
    list_select_related = ["term"]
    search_fields = ["name", "work_unit"]
