from . import activities, briefings, imports, roster  # noqa: F401 - registers the admin classes
