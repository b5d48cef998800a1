from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from sessions.report_sections import register_report_section

        from .report import session_proposals_context

        register_report_section(
            order=50,
            template="proposals/pdf/session_section.html",
            context=session_proposals_context,
        )
