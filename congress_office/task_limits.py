"""The tasks' time limits, and the Redis visibility timeout and recovery bound that follow.

Redis hands a task back to the queue when its worker acknowledges it (acks_late: once it has
finished), when the worker rejects it (its pool process died), or, if the whole worker died
(SIGKILL, out of memory, machine lost), once the visibility timeout has passed since the
worker took it. That timeout must be longer than any task can legitimately stay taken, or a
task still running would be handed to a second worker: the longest hard time limit, plus the
longest countdown a task may wait in a worker before it starts (retries' backoff: the worker
holds such a task, unacknowledged, until it is due), plus a margin. Any longer and a dead
worker's task waits for nothing. Kombu's default is an hour; ours follows from the limits.

Each worker looks for expired tasks every `restore_interval` seconds, so a task whose worker
died is handed out again at most `redelivery_bound` seconds after it was taken, and is done
again within its own hard limit after that (`recovery_bound`), provided a worker is running:
docker-compose restarts a dead one.

Settings only (no Django import): congress_office/settings/base.py builds one from the
environment; the fault drills build one from the short limits they give their workers."""

from dataclasses import dataclass

# The tasks that may run long, with the long limits: a roster file, a sweep over every item
# or delegate, a printed report. Every other task has the default limits.
LONG_TASKS = (
    "delegates.tasks.check_roster_import",
    "delegates.tasks.run_roster_import",
    "delegates.tasks.send_solicitation_reminders",
    "proposals.tasks.send_deadline_reminders",
    "sessions.tasks.generate_session_document",
)


@dataclass(frozen=True)
class TaskLimits:
    soft: int  # seconds: a task is asked to stop (SoftTimeLimitExceeded)
    hard: int  # seconds: a task's pool process is killed
    long_soft: int  # the same for LONG_TASKS
    long_hard: int
    longest_countdown: int  # the longest a task may wait in a worker before it starts
    margin: int  # on top, for the worker's own delays
    restore_interval: int  # how often each worker looks for tasks of dead workers

    def __post_init__(self):
        if not (0 < self.soft < self.hard and 0 < self.long_soft < self.long_hard):
            raise ValueError("each soft time limit must be positive and below its hard limit")
        if min(self.longest_countdown, self.margin) < 0 or self.restore_interval < 1:
            raise ValueError("countdown and margin cannot be negative, the interval below 1 s")

    @property
    def longest_hard(self) -> int:
        return max(self.hard, self.long_hard)

    @property
    def visibility_timeout(self) -> int:
        return self.longest_hard + self.longest_countdown + self.margin

    @property
    def redelivery_bound(self) -> int:
        """Seconds from the moment a worker took a task to the moment, its worker dead, the
        task is back in the queue for another."""
        return self.visibility_timeout + self.restore_interval

    def recovery_bound(self, task_name: str) -> int:
        """Seconds from the moment a worker took the task to the moment it is done again by
        another, when the first died with it (a worker being up to take it)."""
        return self.redelivery_bound + self.hard_limit(task_name)

    def hard_limit(self, task_name: str) -> int:
        return self.long_hard if task_name in LONG_TASKS else self.hard

    def task_annotations(self) -> dict:
        """Celery's task_annotations: the long limits on LONG_TASKS (the others take
        task_soft_time_limit and task_time_limit)."""
        limits = {"soft_time_limit": self.long_soft, "time_limit": self.long_hard}
        return {name: dict(limits) for name in LONG_TASKS}

    def broker_transport_options(self) -> dict:
        return {
            "visibility_timeout": self.visibility_timeout,
            "unacked_restore_interval": self.restore_interval,
            # Scan at every interval (kombu's default scans every 10th: 100 s).
            "unacked_restore_throttle": 1,
        }
