from django import forms
from django.utils.translation import gettext_lazy as _

from delegates.models import Delegate
from sessions.admin.choices import choices_at_once
from sessions.models import Session

from .draft_choices import NamedRowsSelect
from .models import Consultation, Feedback, HandlingUnit, Proposal, ProposalCategory, Reply


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = [
            "kind",
            "inquired_unit",
            "title",
            "category",
            "situation",
            "recommendations",
            "session",
        ]
        widgets = {
            # every unit and category, written once for the rows read (decision 326)
            "inquired_unit": NamedRowsSelect(HandlingUnit),
            "category": NamedRowsSelect(ProposalCategory),
            "situation": forms.Textarea(attrs={"rows": 6}),
            "recommendations": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, author: Delegate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = author.term.sessions.exclude(status=Session.Status.CLOSED)
        choices_at_once(self, ["session"])  # a few rows: one statement, no cursor on the server
        self.fields["session"].required = False
        self.fields["category"].required = False
        self.fields["inquired_unit"].required = False  # an inquiry's only: the service says
        self.fields["inquired_unit"].help_text = _("For an inquiry: the department it questions.")


class CosignerForm(forms.Form):
    cosigners = forms.ModelMultipleChoiceField(
        label=_("Ask these delegates to co-sign"),
        queryset=Delegate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].queryset = candidates


# What a step that cannot be undone says when its box is left unticked.
CONFIRM_MISSING = {"required": _("Tick the box to confirm.")}


class ReplyForm(forms.Form):
    confirmation_fields = ("confirm",)  # not the service's: congress_office.forms.run_step

    result = forms.ChoiceField(label=_("Result"), choices=Reply.Result.choices)
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 8}))
    views_taken_in = forms.MultipleChoiceField(
        label=_("Co-handling units' views taken in"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # A reply is final once sent (the delegate rates it; the letter is printed from it).
    confirm = forms.BooleanField(
        label=_("This reply is final: send it as it is"), error_messages=CONFIRM_MISSING
    )

    def __init__(self, *args, views_received=(), **kwargs):
        """`views_received`: the co-handling units' views the lead unit may tick as taken in
        (none for a co-handling unit's own view, which drops the field)."""
        super().__init__(*args, **kwargs)
        self.views = {str(view.pk): view for view in views_received}
        if self.views:
            self.fields["views_taken_in"].choices = [
                (pk, f"{view.assignment.unit} · {view.get_result_display()}")
                for pk, view in self.views.items()
            ]
        else:
            del self.fields["views_taken_in"]

    def clean_views_taken_in(self):
        return [self.views[pk] for pk in self.cleaned_data["views_taken_in"]]


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = ["held_on", "way", "agreed"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "way": forms.RadioSelect,
            "agreed": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["way"].choices = Consultation.Way.choices  # no preselected "---------"


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the item is not your unit's business"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["overall", "consultation", "attitude", "reply_quality", "result", "comment"]
        widgets = {"overall": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, by_aspect: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # The overall rating is a choice among the ratings, none chosen until the delegate
        # chooses (the model's "---------" would be a preselected fourth radio button).
        self.fields["overall"].choices = Feedback.Rating.choices
        self.fields["comment"].help_text = _("Required when you are dissatisfied.")
        if not by_aspect:
            for name in ("consultation", "attitude", "reply_quality", "result"):
                del self.fields[name]


class ExtensionForm(forms.Form):
    until = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Why more time is needed"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File (PDF, DOCX, PNG or JPEG, up to 20 MB)"))


class WithdrawForm(forms.Form):
    """Withdrawing cannot be undone: the author says so once more."""

    confirmation_fields = ("confirm",)

    confirm = forms.BooleanField(
        label=_("Yes, withdraw this item: it cannot be undone"), error_messages=CONFIRM_MISSING
    )


class SubmitForm(forms.Form):
    as_suggestion = forms.BooleanField(label=_("Submit as a suggestion"), required=False)


class CosignatureAnswerForm(forms.Form):
    CONFIRM, DECLINE = "confirm", "decline"
    answer = forms.ChoiceField(choices=[(CONFIRM, _("Confirm")), (DECLINE, _("Decline"))])
