"""The forms of the tellers' pages: paper ballots handed out, one paper ballot as a teller
read it, the count taken from the agreed entries, or the totals counted by hand."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_office.wording import in_brackets, labelled
from delegates.models import Delegate

from .election_count import AGAINST, FOR
from .election_forms import BLANK, add_mark_fields, mark_field_name
from .election_tellers import paper_hand_out_candidates
from .models import ElectionRound, Mark

# The keys a teller types for each candidate (○ and × too, from an input method).
TYPED_KEYS = {
    "o": FOR,
    "○": FOR,
    "x": AGAINST,
    "×": AGAINST,
    ".": BLANK,
    "。": BLANK,
    " ": BLANK,
}


class DelegateChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return in_brackets(obj.name, obj.delegation.name) if obj.delegation_id else obj.name


class RoundHandOutForm(forms.Form):
    """The delegates a teller has just handed a paper ballot to."""

    delegates = DelegateChoices(
        label=gettext_lazy("Delegates who received a paper ballot"),
        queryset=Delegate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Only delegates checked in at the sitting are listed. Whoever receives a paper "
            "ballot can no longer vote online; a delegate who has voted online cannot receive "
            "one."
        ),
        error_messages={"required": gettext_lazy("Tick the delegates who received a ballot.")},
    )

    def __init__(self, *args, election_round: ElectionRound, name_contains: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        offered = paper_hand_out_candidates(election_round)
        if name_contains:  # a county's hall holds hundreds: the teller finds by name
            offered = offered.filter(name__contains=name_contains)
        self.fields["delegates"].queryset = offered


class BallotEntryForm(forms.Form):
    """One paper ballot as read: its number in the pile, a mark per candidate, and the names
    written in. An over-marked ballot is entered as it is: the count finds it invalid."""

    number = forms.IntegerField(label=gettext_lazy("Ballot number"), min_value=1)
    # The fast way at a keyboard: one key per candidate, in the order printed on the ballot.
    typed = forms.CharField(
        label=gettext_lazy("Marks typed in ballot order"),
        required=False,
        strip=False,
        help_text=gettext_lazy(
            "One key per candidate, in the order of the ballot: o for ○, x for ×, a full stop "
            "or a space for blank (left out at the end: blank). Typed marks replace the "
            "buttons below; Enter saves."
        ),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "spellcheck": "false",
                "aria-describedby": "typed-help",
            }
        ),
    )

    def __init__(self, *args, candidates, write_ins: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["typed"].widget.attrs["maxlength"] = len(candidates)
        add_mark_fields(self, candidates)
        if write_ins:
            self.fields["written_in"] = forms.CharField(
                label=gettext_lazy("Names written in"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=gettext_lazy("One name per line, as written on the ballot."),
            )

    def rows(self):
        return [(c, self[mark_field_name(c)]) for c in self.candidates]

    def clean_typed(self) -> list | None:
        """The typed marks, one per candidate (blank for those left out at the end), or None
        when nothing was typed."""
        typed = self.cleaned_data["typed"]
        if not typed.strip(" ."):
            return None if not typed else [BLANK] * len(self.candidates)
        if len(typed) > len(self.candidates):
            raise forms.ValidationError(
                _("%(typed)s keys for %(n)s candidates: type one key per candidate.")
                % {"typed": len(typed), "n": len(self.candidates)}
            )
        marks = []
        for key in typed.ljust(len(self.candidates)):
            mark = TYPED_KEYS.get(key.lower())
            if mark is None:
                raise forms.ValidationError(
                    _("“%(key)s” is not a mark: type o, x, or a full stop.") % {"key": key}
                )
            marks.append(mark)
        return marks

    def marks(self) -> dict:
        typed = self.cleaned_data.get("typed")
        if typed is not None:
            return {c.pk: mark for c, mark in zip(self.candidates, typed, strict=True) if mark}
        return {
            c.pk: self.cleaned_data[mark_field_name(c)]
            for c in self.candidates
            if self.cleaned_data.get(mark_field_name(c))
        }

    def written_in(self) -> list[str]:
        return self.cleaned_data.get("written_in", "").splitlines()

    @staticmethod
    def initial_from(entry) -> dict:
        """The form's values for a ballot this teller already entered (to correct it)."""
        initial = {"number": entry.number, "written_in": "\n".join(entry.written_in)}
        initial.update({f"m-{key}": mark for key, mark in entry.marks.items()})
        return initial


class TakeCountForm(forms.Form):
    returned = forms.IntegerField(
        label=gettext_lazy("Paper ballots returned"),
        min_value=0,
        help_text=gettext_lazy("The ballots found in the ballot box, counted before reading."),
    )


class PaperTotalsForm(forms.Form):
    """The paper count as totals, for tellers who count on tally sheets: the ballots returned
    and invalid, and each candidate's ○, × and blank on the valid ones."""

    returned = forms.IntegerField(label=gettext_lazy("Paper ballots returned"), min_value=0)
    invalid = forms.IntegerField(label=gettext_lazy("Invalid ballots"), min_value=0, initial=0)

    def __init__(self, *args, candidates, write_ins: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        labels = dict(Mark.choices)
        for candidate in candidates:
            for mark in Mark.values:
                self.fields[f"{mark}-{candidate.pk}"] = forms.IntegerField(
                    label=labelled(candidate.name, labels[mark]), min_value=0, initial=0
                )
        if write_ins:
            self.fields["written_in"] = forms.CharField(
                label=gettext_lazy("Names written in, with their votes"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=gettext_lazy("One per line: the name, a space, the votes (张三 12)."),
            )

    def rows(self):
        return [(c, [self[f"{mark}-{c.pk}"] for mark in Mark.values]) for c in self.candidates]

    def clean_written_in(self) -> dict:
        written = {}
        for line in self.cleaned_data.get("written_in", "").splitlines():
            if not line.strip():
                continue
            name, _space, votes = line.strip().rpartition(" ")
            if not name.strip() or not votes.isdigit():
                raise forms.ValidationError(
                    _("Write each name, a space and the votes: “%(line)s” is not.")
                    % {"line": line.strip()}
                )
            written[name.strip()] = written.get(name.strip(), 0) + int(votes)
        return written

    def totals(self) -> dict:
        return {
            c.pk: tuple(self.cleaned_data[f"{mark}-{c.pk}"] for mark in Mark.values)
            for c in self.candidates
        }
