"""Thin tasks: ids in (or none), a service call, nothing else. All are safe to run twice."""

from celery import shared_task

from .roster_files import roster_import_check, roster_import_run
from .solicitation_reminders import solicitation_reminders_sweep


@shared_task(acks_late=True)
def check_roster_import(roster_import_id: int) -> None:
    roster_import_check(roster_import_id=roster_import_id)


@shared_task(acks_late=True)
def run_roster_import(roster_import_id: int) -> None:
    roster_import_run(roster_import_id=roster_import_id)


@shared_task(acks_late=True)
def send_solicitation_reminders() -> int:
    return solicitation_reminders_sweep()
