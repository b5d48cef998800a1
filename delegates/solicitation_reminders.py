"""The daily solicitation reminder: those asked who have not sent an answer hear once, a
solicitation's `reminder_days` before its deadline. Each reminder is a unique row written
in the same transaction as its notifications, so a second run (or one running at the same
time, which waits for the solicitation's lock) reminds no one twice."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from congress_office.notifications import notify

from .models import Solicitation, SolicitationReminder, SolicitationResponse
from .solicitation_reads import solicitation_audience


def solicitations_to_remind(now: datetime.datetime) -> list[Solicitation]:
    """Published solicitations still open whose reminder day has come (a term has a few
    open at a time: judged here rather than by date arithmetic each database writes
    differently)."""
    open_ones = Solicitation.objects.filter(published_at__isnull=False, deadline__gt=now)
    return [
        s
        for s in open_ones.order_by("pk")
        if s.deadline - datetime.timedelta(days=s.reminder_days) <= now
    ]


def solicitation_remind(solicitation: Solicitation) -> int:
    """Remind those of its audience who have not sent an answer and were not reminded yet.
    Returns how many were reminded."""
    with transaction.atomic():
        solicitation = Solicitation.objects.select_for_update().get(pk=solicitation.pk)
        sent = SolicitationResponse.objects.filter(
            solicitation=solicitation, delegate=OuterRef("pk"), sent_at__isnull=False
        )
        reminded = SolicitationReminder.objects.filter(
            solicitation=solicitation, delegate=OuterRef("pk")
        )
        due = list(
            solicitation_audience(solicitation)
            .exclude(Exists(sent))
            .exclude(Exists(reminded))
            .select_related("user")
        )
        SolicitationReminder.objects.bulk_create(
            SolicitationReminder(solicitation=solicitation, delegate=d) for d in due
        )
        notify(
            users=[d.user for d in due if d.user_id is not None],
            kind="solicitation_reminder",
            params={"title": solicitation.title, "deadline": solicitation.deadline.isoformat()},
            url=reverse("delegates:solicitation_answer", args=[solicitation.pk]),
        )
    return len(due)


def solicitation_reminders_sweep(now: datetime.datetime | None = None) -> int:
    """Every solicitation whose reminder day has come. Returns how many were reminded."""
    now = now or timezone.now()
    return sum(solicitation_remind(s) for s in solicitations_to_remind(now))
