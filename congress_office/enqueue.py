"""Queueing Celery tasks after commit, without ever failing the request that queued them.

Whatever a task is queued for is saved first: a notification row, a document's status, an
import's job. If the broker cannot take the task (Redis stopped or unreachable), a server
error would tell the user that a saved change failed, and they would make it again. So the
failure is logged and the request carries on; the work is picked up later (unsent
notifications by the 5-minute sweep, a document or an import when the user asks again).

After a failure this process does not try the broker again for `BROKER_PAUSE` seconds: each
attempt costs about half a second of retries, and one request (an admin action on many
items) may queue dozens of tasks."""

import logging
import time

from django.db import transaction

from .after_response import defer

logger = logging.getLogger(__name__)

BROKER_PAUSE = 10.0  # seconds
_paused_until = 0.0


def tasks_run_in_process() -> bool:
    """Whether tasks run in the process that queues them (no broker configured), not in a
    worker."""
    from .celery import app

    return bool(app.conf.task_always_eager)


def start_long_work(queue) -> None:
    """Call `queue()`, which queues a long task. Where tasks run in this process, that waits
    until the response is sent (congress_office/after_response.py), so the page answers at
    once and follows the progress instead of freezing."""
    if not (tasks_run_in_process() and defer(queue)):
        queue()


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue `task.delay(*args, **kwargs)` once the current transaction commits."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


def enqueue(task, *args, **kwargs) -> bool:
    """Queue the task now. Returns False, and logs why, if it could not be queued."""
    global _paused_until
    if time.monotonic() < _paused_until:
        logger.warning("The task queue failed moments ago: %s is not queued.", task.name)
        return False
    try:
        task.delay(*args, **kwargs)
    except Exception:  # noqa: BLE001 - whatever the broker raised, the change is saved
        if not task.app.conf.task_always_eager:  # eager: the task itself failed, not a broker
            _paused_until = time.monotonic() + BROKER_PAUSE
        logger.warning("Could not queue %s; the change is saved.", task.name, exc_info=True)
        return False
    return True
