from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class DelegatesConfig(AppConfig):
    name = "delegates"
    verbose_name = _("Delegates")

    def ready(self):
        from congress_office.audit_filters import changelist_filters, register_export_filters
        from congress_office.notification_texts import register_notification_texts
        from congress_office.roles import register_duty_navigation

        from .briefing_reads import briefings_read
        from .briefings import TEXTS
        from .contact_reads import CONTACT_DUTY, committee_contacts
        from .duty_counters import register_duty_counter
        from .models import Delegate
        from .solicitation_reads import solicitations_answered
        from .solicitations import TEXTS as SOLICITATION_TEXTS

        register_duty_counter(
            key="briefings_read",
            label=lambda n: ngettext("briefing read", "briefings read", n),
            rows=briefings_read,
        )
        register_duty_counter(
            key="solicitations_answered",
            label=lambda n: ngettext("solicitation answered", "solicitations answered", n),
            rows=solicitations_answered,
        )
        register_duty_counter(
            key="committee_contacts",
            label=lambda n: ngettext(
                "contact with their committee member", "contacts with their committee member", n
            ),
            rows=committee_contacts,
        )
        register_notification_texts(TEXTS)
        register_export_filters("roster", changelist_filters(Delegate))
        register_duty_navigation(CONTACT_DUTY)
        register_notification_texts(SOLICITATION_TEXTS)
