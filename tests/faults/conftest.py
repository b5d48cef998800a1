"""Fault drills: the real services, and faults done to them.

Each drill starts its own `redis-server` on a free port (no persistence) as the broker and
the workers' cache, and its own `celery worker` processes on the test database, so that
Redis can be stopped and workers killed without touching anybody else's. The drills need
the test database on PostgreSQL (a worker is another process) and redis-server installed;
otherwise they are skipped, and say why."""

import pytest

from congress_office import enqueue
from congress_office.celery import app as celery_app

from .services import CELERY_KEYS, Drill, configure_celery


@pytest.fixture
def drill(transactional_db, tmp_path, settings, monkeypatch):
    """The drill's Redis (started) and a way to start workers; this process sends its tasks
    to that Redis. Everything is stopped at the end, whatever state the drill left it in.
    The data is committed (transactional_db), so that the workers see it."""
    monkeypatch.setattr(enqueue, "_paused_until", 0.0)  # no pause carried in or out
    drill = Drill(tmp_path, settings)
    drill.redis.start()
    saved = {key: celery_app.conf[key] for key in CELERY_KEYS}
    url = f"{drill.redis.url}/0"
    # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI sets it
    # for the tests that use the shared broker): this process must name the drill's Redis.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    configure_celery(task_always_eager=False, broker_url=url, result_backend=url)
    try:
        yield drill
    finally:
        for worker in drill.workers:
            worker.kill()
        drill.redis.stop()
        configure_celery(**saved)
