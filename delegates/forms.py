from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress_office.wording import written_date

from .models import Delegate, Delegation, ElectoralUnit, QualificationEvent
from .workflow import ENTRY_KINDS, QUALIFICATION_WORKFLOW


class DelegateEntryForm(forms.ModelForm):
    """The admin's add form: the delegate's facts plus how and when they entered the roster."""

    entry_kind = forms.ChoiceField(
        label=_("Entered by"),
        choices=[(k.value, k.label) for k in QualificationEvent.Kind if k in ENTRY_KINDS],
    )
    effective_date = forms.DateField(label=_("Effective date"))
    decision_reference = forms.CharField(label=_("Decision reference"), max_length=200)

    class Meta:
        model = Delegate
        fields = [
            "term",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "education",
            "occupation",
            "work_unit",
            "post",
            "phone",
            "email",
            "user",
            "electoral_unit",
            "delegation",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Picked by typing (the admin's `autocomplete_fields`: 500 units and 250 delegations
        # at five terms of a large office, decision 273), among every term's, whose names
        # come back in each term: each found one is named with its term, the latest first.
        for name, model in (("electoral_unit", ElectoralUnit), ("delegation", Delegation)):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = model.objects.select_related("term").order_by(
                    "-term__start_date", "name", "pk"
                )
                field.label_from_instance = _named_with_term


def _named_with_term(row) -> str:
    return f"{row.name} · {row.term.name}"


class QualificationChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Change"),
        choices=[
            (k.value, k.label) for k in QualificationEvent.Kind if k in QUALIFICATION_WORKFLOW.steps
        ],
    )
    effective_date = forms.DateField(label=_("Effective date"))
    decision_reference = forms.CharField(label=_("Decision reference"), max_length=200)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MoveToDelegationForm(forms.Form):
    delegation = forms.ModelChoiceField(label=_("Delegation"), queryset=Delegation.objects.none())

    def __init__(self, *args, term_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.filter(term__in=term_ids)


class StructureDateForm(forms.Form):
    date = forms.DateField(label=_("On date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, term, **kwargs):
        super().__init__(*args, **kwargs)
        self.term = term

    def default_date(self):
        """Today, or the term's last day once it is over."""
        return min(timezone.localdate(), self.term.end_date)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not self.term.start_date <= day <= self.term.end_date:
            raise forms.ValidationError(
                _("Choose a date within the term (%(start)s to %(end)s).")
                % {
                    "start": written_date(self.term.start_date),
                    "end": written_date(self.term.end_date),
                }
            )
        return day
