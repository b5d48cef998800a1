"""Checking a roster file (`roster_file_check`): every row, every column, the file's own
rules (the columns it must have, names known in the term, the same person twice, seats held
now), then `delegate_enter`'s rules for each row against the roster as the rows accepted
before it leave it (`delegates.bulk_entry.RosterEntries`), which then writes them. Errors
name the row, the column and the reason, in the user's language."""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_office.wording import join_list

from .bulk_entry import RosterEntries
from .models import Delegate, QualificationEvent, Term
from .workflow import ENTRY_KINDS

COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("gender", gettext_lazy("Gender")),
    ("ethnicity", gettext_lazy("Ethnicity")),
    ("birth_date", gettext_lazy("Date of birth")),
    ("education", gettext_lazy("Education")),
    ("occupation", gettext_lazy("Occupation category")),
    ("work_unit", gettext_lazy("Work unit")),
    ("post", gettext_lazy("Post")),
    ("phone", gettext_lazy("Phone")),
    ("email", gettext_lazy("Email")),
    ("electoral_unit", gettext_lazy("Electoral unit")),
    ("delegation", gettext_lazy("Delegation")),
    ("entry_kind", gettext_lazy("Entered by")),
    ("effective_date", gettext_lazy("Effective date")),
    ("decision_reference", gettext_lazy("Decision reference")),
]
LABELS = dict(COLUMNS)
OPTIONAL = {"post", "phone", "email", "delegation"}
MAX_ROWS = 20_000
PROGRESS_EVERY = 50
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]


class LabelChoiceField(forms.ChoiceField):
    """A choice given as its code or its label in English or Chinese ("female", "女")."""

    def to_python(self, value):
        value = super().to_python(value).strip()
        return _choice_names(self.choices).get(value.lower(), value)


_CHOICE_NAMES: dict[tuple, dict[str, str]] = {}


def _choice_names(choices) -> dict[str, str]:
    """Each name a choice goes by (its code, its labels in English and Chinese, lowercase)
    and the code it stands for; worked out once per set of choices, not once per cell."""
    key = tuple(str(code) for code, _label in choices)
    if key not in _CHOICE_NAMES:
        names = {}
        for code, label in reversed(choices):  # the first choice a name fits wins, as before
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    names[str(label).lower()] = code
            names[str(code).lower()] = code
        _CHOICE_NAMES[key] = names
    return _CHOICE_NAMES[key]


def _choices(enum, only=None):
    return [(c.value, c.label) for c in enum if only is None or c in only]


