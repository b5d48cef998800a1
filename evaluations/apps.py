from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Democratic evaluations")

    def ready(self):
        from congress_office.roles import register_duty_navigation
        from sessions.report_sections import register_report_section

        from .report import session_evaluations_context
        from .tellers import TELLERS_DUTY

        register_duty_navigation(TELLERS_DUTY)

        register_report_section(
            order=60,
            template="evaluations/pdf/session_section.html",
            context=session_evaluations_context,
        )
