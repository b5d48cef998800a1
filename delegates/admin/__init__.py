from . import activities, briefings, contacts, imports, roster  # noqa: F401 - registers the admin classes
