"""Redis's visibility timeout follows from the tasks' time limits (congress_office/task_limits.py):
longer than any task of the office can stay taken, and no longer than that needs."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from congress_office.celery import app
from congress_office.task_limits import LONG_TASKS, TaskLimits

ROOT = Path(__file__).resolve().parents[2]
APPS = ("congress_office", "delegates", "sessions", "proposals", "evaluations")


@pytest.fixture(scope="module")
def office_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(APPS)}


def longest_wait_before_a_retry(task) -> int:
    """The longest countdown of the task's automatic retries (Celery's exponential backoff:
    1, 2, 4... seconds, capped by retry_backoff_max, 600 unless set; or the fixed
    default_retry_delay)."""
    if not getattr(task, "autoretry_for", ()):
        return 0
    if task.retry_backoff:
        factor = int(task.retry_backoff)
        return min(getattr(task, "retry_backoff_max", 600), factor * 2 ** (task.max_retries - 1))
    return task.default_retry_delay


def test_the_default_limits_make_a_quarter_hour_not_an_hour():
    limits = settings.TASK_LIMITS
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS == {
        "visibility_timeout": 660 + 60 + 60,
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
    assert limits.redelivery_bound == 790
    assert limits.recovery_bound("sessions.tasks.generate_session_document") == 790 + 660
    assert limits.recovery_bound("congress_office.tasks.send_email") == 790 + 360


def test_no_task_stays_taken_longer_than_the_visibility_timeout(office_tasks):
    limits = settings.TASK_LIMITS
    assert len(office_tasks) >= 8
    for name, task in office_tasks.items():
        hard = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        assert hard == limits.hard_limit(name), name
        soft = task.soft_time_limit or settings.CELERY_TASK_SOFT_TIME_LIMIT
        assert soft < hard, name
        countdown = longest_wait_before_a_retry(task)
        assert countdown <= limits.longest_countdown, name
        assert hard + countdown < limits.visibility_timeout, name
    assert longest_wait_before_a_retry(office_tasks["congress_office.tasks.send_email"]) == 16


def test_the_long_limits_name_real_tasks(office_tasks):
    assert set(LONG_TASKS) <= set(office_tasks)
    report = office_tasks["sessions.tasks.generate_session_document"]
    assert (report.soft_time_limit, report.time_limit) == (600, 660)


def test_nothing_is_sent_to_wait_in_a_worker():
    """A countdown or ETA longer than the visibility timeout would be handed out again and
    again while it waits; work due later goes in the database for a beat sweep instead."""
    sent_later = []
    for app_name in APPS:
        for path in (ROOT / app_name).rglob("*.py"):
            if re.search(r"\b(countdown|eta)\s*=", path.read_text()):
                sent_later.append(str(path.relative_to(ROOT)))
    assert sent_later == []


def test_limits_that_cannot_hold_are_refused():
    values = {"soft": 10, "hard": 20, "long_soft": 30, "long_hard": 40}
    values |= {"margin": 1, "restore_interval": 1}
    assert TaskLimits(**values, longest_countdown=5).visibility_timeout == 46
    with pytest.raises(ValueError):
        TaskLimits(**{**values, "soft": 20}, longest_countdown=5)
    with pytest.raises(ValueError):
        TaskLimits(**{**values, "long_hard": 30}, longest_countdown=5)
    with pytest.raises(ValueError):
        TaskLimits(**values, longest_countdown=-1)
