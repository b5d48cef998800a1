from . import activities, roster  # noqa: F401 - registers the admin classes
