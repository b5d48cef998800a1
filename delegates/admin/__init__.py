from . import (  # noqa: F401 - registers the admin classes
    activities,
    briefings,
    contacts,
    imports,
    personal_data,
    roster,
    solicitations,
)
