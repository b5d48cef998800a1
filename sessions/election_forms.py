"""The forms of an election's pages: the delegate's ballot."""

import hashlib

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Mark, Session, Sitting

BLANK = ""


def mark_field_name(candidate) -> str:
    return f"m-{candidate.pk}"


def add_mark_fields(form, candidates) -> None:
    """One field per candidate on a ballot form: ○ (for), × (against) or blank, as buttons."""
    labels = dict(Mark.choices)
    choices = [
        (Mark.FOR.value, str(labels[Mark.FOR])),
        (Mark.AGAINST.value, str(labels[Mark.AGAINST])),
        (BLANK, str(gettext_lazy("Blank"))),
    ]
    for candidate in candidates:
        form.fields[mark_field_name(candidate)] = forms.ChoiceField(
            label=candidate.name,
            choices=choices,
            required=False,
            initial=BLANK,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": gettext_lazy("Choose ○, × or blank.")},
        )


class ElectionBallotForm(forms.Form):
    """One mark per candidate: ○ for, × against, or blank (an abstention). More "for" than
    the round's seats is refused here, before the service refuses it too. Nothing of it is
    kept between the steps: the review page carries the marks in hidden fields."""

    def __init__(self, *args, candidates, seats: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates, self.seats = candidates, seats
        add_mark_fields(self, candidates)

    def clean(self):
        data = super().clean()
        given_for = sum(1 for c in self.candidates if data.get(mark_field_name(c)) == Mark.FOR)
        if given_for > self.seats:
            raise forms.ValidationError(
                _(
                    "You marked %(given)s candidates ○ (for): vote for at most %(seats)s. "
                    "Change some marks."
                )
                % {"given": given_for, "seats": self.seats}
            )
        return data

    @cached_property
    def markup_key(self) -> str:
        """What the unbound ballot's markup is made of, as a key to cache it under: the
        candidates (ids and names, in order) and the choices in the reader's language. The
        same for every voter of the round: nothing of anyone's marks (decision 192)."""
        choices = next(iter(self.fields.values())).choices if self.fields else []
        lines = [(c.pk, c.name) for c in self.candidates]
        return hashlib.sha256(repr((lines, choices)).encode()).hexdigest()

    def rows(self):
        """(candidate, bound field) for the template."""
        return [(c, self[mark_field_name(c)]) for c in self.candidates]

    def summary(self):
        """(candidate, label, field name, value) for the review page."""
        labels = dict(next(iter(self.fields.values())).choices)
        return [
            (
                c,
                labels[self.cleaned_data.get(mark_field_name(c)) or BLANK],
                mark_field_name(c),
                self.cleaned_data.get(mark_field_name(c)) or BLANK,
            )
            for c in self.candidates
        ]

    def marks(self) -> dict:
        """{candidate id: "for" or "against"}, blanks left out, for `election_ballot_cast`."""
        return {
            c.pk: self.cleaned_data[mark_field_name(c)]
            for c in self.candidates
            if self.cleaned_data.get(mark_field_name(c))
        }


class RoundOpenForm(forms.Form):
    """The sitting a first round is held at (the service checks it is the election's)."""

    sitting = forms.ModelChoiceField(
        label=gettext_lazy("Sitting"),
        queryset=Sitting.objects.filter(session__status=Session.Status.IN_PROGRESS).select_related(
            "session"
        ),
    )


class RoundCloseForm(forms.Form):
    """Closing ends the round's voting for good: the office says so once more."""

    confirm = forms.BooleanField(
        label=gettext_lazy(
            "Close the open round now: no more ballots, online or on paper; this cannot be undone"
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm.")},
    )
