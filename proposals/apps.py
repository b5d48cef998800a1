from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from congress_office.audit_filters import changelist_filters, register_export_filters
        from congress_office.caseless_search import whose_contains
        from congress_office.notification_texts import register_notification_texts
        from delegates.duty_counters import register_duty_counter
        from sessions.report_sections import register_report_section

        from .admin_statistics import handling_export_filters
        from .models import Proposal
        from .notices import TEXTS
        from .report import inquiries_signed, proposals_filed, session_proposals_context

        # The admin's search by the author's name (decision 270).
        Proposal._meta.get_field("author").register_lookup(whose_contains("name"))
        register_duty_counter(
            key="proposals",
            label=lambda n: ngettext(
                "proposal or suggestion filed", "proposals and suggestions filed", n
            ),
            rows=proposals_filed,
        )
        register_duty_counter(
            key="inquiries",
            label=lambda n: ngettext(
                "inquiry filed or co-signed", "inquiries filed or co-signed", n
            ),
            rows=inquiries_signed,
        )
        register_notification_texts(TEXTS)
        register_export_filters("ledger", changelist_filters(Proposal))
        register_export_filters("handling", handling_export_filters)
        register_report_section(
            order=50,
            template="proposals/pdf/session_section.html",
            context=session_proposals_context,
        )
