from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressSessionsConfig(AppConfig):
    # The package is `sessions`; the label differs because django.contrib.sessions owns it.
    name = "sessions"
    label = "congress_sessions"
    verbose_name = _("Annual sessions")

    def ready(self):
        from congress_office.roles import register_duty_navigation

        from .election_tellers import COUNT_DUTY

        register_duty_navigation(COUNT_DUTY)
