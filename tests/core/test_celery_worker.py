"""A task round-trips through a real Redis broker and a real `celery worker` process.

Runs when CELERY_BROKER_URL names a broker (.ci/run sets it); skipped otherwise.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.conf import settings

from congress_office.celery import app as celery_app
from congress_office.tasks import send_email

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.needs_broker,
    pytest.mark.skipif(not BROKER, reason="CELERY_BROKER_URL is not set: no real broker to use"),
]


def celery_process(tmp_path, *args):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "congress_office.settings.dev"}
    env.update(
        CELERY_BROKER_URL=BROKER,
        CELERY_RESULT_BACKEND=BROKER,
        # Four slashes: django-environ drops one, leaving an absolute path.
        EMAIL_URL=f"filemail:///{tmp_path / 'mail'}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
    )
    log = open(tmp_path / f"{args[0]}.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "congress_office", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return process, tmp_path / f"{args[0]}.log"


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture
def broker_client():
    """Make this process send tasks to the broker instead of running them eagerly."""
    keys = ("task_always_eager", "broker_url", "result_backend")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(task_always_eager=False, broker_url=BROKER, result_backend=BROKER)
    forget_result_backend()  # rebuilt from the new result_backend
    # Celery's "within a task: never wait for a result" flag is one for the whole process: the
    # eager tasks the live server's threads run side by side in the browser tests can leave it
    # set (each puts back what it found, so two that overlap put back each other's). This
    # process is no worker, and these tests wait for their results.
    with allow_join_result():
        yield celery_app
    celery_app.conf.update(saved)
    forget_result_backend()


def forget_result_backend():
    """Celery caches the result backend per app (or per thread), not in the app's __dict__."""
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


def test_send_email_round_trips_through_redis_and_a_worker(tmp_path, broker_client):
    queue = f"test-{uuid.uuid4().hex}"  # a queue only this worker listens to
    worker, log = celery_process(
        tmp_path, "worker", "--pool=solo", "--concurrency=1", "-Q", queue, "--loglevel=INFO"
    )
    try:
        result = send_email.apply_async(
            kwargs={"subject": "斜桥镇 round trip", "body": "第二次年会", "to": ["a@example.org"]},
            queue=queue,
            ignore_result=False,  # the app's tasks keep no result; this test waits for one
        )
        assert result.get(timeout=60) == 1
    finally:
        stop(worker)
    written = "".join(p.read_text() for p in (tmp_path / "mail").glob("*.log"))
    assert "Subject: =?utf-8?" in written  # the Chinese subject, MIME-encoded
    assert "To: a@example.org" in written
    assert "send_email" in log.read_text()


def test_worker_is_configured_as_documented():
    conf = celery_app.conf
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_time_limit == settings.CELERY_TASK_TIME_LIMIT > conf.task_soft_time_limit


def test_beat_starts_and_every_scheduled_task_exists(tmp_path):
    celery_app.loader.import_default_modules()
    for entry in celery_app.conf.beat_schedule.values():
        assert entry["task"] in celery_app.tasks, entry["task"]
    beat, log = celery_process(
        tmp_path, "beat", "--loglevel=INFO", "--schedule", str(tmp_path / "schedule")
    )
    try:
        deadline = time.monotonic() + 30
        while "beat: Starting" not in log.read_text() and time.monotonic() < deadline:
            assert beat.poll() is None, log.read_text()
            time.sleep(0.2)
    finally:
        stop(beat)
    assert "beat: Starting" in log.read_text()
