"""A delegate's qualification as one table: which recorded change may follow which status,
and what it leaves the delegate as. `delegate_change_qualification` checks every change
against it; the form offers its changes. Entering the roster (elected, by-elected) starts a
record and is not a step of it."""

from django.utils.translation import gettext_lazy as _

from congress_office.workflow import Workflow, step

from .models import Delegate, QualificationEvent

Kind = QualificationEvent.Kind
S = Delegate.Status

ENTRY_KINDS = (Kind.ELECTED, Kind.BY_ELECTED)
# Changes that must say why.
REASON_REQUIRED = (Kind.SUSPENDED, Kind.TERMINATED, Kind.RECALLED)

QUALIFICATION_WORKFLOW = Workflow(
    S,
    [
        step(Kind.SUSPENDED, {S.ACTIVE}, {S.SUSPENDED}, verb=Kind.SUSPENDED.label),
        step(Kind.RESTORED, {S.SUSPENDED}, {S.ACTIVE}, verb=Kind.RESTORED.label),
        step(Kind.TERMINATED, {S.ACTIVE, S.SUSPENDED}, {S.TERMINATED}, verb=Kind.TERMINATED.label),
        step(Kind.RECALLED, {S.ACTIVE, S.SUSPENDED}, {S.RECALLED}, verb=Kind.RECALLED.label),
        # A confirmation (of a delegate's qualification by the credentials committee)
        # leaves the status as it was.
        step(Kind.CONFIRMED, {S.ACTIVE, S.SUSPENDED}, verb=Kind.CONFIRMED.label),
    ],
    refusal=_("%(name)s is %(status)s, so “%(action)s” cannot be recorded."),
    status_words=lambda label: label.lower(),
)
