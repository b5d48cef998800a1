"""Roster files: export the roster as CSV or XLSX, and import one all-or-nothing.

An upload is checked in full first (every row, every column, and `delegate_enter`'s rules:
the term's dates, the record's fields, the seats of each unit on every day; errors name the
row, the column and the reason, in the user's language), then checked again and imported in
one transaction, all its delegates and their election records written in bulk
(`delegates.roster_check`, `delegates.bulk_entry`), so that a refusal anywhere leaves nothing
behind. Both steps run in Celery and report progress through the cache (the import's own
transaction would hide progress written to the database).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congress_office.enqueue import enqueue
from congress_office.progress import progress_get, progress_set
from congress_office.tabular import read_table

from .models import Delegate, QualificationEvent, RosterImport, Term
from .roster_check import COLUMNS, CheckedFile, entry_refusals, file_error, roster_file_check
from .workflow import ENTRY_KINDS

MAX_BYTES = 5 * 1024 * 1024
PREVIEW_ROWS = 20


# --- Export -----------------------------------------------------------------------------


def roster_table(delegates) -> tuple[list[str], list[list]]:
    """The header and rows of a roster file; an exported file can be imported into a term
    with the same electoral units and delegations."""
    entry = {
        e.delegate_id: e
        for e in QualificationEvent.objects.filter(delegate__in=delegates, kind__in=ENTRY_KINDS)
    }
    rows = []
    for d in delegates.select_related("electoral_unit", "delegation"):
        event = entry.get(d.pk)
        rows.append(
            [
                d.name,
                d.get_gender_display(),
                d.ethnicity,
                d.birth_date,
                d.get_education_display(),
                d.get_occupation_display(),
                d.work_unit,
                d.post,
                d.phone,
                d.email,
                d.electoral_unit.name,
                d.delegation.name if d.delegation else "",
                event.get_kind_display() if event else "",
                event.effective_date if event else "",
                event.decision_reference if event else "",
            ]
        )
    return [str(label) for _key, label in COLUMNS], rows


# --- The template to fill in -------------------------------------------------------------


def roster_template(term: Term | None) -> tuple[list[str], list[list]]:
    """The header of a roster file, with the columns the import reads (`COLUMNS`, so the two
    never drift apart), and one example row, choices written as the import reads them in the
    user's language; with a term, its first electoral unit and delegation. Two queries."""
    unit = term.electoral_units.order_by("name").first() if term else None
    delegation = term.delegations.order_by("name").first() if term else None
    example = {
        "name": _("Zhang Hua"),
        "gender": Delegate.Gender.FEMALE.label,
        "ethnicity": _("Han"),
        "birth_date": datetime.date(1980, 5, 1),
        "education": Delegate.Education.UNDERGRADUATE.label,
        "occupation": Delegate.Occupation.FRONTLINE_WORKER.label,
        "work_unit": _("Town Central Primary School"),
        "post": _("Teacher"),
        "phone": "13800000000",
        "email": "zhanghua@example.org",
        "electoral_unit": unit.name if unit else _("First electoral unit"),
        "delegation": delegation.name if delegation else "",
        "entry_kind": QualificationEvent.Kind.ELECTED.label,
        "effective_date": term.start_date if term else datetime.date(2026, 1, 1),
        "decision_reference": _("Election announcement No. 1"),
    }
    row = [example[key] for key, _label in COLUMNS]  # a new column needs its example
    return [str(label) for _key, label in COLUMNS], [
        [value if isinstance(value, datetime.date) else str(value) for value in row]
    ]


# --- The import job ---------------------------------------------------------------------


def progress_key(roster_import_id: int) -> str:
    return f"roster-import-progress:{roster_import_id}"


def roster_import_progress(roster_import: RosterImport) -> dict:
    done, total = progress_get(progress_key(roster_import.pk), (0, roster_import.total_rows))
    if roster_import.status in (RosterImport.Status.READY, RosterImport.Status.INVALID):
        done = total = roster_import.total_rows
    if roster_import.status == RosterImport.Status.DONE:
        done = total = roster_import.imported_rows
    percent = round(100 * done / total) if total else 0
    return {"status": roster_import.status, "done": done, "total": total, "percent": percent}


def _reporter(roster_import_id):
    def report(done, total):
        progress_set(progress_key(roster_import_id), (done, total), timeout=6 * 3600)

    return report


def _read(roster_import: RosterImport) -> list[list]:
    with roster_import.file.open("rb") as handle:
        return read_table(handle.read(), roster_import.file_format)


def roster_import_create(*, term: Term, uploaded_file, created_by) -> RosterImport:
    """Store an upload and queue its check. The file's type is judged by its content."""
    if uploaded_file.size > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 5 MB.")})
    head = uploaded_file.read(4)
    uploaded_file.seek(0)
    name = uploaded_file.name.lower()
    if name.endswith(".xlsx") and head == b"PK\x03\x04":
        file_format = RosterImport.Format.XLSX
    elif name.endswith(".csv") and not head.startswith(b"PK"):
        file_format = RosterImport.Format.CSV
    else:
        raise ValidationError({"file": _("Upload the roster as a .csv or .xlsx file.")})
    from .tasks import check_roster_import

    with transaction.atomic():
        roster_import = RosterImport.objects.create(
            term=term, file=uploaded_file, file_format=file_format, created_by=created_by
        )
        _queue(check_roster_import, roster_import.pk)
    return roster_import


