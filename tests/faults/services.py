"""The real services of a fault drill: its own redis-server, its own Celery workers, and
what they leave behind (mail, files, the broker's queues)."""

import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection
from kombu import pools as kombu_pools

from congress_office.celery import app as celery_app
from congress_office.task_limits import TaskLimits

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")

# Every drill module's marks: the `faults` marker, and a skip that says what is missing.
DRILL_MARKS = [
    pytest.mark.faults,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="fault drills need the test database on PostgreSQL (workers are processes)",
    ),
    pytest.mark.skipif(
        REDIS_SERVER is None,
        reason="fault drills need redis-server (Debian package redis-server) on the PATH",
    ),
]
# The drills' workers run with the settings every deployment runs with, read from the
# environment, but with short time limits, so that Redis's visibility timeout, which the
# settings make from them (congress_office/task_limits.py), is seconds, not minutes: a task
# taken by a worker that died is handed out again DRILL_LIMITS.redelivery_bound seconds after,
# at most. The limits are still well over what any task of the drills takes.
DRILL_LIMITS = TaskLimits(
    soft=15, hard=20, long_soft=15, long_hard=20, longest_countdown=1, margin=1, restore_interval=1
)


def limits_environment(limits: TaskLimits) -> dict[str, str]:
    """The environment variables from which the settings build `limits`."""
    return {
        "CELERY_TASK_SOFT_TIME_LIMIT": str(limits.soft),
        "CELERY_TASK_TIME_LIMIT": str(limits.hard),
        "CELERY_LONG_TASK_SOFT_TIME_LIMIT": str(limits.long_soft),
        "CELERY_LONG_TASK_TIME_LIMIT": str(limits.long_hard),
        "CELERY_LONGEST_COUNTDOWN": str(limits.longest_countdown),
        "CELERY_VISIBILITY_MARGIN": str(limits.margin),
        "CELERY_UNACKED_RESTORE_INTERVAL": str(limits.restore_interval),
    }


def wait_for(condition, timeout: float, what: str, interval: float = 0.02):
    """Poll `condition` until it returns something true; return that, or fail naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the drill's own, on a free port, keeping nothing on disk. It can be
    stopped and started again on the same port, as an operator restarting Redis would."""

    def __init__(self, log: Path):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self.log = log
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--logfile", str(self.log)],
            cwd=self.log.parent,
        )
        wait_for(self._answers, 10, "redis-server to answer")

    def _answers(self):
        try:
            return self.client().ping()
        except redis.ConnectionError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def client(self, db: int = 0) -> redis.Redis:
        return redis.Redis(port=self.port, db=db, socket_connect_timeout=1)


class Worker:
    """A `celery worker` process: --pool=solo runs the task in the worker process itself,
    --pool=prefork in a child that the worker process supervises."""

    def __init__(self, env: dict, log: Path, pool: str = "solo"):
        self.log = log
        with open(log, "w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "congress_office", "worker"]
                + [f"--pool={pool}", "--concurrency=1", "--loglevel=INFO"]
                + ["--without-heartbeat", "--without-gossip", "--without-mingle"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(lambda: " ready." in self.text() or self.process.poll() is not None, 60, "ready")
        assert self.process.poll() is None, self.text()

    def text(self) -> str:
        return self.log.read_text()

    def pool_children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def kill(self):
        """SIGKILL to the worker and everything it started: no clean-up, no acknowledgement."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


CELERY_KEYS = ("task_always_eager", "broker_url", "result_backend")


def configure_celery(**values):
    """Change this process's Celery settings; the connection and producer pools are dropped,
    so that the next task goes to the broker now named."""
    celery_app.conf.update(values)
    # The result backend is cached (per app or per thread): rebuilt from result_backend.
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)
    # Close every connection and producer pool and empty kombu's registries of them: the app's
    # pools live in those registries, keyed by the broker's address, so closing them without
    # emptying the registries hands the next drill (or test) using that address a closed pool.
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Drill:
    """What a drill works with: its Redis, its workers, the mail the workers sent."""

    def __init__(self, tmp_path: Path, settings):
        self.tmp_path = tmp_path
        self.redis = RedisServer(tmp_path / "redis.log")
        self.mail_dir = tmp_path / "mail"
        self.media_root = tmp_path / "media"
        self.workers = []
        settings.MEDIA_ROOT = self.media_root

    def worker(self, pool: str = "solo") -> Worker:
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "congress_office.settings.dev",
            **limits_environment(DRILL_LIMITS),
            "DEBUG": "false",
            "DATABASE_URL": (
                f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
            ),
            "CELERY_BROKER_URL": f"{self.redis.url}/0",
            "CELERY_RESULT_BACKEND": f"{self.redis.url}/0",
            "CACHE_URL": f"rediscache://127.0.0.1:{self.redis.port}/1",
            "MEDIA_ROOT": str(self.media_root),
            # Four slashes: django-environ drops one, leaving an absolute path.
            "EMAIL_URL": f"filemail:///{self.mail_dir}",
            "SITE_URL": "http://testserver",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        worker = Worker(env, self.tmp_path / f"worker-{len(self.workers) + 1}.log", pool)
        self.workers.append(worker)
        return worker

    def use_redis_cache(self, settings):
        """Read the workers' cache (progress of background work) from this process too."""
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"{self.redis.url}/1",
            }
        }

    def mail(self) -> list[email.message.EmailMessage]:
        """Every message the workers wrote (the file backend separates them with dashes)."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
        return messages

    def broker_backlog(self) -> tuple[int, int]:
        """(tasks waiting in the queue, tasks taken by a worker and not yet acknowledged)."""
        client = self.redis.client()
        return client.llen("celery"), client.hlen("unacked")
