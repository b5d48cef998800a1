from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressSessionsConfig(AppConfig):
    # The package is `sessions`; the label differs because django.contrib.sessions owns it.
    name = "sessions"
    label = "congress_sessions"
    verbose_name = _("Annual sessions")

    def ready(self):
        from congress_office.audit_filters import changelist_filters, register_export_filters
        from congress_office.roles import register_duty_navigation

        from .election_tellers import COUNT_DUTY
        from .models import Election, Session

        register_duty_navigation(COUNT_DUTY)
        register_export_filters("attendance", changelist_filters(Session))
        register_export_filters("election_results", changelist_filters(Election))
