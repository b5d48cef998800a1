"""The forms of an election's pages: the delegate's ballot."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_office.kept_text import kept

from .ballot_lines import BallotLine, sent
from .models import Mark, Session, Sitting

BLANK = ""
# The marks' labels (lazy: translated when shown), read once, not built on each ballot request.
MARK_LABELS = dict(Mark.choices)
MARKS_OFFERED = (
    (Mark.FOR.value, MARK_LABELS[Mark.FOR]),
    (Mark.AGAINST.value, MARK_LABELS[Mark.AGAINST]),
    (BLANK, gettext_lazy("Blank")),
)
# The unbound ballot's lines, the same for every voter of a round in a language (nothing
# marked), made once per process: {what they are made of: markup}, as the evaluation's
# (decision 267), instead of the cache's round trip and unpickling on every ballot page.
_unbound_markup: dict = {}
UNBOUND_KEPT = 64  # rounds × languages a process keeps; more, and it starts again


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


class ElectionBallotForm:
    """One mark per candidate: ○ for, × against, or blank (an abstention). More "for" than
    the round's seats is refused here, before the service refuses it too. Nothing of it is
    kept between the steps: the review page carries the marks in hidden fields.

    Not a Django form (decision 247): making, binding and cleaning a ChoiceField per candidate
    (38 in a county's election) cost the ballot's page and POST more CPU than the rest of the
    request, as the evaluation's 90 lines did (decision 190). A mark takes what a Django
    ChoiceField (not required) took: nothing or "" for a blank, or one of the choices;
    anything else is refused with the same message, and the page shows the same markup."""

    invalid_choice = gettext_lazy("Choose ○, × or blank.")

    def __init__(self, data=None, *, candidates, seats: int):
        self.data, self.is_bound = data, data is not None
        self.candidates, self.seats = candidates, seats
        # In the reader's language, once, rather than once for each radio button.
        self.choice_list = [(value, str(label)) for value, label in MARKS_OFFERED]
        self.names = [(candidate, mark_field_name(candidate)) for candidate in candidates]
        # What `show_refusal` asks of a form: the fields a refusal may be about.
        self.fields = dict.fromkeys(name for _candidate, name in self.names)
        self._errors = None

    @property
    def errors(self) -> dict:
        """{field name: [message]}, the refusals not about one line under NON_FIELD_ERRORS
        (as a Django form's); {} unbound."""
        if self._errors is None:
            self._clean()
        return self._errors

    def is_valid(self) -> bool:
        return self.is_bound and not self.errors

    def non_field_errors(self) -> list:
        return self.errors.get(NON_FIELD_ERRORS, [])

    def add_error(self, field, error) -> None:
        """A refusal, next to the line `field` names or (None) at the top of the ballot."""
        self.errors.setdefault(field or NON_FIELD_ERRORS, []).extend(
            ValidationError(error).messages
        )

    def _clean(self) -> None:
        self._cleaned, self._errors = {}, {}
        if not self.is_bound:
            return
        offered = {value for value, _label in self.choice_list}
        for _candidate, name in self.names:
            value = sent(self.data, name)
            if value in offered:
                self._cleaned[name] = value
            else:
                self._errors[name] = [str(self.invalid_choice)]
        given_for = sum(1 for value in self._cleaned.values() if value == Mark.FOR)
        if given_for > self.seats:
            self._errors[NON_FIELD_ERRORS] = [
                _(
                    "You marked %(given)s candidates ○ (for): vote for at most %(seats)s. "
                    "Change some marks."
                )
                % {"given": given_for, "seats": self.seats}
            ]

    def markup_made_of(self) -> tuple:
        """What the unbound ballot's markup is made of: the candidates (ids and names, in
        order) and the choices in the reader's language. The same for every voter of the
        round: nothing of anyone's marks (decision 192)."""
        return tuple((c.pk, c.name) for c in self.candidates), tuple(self.choice_list)

    def unbound_markup(self) -> str:
        """The unbound ballot's lines (`_election_ballot_lines.html`), made once per process
        for what they are made of (`markup_made_of`, compared whole, not a digest) and kept
        in the process (decision 312, as the evaluation's, decision 267). A bound ballot
        (refused, the "change" step) is never kept: it holds someone's marks."""
        if self.is_bound:
            raise ValueError("a bound ballot holds a voter's marks: it is never kept")
        return kept(
            _unbound_markup,
            self.markup_made_of(),
            lambda: render_to_string("sessions/_election_ballot_lines.html", {"form": self}),
            UNBOUND_KEPT,
        )

    def rows(self):
        """(candidate, BallotLine) for the template: unbound, every mark blank; bound, what
        was sent (also when refused, with the refusal)."""
        errors = self.errors
        return [
            (
                candidate,
                BallotLine(
                    name,
                    sent(self.data, name) if self.is_bound else BLANK,
                    self.choice_list,
                    tuple(errors.get(name, ())),
                ),
            )
            for candidate, name in self.names
        ]

    def summary(self):
        """(candidate, label, field name, value) for the review page."""
        cleaned, labels = self._marks_given(), dict(self.choice_list)
        return [
            (c, labels[cleaned.get(name, BLANK)], name, cleaned.get(name, BLANK))
            for c, name in self.names
        ]

    def marks(self) -> dict:
        """{candidate id: "for" or "against"}, blanks left out, for `election_ballot_cast`."""
        cleaned = self._marks_given()
        return {c.pk: cleaned[name] for c, name in self.names if cleaned.get(name)}

    def _marks_given(self) -> dict:
        """{field name: mark or ""} of the lines sent with a mark offered."""
        if self._errors is None:
            self._clean()
        return self._cleaned


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
