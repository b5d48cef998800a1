from django.contrib import admin

from . import bodies, elections, sessions, votes  # noqa: F401 - registers the admin classes
from .desk import SESSIONS_DESK

admin.site.register_desk_part(SESSIONS_DESK)
