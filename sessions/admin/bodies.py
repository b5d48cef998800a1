from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_office.admin_helpers import OfficeModelAdmin, SafeAutocomplete
from congress_office.kept_form_classes import KeptFormClass, KeptFormSetClass
from congress_office.kept_lists import KeptLists
from congress_office.kept_widgets import KeptWidgets

from ..bodies import body_seats_check, holding_on
from ..models import Body, Membership


class MembershipInline(KeptFormSetClass, KeptWidgets, SafeAutocomplete, admin.TabularInline):
    """Seats are ended, never deleted: the body on any past date is read from them."""

    model = Membership
    extra = 0
    can_delete = False
    fields = [
        "name",
        "delegate",
        "post",
        "role",
        "alternate_rank",
        "start_date",
        "elected_at",
        "decision",
        "end_date",
        "end_reason",
    ]
    # The session elected at is offered from every session, named by its own name alone (no
    # term read with it): its select's markup is then kept by its rows (decision 376).
    autocomplete_fields = ["delegate"]


@admin.register(Body)
class BodyAdmin(KeptLists, KeptFormClass, OfficeModelAdmin):
    list_display = ["name", "kind", "term", "seats", "alternate_seats", "members_now"]
    list_filter = ["term", "kind"]
    list_select_related = ["term"]
    search_fields = ["name", "memberships__name"]
    fields = ["term", "kind", "name", "seats", "alternate_seats"]
    inlines = [MembershipInline]

    @admin.display(description=_("members now"))
    def members_now(self, obj):
        return obj.members_now

    def list_rows_read(self, request, rows):
        """Each body's members now, counted for the page's bodies alone (decision 391): as
        an annotation of the list's queryset, every count of the list and each filter's
        counts grouped all bodies' memberships in a subquery."""
        if not rows:
            return
        held = Membership.objects.filter(holding_on(timezone.localdate()))
        held = held.filter(body__in=[body.pk for body in rows]).order_by()
        counted = dict(held.values_list("body").annotate(Count("pk")))
        for body in rows:
            body.members_now = counted.get(body.pk, 0)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After every row is saved: an over-filled day refuses the whole page, and the
        # page's transaction undoes what was written (OfficeModelAdmin.changeform_view).
        body_seats_check(body=form.instance)
