"""Settings of the drills' worker processes: the development settings, read from the
environment like every deployment's, and a short Redis visibility timeout.

A task taken by a worker that then dies outright (SIGKILL, out of memory, machine lost) stays
unacknowledged in Redis until the visibility timeout expires; then a worker takes it again.
In production that is kombu's default hour, longer than any task's time limit, so that a
running task is never handed to a second worker. The drills cannot wait an hour: their
workers use the few seconds the drill gives (DRILL_VISIBILITY_TIMEOUT) and look for such
tasks every second."""

import os

from congress_office.settings.dev import *  # noqa: F403

CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ["DRILL_VISIBILITY_TIMEOUT"]),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
