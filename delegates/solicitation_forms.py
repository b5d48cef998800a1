"""The delegate's answer form, built from a solicitation's questions: a field per question,
named q<pk>. Whether a question must be answered is the service's rule (only when sending),
so every field is optional here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SolicitationQuestion

Kind = SolicitationQuestion.Kind
RATINGS = [(str(n), str(n)) for n in range(1, 6)]


def _field(question: SolicitationQuestion, disabled: bool) -> forms.Field:
    common = {"label": question.text, "required": False, "disabled": disabled}
    if question.kind == Kind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if question.kind == Kind.RATING:
        return forms.ChoiceField(
            choices=RATINGS,
            widget=forms.RadioSelect,
            help_text=_("1 is the lowest, 5 the highest."),
            **common,
        )
    choices = [(str(i), label) for i, label in enumerate(question.choice_labels)]
    if question.kind == Kind.SEVERAL:
        return forms.MultipleChoiceField(
            choices=choices,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Choose as many as apply."),
            **common,
        )
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)


class SolicitationAnswerForm(forms.Form):
    def __init__(self, *args, questions, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            field = _field(question, disabled)
            if question.required:
                field.label_suffix = " *"
            self.fields[f"q{question.pk}"] = field

    def values(self) -> dict:
        """The answers by question pk, for the service."""
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}
