from . import activities, imports, roster  # noqa: F401 - registers the admin classes
