"""The office's personal-data pages: the retention rule, the record of removals, and the
delegates' list's action that removes details, through a page saying exactly what goes and
what stays (decisions 234 and 235)."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congress_office.admin_helpers import OfficeModelAdmin, user_name_field
from congress_office.admin_rules import OneRowRulesAdmin
from congress_office.forms import apply_service

from ..models import PersonalDataRules, PersonalDetailsRemoval
from ..personal_details import (
    KEPT_FIELDS,
    REMOVED_FIELDS,
    delegates_personal_details_remove,
    removal_refusals,
    retention_ends,
)
from ..roster_check import LABELS as ROSTER_LABELS


@admin.register(PersonalDataRules)
class PersonalDataRulesAdmin(OneRowRulesAdmin):
    pass


@admin.register(PersonalDetailsRemoval)
class PersonalDetailsRemovalAdmin(OfficeModelAdmin):
    """The record of removals: read, never written or changed here."""

    list_display = ["delegate", "delegate_term", "at", "removed_by", "account"]
    list_filter = ["delegate__term", "account"]
    list_select_related = ["delegate__term", "actor"]
    search_fields = ["delegate__name"]
    removed_by = user_name_field(PersonalDetailsRemoval, "actor")

    @admin.display(description=_("term"), ordering="delegate__term")
    def delegate_term(self, obj):
        return obj.delegate.term

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _labels(names) -> list[str]:
    """The fields' names as the roster file's columns call them (a person's "Name")."""
    return [str(ROSTER_LABELS[name]) for name in names]


@admin.action(description=_("Remove personal details (retention ended)"), permissions=["change"])
def remove_personal_details(model_admin, request, queryset):
    """Ask first, on a page listing the delegates, what goes, what stays and who may not have
    theirs removed yet; remove on the confirmation, all or none."""
    delegates = list(queryset.select_related("term"))
    if "apply" in request.POST:
        removed = apply_service(
            None,
            lambda: delegates_personal_details_remove(delegates=delegates, removed_by=request.user),
            request=request,
        )
        if removed:
            model_admin.message_user(
                request,
                ngettext(
                    "The personal details of %(n)d delegate are removed.",
                    "The personal details of %(n)d delegates are removed.",
                    removed.result,
                )
                % {"n": removed.result},
                messages.SUCCESS,
            )
        return None
    years = PersonalDataRules.current().retention_years
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Remove personal details"),
        "opts": model_admin.model._meta,
        "delegates": [(d, retention_ends(d.term.end_date, years)) for d in delegates],
        "refusals": removal_refusals(delegates, timezone.localdate()),
        "years": years,
        "removed": [*_labels(REMOVED_FIELDS)],
        "birth_date": ROSTER_LABELS["birth_date"],
        "kept": _labels(KEPT_FIELDS),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/delegates/remove_personal_details.html", context)
