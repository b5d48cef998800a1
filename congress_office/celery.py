"""The Celery application: tasks come from each app's tasks.py; the beat schedule lives here."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_office.settings.dev")

app = Celery("congress_office")
# Every CELERY_* Django setting configures Celery (serialisation, acks_late, time limits).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The periodic work, defined in code so that every deployment runs the same schedule.
app.conf.beat_schedule = {
    # Emails whose queueing failed (broker down) or whose worker died go out here.
    "send-unsent-notification-emails": {
        "task": "congress_office.tasks.send_notification_emails",
        "schedule": crontab(minute="*/5"),
    },
    # The daily deadline sweep (proposals): reminders to units, overdue items to the office.
    "deadline-reminders": {
        "task": "proposals.tasks.send_deadline_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Delegates who have not answered an opinion solicitation, once, days before its deadline.
    "solicitation-reminders": {
        "task": "delegates.tasks.send_solicitation_reminders",
        "schedule": crontab(hour=8, minute=10),
    },
    # The security audit trail's entries past SECURITY_AUDIT_RETENTION_DAYS: the only removal.
    "purge-expired-security-events": {
        "task": "congress_office.tasks.purge_expired_security_events",
        "schedule": crontab(hour=3, minute=30),
    },
    "clear-expired-login-sessions": {
        "task": "congress_office.tasks.clear_expired_login_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
}
