import importlib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from congress_office.demo import login_lines
from congress_office.models import Notification


class Command(BaseCommand):
    help = "Build the demo office (safe to run again: it updates what is there)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Run even though DEBUG is off (the demo accounts share a known password).",
        )

    def handle(self, *args, allow_without_debug=False, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to build demo accounts with DEBUG off; "
                "pass --allow-without-debug if this really is a demo installation."
            )
        logins = []
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                builder = _demo_module(app_config.name)
                if builder is not None:
                    logins += builder.build()
            # The demo's notifications are for reading in the app; nobody is to be emailed.
            Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
        self.stdout.write(self.style.SUCCESS("Demo office ready. Sign in with:"))
        # The role last: Chinese characters are wide and would break the columns.
        for line in login_lines(logins):
            self.stdout.write(line)


def _demo_module(app_name):
    try:
        return importlib.import_module(f"{app_name}.demo")
    except ModuleNotFoundError as error:
        if error.name == f"{app_name}.demo":
            return None
        raise
