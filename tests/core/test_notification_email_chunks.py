"""Notification emails claimed, sent and recorded a chunk at a time (decision 181): each
still once, a failure midway keeping what was sent and releasing the rest."""

import pytest
from django.core import mail

from congress_office import notifications
from congress_office.models import Notification
from congress_office.notifications import notifications_email, notify
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


def users(n):
    return [UserFactory(username=f"reader{k}") for k in range(n)]


def test_a_failure_midway_keeps_what_was_sent_and_the_rest_goes_later(monkeypatch):
    notify(users=users(3), kind="test", params={"title": "提醒"})
    real_send, calls = notifications.email_send, []

    def fails_on_the_second(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 2:
            raise OSError("mail server unreachable")
        return real_send(**kwargs)

    monkeypatch.setattr(notifications, "email_send", fails_on_the_second)
    with pytest.raises(OSError):
        notifications_email()
    first = Notification.objects.order_by("pk").first()
    assert Notification.objects.exclude(emailed_at=None).get() == first  # sent, recorded
    assert Notification.objects.exclude(email_claimed_at=None).get() == first  # rest released
    monkeypatch.undo()
    assert notifications_email() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        n.user.email for n in Notification.objects.select_related("user")
    )
    assert notifications_email() == 0


@pytest.mark.parametrize("size", [3, 60])
def test_emailing_runs_three_queries_a_chunk(size, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(notifications, "EMAIL_CHUNK", 100)
    notify(users=users(size), kind="test", params={"title": "提醒"})
    with django_assert_num_queries(4):  # the candidates; the claim, the read, the record
        assert notifications_email() == size
    assert len(mail.outbox) == size
