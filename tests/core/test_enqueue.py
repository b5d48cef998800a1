"""Queueing after commit never fails the request: the change is saved, the failure is logged,
and after a broker failure the process pauses before trying the broker again."""

import pytest
from django.core import mail
from kombu.exceptions import OperationalError

from congress_office import enqueue
from congress_office.celery import app as celery_app
from congress_office.models import Notification
from congress_office.notifications import notifications_email, notify

pytestmark = pytest.mark.django_db


class Broker:
    """Stands in for `task.delay`: refuses while `down`, counts the attempts."""

    def __init__(self):
        self.down = True
        self.attempts = 0

    def __call__(self, *args, **kwargs):
        self.attempts += 1
        if self.down:
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture
def broker(monkeypatch):
    """A broker that is down, as a worker deployment sees it (tasks not eager)."""
    from congress_office import tasks

    fake = Broker()
    monkeypatch.setattr(enqueue, "_paused_until", 0.0)
    monkeypatch.setattr(tasks.send_notification_emails, "delay", fake)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield fake
    celery_app.conf.task_always_eager = eager


def test_a_request_succeeds_with_the_broker_down_and_the_sweep_sends_later(
    client_for,
    secretariat,
    delegate,
    broker,
    monkeypatch,
    caplog,
    django_capture_on_commit_callbacks,
):
    from sessions.models import SessionDocument
    from sessions.tasks import generate_session_document
    from tests.sessions.factories import SessionFactory

    session = SessionFactory()
    monkeypatch.setattr(generate_session_document, "delay", broker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(f"/sessions/{session.pk}/print/report/")
        notify(users=[delegate], kind="test", params={"title": "已答复"})
    assert response.status_code == 302  # the on-commit enqueue raised nothing
    assert SessionDocument.objects.get(session=session).status == "queued"  # ask again later
    assert Notification.objects.get().emailed_at is None
    assert "Could not queue sessions.tasks.generate_session_document" in caplog.text
    assert broker.attempts == 1  # the notification's enqueue did not try again: paused
    assert notifications_email() == 1  # the sweep, once the broker is back
    assert [m.subject for m in mail.outbox] == ["已答复"]


def test_after_a_broker_failure_the_process_pauses_before_trying_again(
    delegate, broker, monkeypatch, caplog
):
    from congress_office.tasks import send_notification_emails

    assert enqueue.enqueue(send_notification_emails, [1]) is False
    assert enqueue.enqueue(send_notification_emails, [2]) is False  # not tried: paused
    assert broker.attempts == 1
    assert "failed moments ago" in caplog.text
    broker.down = False
    monkeypatch.setattr(enqueue, "_paused_until", 0.0)  # the pause is over
    assert enqueue.enqueue(send_notification_emails, [3]) is True
    assert broker.attempts == 2


def test_a_failing_eager_task_is_logged_and_does_not_pause_the_queue(monkeypatch, caplog):
    """Without a broker, tasks run in the request: a task that fails there is no broker
    failure, so nothing is paused (the task's own status records the failure)."""
    from congress_office.tasks import send_email

    def task_fails(**kwargs):
        raise RuntimeError("the task failed")

    monkeypatch.setattr(enqueue, "_paused_until", 0.0)
    monkeypatch.setattr(send_email, "delay", task_fails)
    assert enqueue.enqueue(send_email, subject="s", body="b", to=["a@example.org"]) is False
    assert enqueue._paused_until == 0.0
    assert "Could not queue congress_office.tasks.send_email" in caplog.text
