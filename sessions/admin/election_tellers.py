"""The office's page choosing an election's tellers (a picker by name and delegation), and the
election page's line saying who counts and who oversees."""

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from congress_office import object_permissions
from congress_office.wording import join_list, labelled
from delegates.people import PeopleChoiceField, people_by_name, person_label

from ..election_tellers import (
    SCRUTINISE_ELECTION,
    election_teller_candidates,
    election_tellers,
    election_tellers_set,
)
from ..models import Election


def _tellers_form(election: Election):
    class TellersForm(forms.Form):
        tellers = PeopleChoiceField(
            label=gettext_lazy("Tellers"),
            queryset=election_teller_candidates(election),
            required=False,
            widget=FilteredSelectMultiple(gettext_lazy("tellers"), is_stacked=False),
            help_text=gettext_lazy(
                "Staff who hand out and count the paper ballots on their own pages. The "
                "election's candidates cannot be tellers."
            ),
        )

    return TellersForm


def tellers_view(model_admin, request, pk):
    """Choose the election's tellers (at any step: they are often named on the day)."""
    election = get_object_or_404(Election.objects.select_related("session"), pk=pk)
    chosen = election_tellers(election)
    return model_admin.service_form_view(
        request,
        title=_("Tellers"),
        intro=str(election),
        form_class=_tellers_form(election),
        initial={"tellers": list(chosen)},
        permission="change",
        call=lambda data: (
            election_tellers_set(election=election, users=data["tellers"]) or election
        ),
        success=lambda data: labelled(
            election,
            ngettext("%(n)s teller", "%(n)s tellers", len(data["tellers"]))
            % {"n": len(data["tellers"])},
        ),
    )


def count_duties(election: Election) -> str:
    """Who counts and who oversees the count, with the link to choose the tellers."""
    if election.pk is None:
        return "-"
    term = election.session.term_id
    tellers = people_by_name(election_tellers(election), term=term)
    overseers = people_by_name(object_permissions.holders(SCRUTINISE_ELECTION, election), term=term)
    url = reverse("admin:congress_sessions_election_tellers", args=[election.pk])
    return format_html(
        '{}<br>{}<br><a href="{}">{}</a>',
        labelled(_("Tellers"), join_list([person_label(u) for u in tellers]) or _("none yet")),
        labelled(
            _("Scrutineers with the count pages"),
            join_list([person_label(u) for u in overseers]) or "-",
        ),
        url,
        _("Choose the tellers"),
    )
