"""A broker that is away, for tests that patch a task's `delay` with it: queueing fails as it
does when Redis is stopped (the change is saved; the task is not queued)."""


def broker_away(*args, **kwargs):
    raise ConnectionRefusedError("Redis is not answering")
