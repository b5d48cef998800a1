from . import sessions, votes  # noqa: F401 - registers the admin classes
