from . import activities, briefings, imports, roster, solicitations  # noqa: F401 - registers the admin classes
