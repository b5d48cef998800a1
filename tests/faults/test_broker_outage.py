"""Drill: Redis stops in the middle of a working day.

With Redis down (the broker, and the cache, as in production), delegates file and submit
suggestions and cast their ballots, the office accepts and routes the items in the admin,
and the unit replies, all through the real views. What this proves:

- every request succeeds, promptly: queueing a notification's email fails after the commit,
  and the failure is logged, not shown as a server error (`congress_office.enqueue`);
- nothing is lost: the items, their timelines, the receipts and the tallies are all there,
  and every notification is recorded, not yet emailed;
- once Redis is back, the worker that lived through the outage reconnects, and the sweep
  (as beat runs it every five minutes) emails each notification exactly once; a second
  sweep emails nothing.
"""

import time

import pytest
from django.test import Client

from congress_office.models import Notification
from congress_office.roles import Role
from congress_office.tasks import send_notification_emails
from evaluations.models import Receipt
from evaluations.services import entitlements_set, evaluation_open
from evaluations.tallies import online_counts
from proposals.models import Assignment, Proposal, ProposalCategory
from proposals.units import unit_add_staff
from tests.core.factories import UserFactory
from tests.delegates.factories import ElectoralUnitFactory, TermFactory
from tests.delegates.helpers import enter
from tests.evaluations.factories import CriterionFactory, EvaluationFactory, SubjectFactory
from tests.faults.services import DRILL_MARKS
from tests.proposals.factories import HandlingUnitFactory
from tests.sessions.factories import SessionFactory
from tests.sign_in import sign_in_as

pytestmark = DRILL_MARKS

DELEGATES = 6
# A request does its work, then fails to queue an email once (about half a second of the
# broker client's retries); after that the process stops trying for a while.
PROMPT = 3.0  # seconds


@pytest.fixture
def office(drill):
    """A term's delegates with accounts, an open evaluation they are entitled to, a
    handling unit with its staff, and the office."""
    term = TermFactory()
    electoral_unit = ElectoralUnitFactory(term=term, seats=DELEGATES)
    delegates = []
    for n in range(DELEGATES):
        delegate = enter(term, electoral_unit, name=f"代表{n}")
        delegate.user = UserFactory(username=f"delegate{n}", role=Role.DELEGATE)
        delegate.save(update_fields=["user"])
        delegates.append(delegate)
    secretariat = UserFactory(username="office", role=Role.SECRETARIAT)
    evaluation = EvaluationFactory(session=SessionFactory(term=term))
    for n in range(2):
        SubjectFactory(evaluation=evaluation, name=f"班子成员{n}")
        CriterionFactory(evaluation=evaluation, name=f"指标{n}")
    entitlements_set(evaluation=evaluation, delegates=delegates)
    evaluation_open(evaluation=evaluation, opened_by=secretariat)
    unit = HandlingUnitFactory(name="镇教育办公室")
    staff = UserFactory(username="unit_staff", role=Role.UNIT_STAFF)
    unit_add_staff(unit=unit, user=staff)
    category = ProposalCategory.objects.create(name="教育")
    return delegates, evaluation, secretariat, unit, staff, category


def squeeze(text: str) -> str:
    """Without whitespace: a long encoded subject comes back folded."""
    return "".join(text.split())


def signed_in(user) -> Client:
    client = Client()
    sign_in_as(client, user)
    return client


def test_requests_succeed_with_redis_down_and_notifications_go_out_once_it_is_back(
    drill, office, settings
):
    delegates, evaluation, secretariat, unit, staff, category = office
    drill.use_redis_cache(settings)  # as in production: the cache is on the same Redis
    worker = drill.worker()
    durations = []

    def post(client, url, data):
        started = time.monotonic()
        response = client.post(url, data)
        durations.append(time.monotonic() - started)
        assert response.status_code == 302, (url, response.status_code)
        return response

    drill.redis.stop()

    # Delegates file and submit suggestions, and cast their ballots.
    pairs = [(s.pk, c.pk) for s in evaluation.subjects.all() for c in evaluation.criteria.all()]
    for n, delegate in enumerate(delegates):
        client = signed_in(delegate.user)
        post(
            client,
            "/proposals/new/",
            {
                "kind": "suggestion",
                "title": f"关于改善镇中心小学周边交通的建议{n}",
                "category": category.pk,
                "situation": "上下学时段车辆拥堵。",
                "recommendations": "建议增设临时停车点。",
            },
        )
        item = Proposal.objects.get(author=delegate)
        post(client, f"/proposals/{item.pk}/submit/", {})
        ballot = {f"c-{s}-{c}": "excellent" for s, c in pairs}
        post(client, f"/evaluations/{evaluation.pk}/ballot/", {**ballot, "action": "submit"})

    # The office accepts and routes them in the admin; the unit replies to each.
    office = signed_in(secretariat)
    items = list(Proposal.objects.values_list("pk", flat=True))
    selected = {"_selected_action": items, "apply": "1"}
    post(
        office,
        "/admin/proposals/proposal/",
        {"action": "accept", "category": category.pk, **selected},
    )
    post(office, "/admin/proposals/proposal/", {"action": "route", "lead": unit.pk, **selected})
    unit_client = signed_in(staff)
    for assignment in Assignment.objects.all():
        post(
            unit_client,
            f"/proposals/unit/items/{assignment.pk}/reply/",
            {"result": "A", "text": "已在校门口增设临时停车点。", "confirm": "on"},
        )

    # Nothing is lost, and nothing was emailed.
    assert max(durations) < PROMPT, durations
    assert sorted(Proposal.objects.values_list("status", flat=True)) == ["replied"] * DELEGATES
    assert Receipt.objects.filter(evaluation=evaluation).count() == DELEGATES
    online = online_counts(evaluation)
    assert sum(n for (_s, _c, r), n in online.items() if r == "excellent") == DELEGATES * len(pairs)
    notifications = list(Notification.objects.select_related("user"))
    kinds = sorted({n.kind for n in notifications})
    assert kinds == ["assignment_new", "proposal_accepted", "proposal_assigned", "proposal_replied"]
    assert len(notifications) == 4 * DELEGATES
    assert all(n.emailed_at is None for n in notifications)
    assert drill.mail() == []
    assert worker.process.poll() is None  # the worker waits for Redis, it has not died

    # Redis is back: the worker reconnects, and the sweep emails every notification once.
    drill.redis.start()
    back = time.monotonic()
    sweep = send_notification_emails.apply_async(ignore_result=False)
    assert sweep.get(timeout=60) == len(notifications)
    reconnected_and_swept = time.monotonic() - back
    sent = sorted((m["To"], squeeze(m["Subject"])) for m in drill.mail())
    assert sent == sorted((n.user.email, squeeze(n.title)) for n in notifications)
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert send_notification_emails.apply_async(ignore_result=False).get(timeout=30) == 0
    assert len(drill.mail()) == len(notifications)
    print(
        f"\n{len(durations)} requests with Redis down: slowest {max(durations):.2f} s, "
        f"total {sum(durations):.2f} s; Redis back → {len(sent)} emails sent in "
        f"{reconnected_and_swept:.1f} s"
    )
