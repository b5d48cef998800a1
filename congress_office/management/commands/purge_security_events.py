"""Remove the security audit trail's entries older than SECURITY_AUDIT_RETENTION_DAYS (never
younger than 180 days); beat runs the same service every night."""

from django.core.management.base import BaseCommand

from congress_office.audit_trail import security_events_purge


class Command(BaseCommand):
    help = "Remove the security audit trail's entries older than its retention."

    def handle(self, *args, **options):
        removed = security_events_purge()
        self.stdout.write(f"{removed} expired entries removed.")
