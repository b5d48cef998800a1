"""Thin tasks: a service call each, safe to run twice."""

from celery import shared_task

from .reminders import reminders_sweep


@shared_task(acks_late=True)
def send_deadline_reminders() -> list[int]:
    return list(reminders_sweep())
