from django import forms
from django.template.loader import render_to_string
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from congress_office.kept_text import kept, kept_store
from delegates.models import Delegate
from sessions.ballot_lines import BallotLine, sent
from sessions.models import Body

from .ballot_reads import BallotCriterion, BallotSubject
from .models import Evaluation, Rating
from .selectors import paper_hand_out_candidates
from .services import CRITERIA_TEMPLATES

BLANK = ""

# The unbound ballot's markup, the same for every voter of an evaluation in a language
# (nothing chosen but the blanks), made once per process: {what it is made of: markup}
# (decision 267). Kept under what it is made of, compared whole, not a digest of it.
_unbound_markup: dict = {}
UNBOUND_KEPT = 64  # evaluations × languages a process keeps; more, and it starts again
# The ballot's lines (`_grid`), the same for every voter of an evaluation, made once per process:
# {(subjects, criteria) as `ballot_reads` keeps them: lines} (decision 338). The parts are kept
# per process too, so the key is mostly the very tuples kept; compared whole all the same.
_grids: dict = kept_store()
GRIDS_KEPT = 64  # evaluations (or languages × scales) a process keeps; more, and it starts again
# The choices offered on each line, in a language: {(language, ratings): choices}.
_choice_lists: dict = kept_store()
# The ratings' labels (lazy: translated when shown), read once, not built on each ballot request.
RATING_LABELS = dict(Rating.choices)


def _grid(subjects, criteria) -> tuple[tuple, tuple]:
    """(the grid: ((subject, ((criterion, line name), ...)), ...), a line's name being
    c-<subject id>-<criterion id>; the lines as the unbound markup is made of them: ((subject
    id, name, post, ((criterion id, name), ...)), ...))."""
    grid = tuple(
        (subject, tuple((criterion, f"c-{subject.pk}-{criterion.pk}") for criterion in criteria))
        for subject in subjects
    )
    lines = tuple(
        (subject.pk, subject.name, subject.post, tuple((c.pk, c.name) for c, _n in row))
        for subject, row in grid
    )
    return grid, lines


def _choice_list(ratings) -> tuple:
    """((rating, its label), ..., (blank, "Blank")) in the active language."""
    return (*((r, str(RATING_LABELS[r])) for r in ratings), (BLANK, str(_("Blank"))))


def _kept_parts(parts) -> bool:
    """Whether the parts are `ballot_reads`' immutable ones, compared by every field they
    hold, and so may key the kept lines: model instances are equal by their id alone."""
    subjects, criteria = parts
    return (
        type(subjects) is tuple
        and type(criteria) is tuple
        and all(type(s) is BallotSubject for s in subjects)
        and all(type(c) is BallotCriterion for c in criteria)
    )


class BallotForm:
    """One choice per subject and criterion: a rating, "don't know" when offered, or blank
    (an abstention). Nothing of it is kept between the steps: the review page carries the
    choices in hidden fields.

    Not a Django form: a 15-subject ballot has 90 lines, and making, binding and cleaning 90
    form fields cost more CPU than the rest of a ballot request (decision 190). A line takes
    what a Django ChoiceField (not required) takes: nothing or "" for a blank, or one of the
    choices; anything else is refused with the same message."""

    invalid_choice = _("Choose one of the ratings offered, or leave it blank.")

    def __init__(self, data=None, *, evaluation: Evaluation, subjects, criteria):
        self.data, self.is_bound = data, data is not None
        # The labels translated once a process in the reader's language, rather than once for
        # each of the page's 450 radio buttons (decision 338).
        ratings = tuple(evaluation.ballot_ratings())
        self.choice_list = kept(
            _choice_lists, (get_language(), ratings), lambda: _choice_list(ratings), GRIDS_KEPT
        )
        parts = (subjects, criteria)
        self.grid, self._lines = (
            kept(_grids, parts, lambda: _grid(*parts), GRIDS_KEPT)
            if _kept_parts(parts)
            else _grid(*parts)
        )
        self._cleaned = None

    @property
    def errors(self) -> dict:
        """{line name: [message]} of the lines whose value is not offered; {} unbound."""
        self._clean()
        return self._errors

    def is_valid(self) -> bool:
        return self.is_bound and not self.errors

    def _clean(self) -> None:
        if self._cleaned is not None:
            return
        self._cleaned, self._errors = {}, {}
        if not self.is_bound:
            return
        offered = {value for value, _label in self.choice_list}
        for _subject, row in self.grid:
            for _criterion, name in row:
                value = sent(self.data, name)
                if value in offered:
                    self._cleaned[name] = value
                else:
                    self._errors[name] = [str(self.invalid_choice)]

    def markup_made_of(self) -> tuple:
        """What the unbound ballot's markup is made of: the lines (subjects and criteria,
        their ids and names) and the choices in the reader's language. The same for every
        voter of the evaluation: nothing of anyone's choices."""
        return self._lines, self.choice_list

    def unbound_markup(self) -> str:
        """The unbound ballot's lines (`_ballot_grid.html`), made once per process for what
        they are made of (`markup_made_of`) and kept in the process: no cache's round trip
        or unpickling on every ballot page (decision 267). A bound ballot (errors, the
        "change" step) is never kept: it holds someone's choices."""
        if self.is_bound:
            raise ValueError("a bound ballot holds a voter's choices: it is never kept")
        return kept(
            _unbound_markup,
            self.markup_made_of(),
            lambda: render_to_string("evaluations/_ballot_grid.html", {"form": self}),
            UNBOUND_KEPT,
        )

    def rows(self):
        """(subject, [(criterion, BallotLine)]) for the template: unbound, every line blank;
        bound, what was sent (also when refused, with the refusal)."""
        errors = self.errors
        return [
            (
                subject,
                [(criterion, self._line(name, errors.get(name, ()))) for criterion, name in row],
            )
            for subject, row in self.grid
        ]

    def _line(self, name, errors) -> BallotLine:
        value = sent(self.data, name) if self.is_bound else BLANK
        return BallotLine(name, value, self.choice_list, tuple(errors))

    def choices(self) -> dict:
        """{(subject id, criterion id): rating or ""}, for `ballot_cast`."""
        self._clean()
        return {
            (subject.pk, criterion.pk): self._cleaned.get(name, BLANK)
            for subject, row in self.grid
            for criterion, name in row
        }

    def summary(self):
        """(subject, [(criterion, label of the choice, field name, value)]) for the review
        page, which shows the labels and carries the values in hidden fields."""
        self._clean()
        labels = RATING_LABELS
        summary = []
        for subject, row in self.grid:
            lines = []
            for criterion, name in row:
                value = self._cleaned.get(name, BLANK)
                lines.append((criterion, labels[value or Rating.ABSTAIN], name, value))
            summary.append((subject, lines))
        return summary

    def summary_markup(self) -> str:
        """The review page's lines (`summary`): a card per subject, each line's choice and its
        hidden field. Written here, not by a template loop: 90 lines and 360 variables cost
        the review more CPU than the rest of its page (decision 267). The same markup as the
        loop it replaces, to the character (tests/evaluations/test_ballot_markup.py)."""
        out = []
        for subject, lines in self.summary():
            post = f' <span class="muted">· {escape(subject.post)}</span>' if subject.post else ""
            out.append(
                f'\n  <section class="card">\n    <h2>{escape(subject.name)}{post}</h2>'
                '\n    <dl class="facts">\n      '
            )
            out.extend(
                f"\n      <dt>{escape(criterion.name)}</dt><dd>{escape(label)}"
                f'<input type="hidden" name="{escape(name)}" value="{escape(value)}"></dd>\n      '
                for criterion, label, name, value in lines
            )
            out.append("\n    </dl>\n  </section>\n  ")
        return mark_safe("".join(out))  # every value escaped above


