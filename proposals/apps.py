from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from delegates.duty_counters import register_duty_counter
        from sessions.report_sections import register_report_section

        from .report import proposals_filed_count, session_proposals_context

        register_duty_counter(
            key="proposals",
            label=_("proposals and suggestions filed"),
            count=proposals_filed_count,
        )
        register_report_section(
            order=50,
            template="proposals/pdf/session_section.html",
            context=session_proposals_context,
        )