def _queue(task, roster_import_id: int) -> None:
    """Queue the job's task once the transaction commits. If the broker cannot take it, the
    job says so: it waits in its state and its page offers to queue it again."""

    def queue():
        if not enqueue(task, roster_import_id):
            RosterImport.objects.filter(pk=roster_import_id).update(not_queued=True)

    transaction.on_commit(queue)


def roster_import_queue_again(*, roster_import: RosterImport) -> None:
    """Queue again the task of a job whose task could not be queued."""
    from .tasks import check_roster_import, run_roster_import

    task = {
        RosterImport.Status.VALIDATING: check_roster_import,
        RosterImport.Status.IMPORTING: run_roster_import,
    }.get(roster_import.status)
    with transaction.atomic():
        updated = RosterImport.objects.filter(
            pk=roster_import.pk, status=roster_import.status, not_queued=True
        ).update(not_queued=False)
        if not updated or task is None:
            raise ValidationError(_("This import is already queued."))
        _queue(task, roster_import.pk)


def roster_import_check(*, roster_import_id: int) -> None:
    """Check the file (task body). Safe to run again: it only reads and records the result."""
    roster_import = RosterImport.objects.select_related("term").get(pk=roster_import_id)
    if roster_import.status != RosterImport.Status.VALIDATING:
        return
    try:
        table = _read(roster_import)
    except ValueError:
        checked = CheckedFile(
            [
                file_error(
                    1,
                    None,
                    _("The file cannot be read as %(format)s.")
                    % {"format": roster_import.get_file_format_display()},
                )
            ],
            [],
            0,
        )
    else:
        checked = roster_file_check(table, roster_import.term, _reporter(roster_import.pk))
    preview = [
        [number] + [_preview_value(values[key]) for key, _label in COLUMNS]
        for number, values in checked.rows[:PREVIEW_ROWS]
    ]
    RosterImport.objects.filter(pk=roster_import.pk, status=RosterImport.Status.VALIDATING).update(
        status=RosterImport.Status.INVALID if checked.errors else RosterImport.Status.READY,
        errors=checked.errors,
        total_rows=checked.total,
        preview=preview,
    )


def _preview_value(value):
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


# The preview keeps what the file said as codes and ISO dates, whatever the uploader's language;
# each reader sees them in their own language.
_PREVIEW_CHOICES = {
    "gender": Delegate.Gender,
    "education": Delegate.Education,
    "occupation": Delegate.Occupation,
    "entry_kind": QualificationEvent.Kind,
}
_PREVIEW_DATES = {"birth_date", "effective_date"}


def roster_preview_rows(roster_import: RosterImport) -> list[list]:
    """The preview's rows as the reader reads them: choices by their labels (女, not
    "female"), dates in the reader's date style."""
    return [[row[0], *map(_preview_shown, COLUMNS, row[1:])] for row in roster_import.preview]


def _preview_shown(column, value):
    key = column[0]
    if key in _PREVIEW_CHOICES and value in _PREVIEW_CHOICES[key].values:
        return _PREVIEW_CHOICES[key](value).label
    if key in _PREVIEW_DATES and value:
        try:
            return date_format(datetime.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def roster_import_confirm(*, roster_import: RosterImport) -> None:
    """The office confirmed the preview: queue the import."""
    from .tasks import run_roster_import

    updated = RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.READY
    ).update(status=RosterImport.Status.IMPORTING)
    if not updated:
        raise ValidationError(_("This import is not waiting for confirmation."))
    _queue(run_roster_import, roster_import.pk)


class _RowRefused(Exception):
    def __init__(self, errors):
        self.errors = errors


def roster_import_run(*, roster_import_id: int) -> None:
    """Import every row in one transaction (task body): the file checked again, the term's
    units locked, then the delegates and their election records written in bulk
    (`RosterEntries`). The job row is locked for the whole import, so a redelivered task
    waits and then finds the work done; after a crash the transaction is rolled back and a
    rerun starts again from the beginning."""
    try:
        with transaction.atomic():
            roster_import = (
                RosterImport.objects.select_for_update()
                .select_related("term", "created_by")
                .get(pk=roster_import_id)
            )
            if roster_import.status != RosterImport.Status.IMPORTING:
                return
            report = _reporter(roster_import.pk)
            checked = roster_file_check(_read(roster_import), roster_import.term, report, lock=True)
            if checked.errors:
                raise _RowRefused(checked.errors)
            if checked.rows:
                try:
                    checked.entries.save(recorded_by=roster_import.created_by)
                except ValidationError as refusal:  # the importer is no longer office staff
                    raise _RowRefused(entry_refusals(checked.rows[0][0], refusal)) from refusal
            roster_import.status = RosterImport.Status.DONE
            roster_import.imported_rows = len(checked.rows)
            roster_import.finished_at = timezone.now()
            roster_import.save(update_fields=["status", "imported_rows", "finished_at"])
    except _RowRefused as refusal:
        RosterImport.objects.filter(pk=roster_import_id).update(
            status=RosterImport.Status.INVALID, errors=refusal.errors, finished_at=timezone.now()
        )