def count_field_name(subject, criterion, rating: str) -> str:
    return f"n-{subject.pk}-{criterion.pk}-{rating}"


class PaperRoundForm(forms.Form):
    """The tellers' count of one round: ballots issued and returned, and for each subject and
    criterion the number of each rating, blanks included (an empty box counts 0)."""

    issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    returned = forms.IntegerField(label=_("Ballots returned"), min_value=0)
    record_void = forms.BooleanField(
        label=_("More came back than were issued: record this round as void"),
        required=False,
    )

    def __init__(self, *args, evaluation: Evaluation, subjects, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Rating.choices)
        self.ratings = [(r, labels[r]) for r in evaluation.tally_ratings()]
        self.grid = []
        for subject in subjects:
            rows = []
            for criterion in criteria:
                names = []
                for rating, label in self.ratings:
                    name = count_field_name(subject, criterion, rating)
                    self.fields[name] = forms.IntegerField(
                        label=f"{subject.name} · {criterion.name} · {label}",
                        min_value=0,
                        required=False,
                        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
                    )
                    names.append(name)
                rows.append((criterion, names))
            self.grid.append((subject, rows))

    def rows(self):
        return [
            (subject, [(criterion, [self[n] for n in names]) for criterion, names in rows])
            for subject, rows in self.grid
        ]

    def counts(self) -> dict:
        """{(subject id, criterion id, rating): count}, for `paper_round_enter`."""
        return {
            (subject.pk, criterion.pk, rating): self.cleaned_data.get(
                count_field_name(subject, criterion, rating)
            )
            or 0
            for subject, rows in self.grid
            for criterion, _names in rows
            for rating, _label in self.ratings
        }


class PaperHandOutForm(forms.Form):
    """The delegates a teller has just handed a paper ballot to."""

    delegates = forms.ModelMultipleChoiceField(
        label=_("Delegates who received a paper ballot"),
        queryset=Delegate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Whoever receives a paper ballot can no longer vote online; a delegate who has "
            "voted online cannot receive one."
        ),
    )

    def __init__(self, *args, evaluation: Evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegates"].queryset = paper_hand_out_candidates(evaluation)


class CopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the subjects and criteria of"),
        queryset=Evaluation.objects.select_related("session").order_by("-opens_at"),
        help_text=_("The evaluation's own subjects and criteria are replaced by the copies."),
    )


class BodyForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Rate the members of"),
        queryset=Body.objects.select_related("term"),
        help_text=_(
            "The members on the session's first day replace the evaluation's subjects; the "
            "team as a whole stays."
        ),
    )


class TemplateForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Standard form"),
        choices=[(key, label) for key, (label, _names) in CRITERIA_TEMPLATES.items()],
        help_text=_("The evaluation's criteria are replaced by the standard set."),
    )


class CloseForm(forms.Form):
    """Closing ends the voting for good (decision 44): the office says so once more."""

    confirm = forms.BooleanField(
        label=_("Close now: no more ballots or paper rounds, and the results can be read"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
