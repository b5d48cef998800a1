from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegatesConfig(AppConfig):
    name = "delegates"
    verbose_name = _("Delegates")

    def ready(self):
        from congress_office.audit_filters import changelist_filters, register_export_filters
        from congress_office.notification_texts import register_notification_texts
        from congress_office.roles import register_duty_navigation

        from .briefing_reads import briefings_read_count
        from .briefings import TEXTS
        from .contact_reads import CONTACT_DUTY, committee_contacts_count
        from .duty_counters import register_duty_counter
        from .models import Delegate
        from .solicitation_reads import solicitations_answered_count
        from .solicitations import TEXTS as SOLICITATION_TEXTS

        register_duty_counter(
            key="briefings_read", label=_("briefings read"), count=briefings_read_count
        )
        register_duty_counter(
            key="solicitations_answered",
            label=_("solicitations answered"),
            count=solicitations_answered_count,
        )
        register_duty_counter(
            key="committee_contacts",
            label=_("contacts with their committee member"),
            count=committee_contacts_count,
        )
        register_notification_texts(TEXTS)
        register_export_filters("roster", changelist_filters(Delegate))
        register_duty_navigation(CONTACT_DUTY)
        register_notification_texts(SOLICITATION_TEXTS)