class RosterRowForm(forms.Form):
    name = forms.CharField(max_length=100)
    gender = LabelChoiceField(choices=_choices(Delegate.Gender))
    ethnicity = forms.CharField(max_length=30)
    birth_date = forms.DateField(input_formats=DATE_FORMATS)
    education = LabelChoiceField(choices=_choices(Delegate.Education))
    occupation = LabelChoiceField(choices=_choices(Delegate.Occupation))
    work_unit = forms.CharField(max_length=200)
    post = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(required=False)
    electoral_unit = forms.CharField()
    delegation = forms.CharField(required=False)
    entry_kind = LabelChoiceField(choices=_choices(QualificationEvent.Kind, ENTRY_KINDS))
    effective_date = forms.DateField(input_formats=DATE_FORMATS)
    decision_reference = forms.CharField(max_length=200)

    def __init__(self, *args, units, delegations, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.delegations = delegations

    def bind(self, data: dict) -> "RosterRowForm":
        """The form bound to another row's data, its errors and cleaned data forgotten. One
        form checks a whole file: a new form for each row copies all its fields and widgets
        first (Django's way), which cost more than checking the row."""
        self.data, self.is_bound, self._errors = data, True, None
        return self

    def clean_electoral_unit(self):
        name = self.cleaned_data["electoral_unit"].strip()
        if name not in self.units:
            raise ValidationError(
                _("Unknown electoral unit “%(name)s” in this term.") % {"name": name}
            )
        return self.units[name]

    def clean_delegation(self):
        name = self.cleaned_data["delegation"].strip()
        if not name:
            return None
        if name not in self.delegations:
            raise ValidationError(_("Unknown delegation “%(name)s” in this term.") % {"name": name})
        return self.delegations[name]


@dataclass
class CheckedFile:
    errors: list[dict]
    rows: list[tuple[int, dict]]  # (spreadsheet row number, cleaned values)
    total: int
    entries: RosterEntries | None = None  # the accepted rows, ready to be written


def _cell(value):
    """A cell as the form wants it: dates stay dates, whole numbers lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, datetime.date) else str(value).strip()


def _header_keys(header: list) -> dict[int, str]:
    accepted = {}
    for key, label in COLUMNS:
        accepted[key.lower()] = key
        for language in ("en", "zh-hans"):
            with translation.override(language):
                accepted[str(label).strip().lower()] = key
    return {
        index: accepted[str(cell).strip().lower()]
        for index, cell in enumerate(header)
        if cell is not None and str(cell).strip().lower() in accepted
    }


def file_error(row: int, column: str | None, message, names: dict | None = None) -> dict:
    """One problem; the column is named as the file names it, else in the user's language.
    Both may quote the file, whose NUL characters PostgreSQL's JSON cannot hold (the check
    failed on them): they are shown as ␀."""
    name = (names or {}).get(column) or (str(LABELS[column]) if column else "")
    return {"row": row, "column": _shown(name), "message": _shown(str(message))}


def _shown(text: str) -> str:
    return text.replace("\x00", "␀")


def roster_file_check(
    table: list[list], term: Term, progress=None, *, lock: bool = False
) -> CheckedFile:
    """Check every row of a roster table for the term, by the file's rules (columns, names,
    duplicates) and then `delegate_enter`'s (`RosterEntries`), each row against the roster
    as the rows accepted before it leave it; nothing is written. Five queries, whatever the
    file's length; with `lock` (inside the import's transaction) the term's units are locked
    first, as `delegate_enter` locks the unit it fills."""
    if not table:
        return CheckedFile([file_error(1, None, _("The file is empty."))], [], 0)
    keys = _header_keys(table[0])
    missing = [key for key, _label in COLUMNS if key not in keys.values() and key not in OPTIONAL]
    if missing:
        listed = join_list(LABELS[key] for key in missing)
        message = _("Missing columns: %(names)s.") % {"names": listed}
        return CheckedFile([file_error(1, None, message)], [], 0)
    body = [
        (n, row) for n, row in enumerate(table[1:], start=2) if any(_cell(c) != "" for c in row)
    ]
    if len(body) > MAX_ROWS:
        message = _("The file has %(n)s rows; at most %(max)s can be imported at once.")
        return CheckedFile(
            [file_error(1, None, message % {"n": len(body), "max": MAX_ROWS})], [], 0
        )

    # Errors name a column as the file itself names it.
    names = {key: str(table[0][index]).strip() for index, key in keys.items()}
    errors, rows, seen = [], [], {}

    def fail(number, column, message):
        errors.append(file_error(number, column, message, names))

    # Everything a row is checked against, read once for the whole file (a few queries); the
    # seats held in each unit go up in memory as rows are accepted.
    entries = RosterEntries(term=term, lock=lock)
    units = {unit.name: unit for unit in entries.units.values()}
    delegations = {delegation.name: delegation for delegation in entries.delegations.values()}
    on_roster = set(entries.people)
    held = entries.seats.current  # seats held now in each unit, the accepted rows' included
    form = RosterRowForm(units=units, delegations=delegations)
    for done, (number, cells) in enumerate(body, start=1):
        form.bind({keys[i]: _cell(value) for i, value in enumerate(cells) if i in keys})
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, len(body))
        if not form.is_valid():
            for field, messages in form.errors.items():
                for message in messages:
                    fail(number, field, message)
            continue
        values = form.cleaned_data
        person, unit = (values["name"], values["birth_date"]), values["electoral_unit"]
        if person in on_roster:
            fail(number, "name", _("Already on the roster of this term."))
        elif person in seen:
            fail(number, "name", _("The same person as row %(row)s.") % {"row": seen[person]})
        elif held[unit.pk] >= unit.seats:
            message = _("%(unit)s has no vacant seat: all %(seats)s seats are held.")
            fail(number, "electoral_unit", message % {"unit": unit.name, "seats": unit.seats})
        else:
            try:
                entries.add(**_entry(values))
            except ValidationError as refusal:
                errors.extend(entry_refusals(number, refusal))
                continue
            seen[person] = number
            rows.append((number, values))
    return CheckedFile(errors, rows, len(body), entries)


def _entry(values: dict) -> dict:
    """A checked row as `delegate_enter` (and `RosterEntries.add`) takes it."""
    entry = dict(values)
    entry["kind"] = entry.pop("entry_kind")
    return entry


def entry_refusals(number: int, refusal: ValidationError) -> list[dict]:
    """A refusal by the rules of `delegate_enter`, as the import has always reported one:
    its columns named in the user's language (not as the file names them), a refusal of no
    column of the file with no column."""
    details = refusal.message_dict if hasattr(refusal, "error_dict") else {None: refusal.messages}
    return [
        file_error(number, field if field in LABELS else None, message)
        for field, messages in details.items()
        for message in messages
    ]
