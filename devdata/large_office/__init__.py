"""The large office, one builder per app of the office (`office` for congress_office's staff),
called by `manage.py large_office` in the order of `BUILDERS`: each adds its app's data on top
of what the builders before it returned (`plan.built[<app label>]`), as the apps depend on one
another. See office.py for the plan they share."""

from . import delegates, evaluations, office, proposals, sessions

# (app label, builder), in the order the apps depend on one another.
BUILDERS = [
    ("congress_office", office),
    ("delegates", delegates),
    ("congress_sessions", sessions),
    ("proposals", proposals),
    ("evaluations", evaluations),
]
