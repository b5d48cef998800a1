"""The large office (devdata/) at a small scale: it builds, the same seed gives the same office,
and the data keeps the invariants the services keep, so that the services, the selectors and
the pages work on it as on data they wrote themselves. Its rules are the apps' own (the
proposals' workflow table, numbering and handling facts, the roster's transitions), so these
tests check what the builders do with them, not copies of them.

The office is built once for the module, inside a transaction rolled back at its end; each test
runs in a savepoint of it (pytest-django's `db`)."""

import collections
import datetime
import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F, Sum

from delegates.models import Delegate, Delegation, QualificationEvent, Term
from delegates.selectors import delegates_with_status_on, seat_holders_on
from devdata.large_office.office import office_digest
from evaluations.models import (
    Entitlement,
    Evaluation,
    PaperCount,
    PaperRound,
    Receipt,
)
from evaluations.results import evaluation_results
from evaluations.tallies import online_counts
from proposals.models import (
    TALLY_COUNTS,
    Assignment,
    HandlingTally,
    HandlingUnit,
    Proposal,
    ProposalCategory,
)
from proposals.reminders import reminders_sweep
from proposals.services import (
    cosigners_invite,
    feedback_submit,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from proposals.statistics import handling_statistics
from proposals.tally import KEY_FIELDS, contribution, tally_rebuild
from proposals.units import unit_staff
from sessions.models import Attendance, Session
from sessions.selectors import expected_delegates
from tests.proposals.kit import answer, consulted
from tests.sign_in import sign_in_as

SCALE = "0.01"
TODAY = "2026-11-23"
BUILD = ["large_office", "--scale", SCALE, "--today", TODAY, "--allow-without-debug"]


@pytest.fixture(scope="module")
def office(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command(*BUILD, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def built(office, db):
    return office


def test_it_prints_the_time_and_rows_of_each_app_and_the_logins(built):
    for app in ("congress_office", "delegates", "congress_sessions", "proposals", "evaluations"):
        assert re.search(rf"^{app} +\d+\.\d", built, re.MULTILINE), app
    assert "Delegate 60," in built and "Proposal 200," in built
    for username in ("office", "delegate", "leader", "unit"):
        assert re.search(rf"^  {username} +congress-demo", built, re.MULTILINE)


def test_it_refuses_with_debug_off_and_on_a_database_with_data(built):
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("large_office", "--scale", SCALE)
    with pytest.raises(CommandError, match="already has data"):
        call_command(*BUILD)


def test_the_same_seed_gives_the_same_office(built):
    """--force empties the database and builds again: the same rows from the same seed, other
    rows from another (the digest covers every column of every row, keys by rank)."""
    first = office_digest()
    try:
        for seed, same in (("1", True), ("2", False)):
            # PostgreSQL truncates no table with foreign key checks pending: run them first,
            # as the commit of the build would outside a test.
            connection.check_constraints()
            with transaction.atomic():
                call_command(*BUILD, "--seed", seed, "--force", stdout=io.StringIO())
                assert (office_digest() == first) is same
                transaction.set_rollback(True)
    finally:
        ContentType.objects.clear_cache()  # the flush made content types that rolled back


def test_every_constraint_holds(built):
    connection.check_constraints()  # the foreign keys, which the database checks at commit


def test_the_roster(built):
    """Each delegate entered once and their status is their history's last word; the roster on
    any date a change happened holds no more seats than each unit has; who was expected at each
    session is who was checked in; leaders are active members with the permission."""
    assert Term.objects.count() == 5
    latest = {}
    entries = collections.Counter()
    for event in QualificationEvent.objects.order_by("effective_date", "pk"):
        latest[event.delegate_id] = event.status_after
        entries[event.delegate_id] += event.kind in ("elected", "by_elected")
    delegates = list(Delegate.objects.select_related("term"))
    assert all(entries[d.pk] == 1 for d in delegates)
    assert all(latest[d.pk] == d.status for d in delegates)
    for term in Term.objects.all():
        seats = dict(term.electoral_units.values_list("pk", "seats"))
        days = QualificationEvent.objects.filter(delegate__term=term).values_list(
            "effective_date", flat=True
        )
        for day in set(days):
            held = collections.Counter(
                seat_holders_on(term, day).values_list("electoral_unit", flat=True)
            )
            assert all(held[unit] <= seats[unit] for unit in held), (term, day)
        assert term.seats == sum(seats.values())
    for session in Session.objects.all():
        expected = set(expected_delegates(session).values_list("pk", flat=True))
        checked_in = set(
            Attendance.objects.filter(sitting__session=session).values_list("delegate", flat=True)
        )
        assert expected == checked_in and expected
        assert session.status == "closed"
    for delegation in Delegation.objects.select_related("leader__user"):
        leader = delegation.leader
        assert leader.delegation_id == delegation.pk and leader.status == "active"
        assert leader.user.has_perm("delegates.lead_delegation", delegation)
    confirmed = QualificationEvent.objects.filter(kind="confirmed")
    assert confirmed.exists()
    for event in confirmed.select_related("delegate"):
        entry = event.delegate.qualification_events.get(kind="by_elected")
        assert entry.effective_date < event.effective_date
    # A delegate status on a date between changes is the one before it.
    term = Term.objects.order_by("start_date").first()
    on = term.start_date + datetime.timedelta(days=1)
    assert set(delegates_with_status_on(term, on).values_list("status_on_date", flat=True)) == {
        "active",
        None,  # the by-elected, not yet elected then
    }


def test_the_items_numbers_and_timelines(built):
    numbers = list(Proposal.objects.exclude(number="").values_list("term", "number"))
    assert numbers and len(numbers) == len(set(numbers))
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {"assigned", "closed", "declined", "merged"} <= statuses
    # Each item's timeline moves from status to status and ends where the item is.
    for item in Proposal.objects.exclude(status="draft").prefetch_related("events"):
        events = list(item.events.all())
        assert events[0].status_before == "draft"
        for before, after in zip(events, events[1:], strict=False):
            assert before.status_after == after.status_before and before.at <= after.at
        assert events[-1].status_after == item.status
    # A formal proposal filed by a delegate has its co-signers.
    for item in Proposal.objects.filter(kind="proposal", source="delegate").exclude(status="draft"):
        needed = 10 if item.session_id else 5
        assert item.cosignatures.filter(status="confirmed").count() >= needed


def test_the_handling_facts_are_those_the_services_keep(built):
    """The migration that introduced the facts works them out from the rows (as the services
    arrive at them, tests/proposals/test_statistics.py); on the large office it changes
    nothing, and the statistics' counts are those of a recount."""
    facts = ["lead_unit", "lead_deadline", "first_result", "first_reply_on_time"]
    facts += ["first_round_rating", "latest_rating"]
    before = list(Proposal.objects.order_by("pk").values_list("pk", *facts))
    opened = set(Assignment.objects.filter(is_open=True).values_list("pk", flat=True))
    backfill = importlib.import_module("proposals.migrations.0002_handling_facts").backfill
    backfill(django_apps, None)
    assert list(Proposal.objects.order_by("pk").values_list("pk", *facts)) == before
    assert set(Assignment.objects.filter(is_open=True).values_list("pk", flat=True)) == opened
    assert opened
    # The tally: the sum of every item's contribution, and what a rebuild counts.
    recount = collections.defaultdict(collections.Counter)
    for item in Proposal.objects.all():
        counted = contribution(item)
        if counted:
            recount[counted[0]].update(counted[1])
    keys = KEY_FIELDS  # the kind too: inquiries are counted apart
    kept = {
        tuple(getattr(row, k) for k in keys): {name: getattr(row, name) for name in TALLY_COUNTS}
        for row in HandlingTally.objects.all()
    }
    assert kept == {key: dict(counts) for key, counts in recount.items()}
    term = Term.objects.order_by("-start_date").first()
    figures = {
        g: handling_statistics(term, group_by=g) for g in ("unit", "category", "session", "kind")
    }
    tally_rebuild()
    assert {g: handling_statistics(term, group_by=g) for g in figures} == figures


def test_the_time_left_days_are_those_the_services_keep(built):
    """Each open assignment turns amber on the day the rules' share gives (an extension's own
    time from the day it was granted), and its item carries its lead's: working them out
    again, as a change of the share does, changes nothing."""
    from proposals.time_left import due_soon_share_apply

    def kept():
        return (
            list(Assignment.objects.filter(is_open=True).order_by("pk").values_list("amber_on")),
            list(Proposal.objects.order_by("pk").values_list("lead_amber_on")),
        )

    before = kept()
    assert due_soon_share_apply() == len(before[0])
    assert kept() == before
    assert Proposal.objects.filter(status="assigned", lead_amber_on__isnull=True).count() == 0


def test_reminders_were_sent_once_per_milestone_of_open_assignments(built):
    """Every delivery is sent, for a deadline the assignment had; the sweep of today finds
    nothing new to record for the open assignments (the office's sweeps ran every day)."""
    deliveries = Assignment.objects.filter(reminders__isnull=False)
    assert deliveries.exists()
    from proposals.models import ReminderDelivery

    assert not ReminderDelivery.objects.filter(notified_at__isnull=True).exists()
    assert not ReminderDelivery.objects.filter(notified_at__date__gt=TODAY).exists()
    recorded, sent = reminders_sweep(datetime.date.fromisoformat(TODAY))
    assert (recorded, sent) == (0, 0)


def test_the_services_carry_on_with_the_generated_items(built, secretariat_of_the_office):
    """A generated item being handled is replied to and rated through the services; a new
    item by a generated delegate, with generated co-signers, is filed, accepted (the numbering
    continues), routed, replied to and rated. The statistics' counts stay a recount's."""
    office = secretariat_of_the_office
    lead = (
        Assignment.objects.filter(is_open=True, role="lead", proposal__status="assigned")
        .select_related("proposal__author__user", "unit")
        .first()
    )
    consulted(lead)  # a generated formal proposal needs its consultation, as any
    reply = reply_submit(
        assignment=lead, result="A", text="已办结。", replied_by=unit_staff(lead.unit).first()
    )
    feedback_submit(
        reply=reply, overall="dissatisfied", rated_by=lead.proposal.author.user, comment="未解决"
    )
    assert Assignment.objects.filter(proposal=lead.proposal, round=lead.round + 1).exists()

    term = Term.objects.order_by("-start_date").first()
    author, *others = list(Delegate.objects.filter(term=term, status="active"))[:6]
    item = proposal_draft_save(
        author=author, kind="proposal", title="关于新建停车场的提案", situation="停车难。",
        recommendations="建议新建停车场。",
    )  # fmt: skip
    for invitation in cosigners_invite(proposal=item, delegates=others, invited_by=author.user):
        answer(invitation, confirm=True)
    proposal_submit(proposal=item, submitted_by=author.user)
    numbers = set(Proposal.objects.filter(term=term).values_list("number", flat=True))
    item = proposal_accept(
        proposal=item, category=ProposalCategory.objects.first(), accepted_by=office
    )
    assert item.number and item.number not in numbers
    unit = HandlingUnit.objects.first()
    (assignment,) = proposal_route(proposal=item, lead=unit, routed_by=office)
    consulted(assignment)
    reply = reply_submit(
        assignment=assignment, result="B", text="正在推进。", replied_by=unit_staff(unit).first()
    )
    feedback_submit(reply=reply, overall="satisfied", rated_by=author.user)
    assert Proposal.objects.get(pk=item.pk).status == "tracking"
    rows = HandlingTally.objects.filter(items__gt=0).order_by("key")  # left rows hold zeros
    before = list(rows.values_list("key", *TALLY_COUNTS))
    tally_rebuild()
    assert list(rows.values_list("key", *TALLY_COUNTS)) == before


def test_the_ballots_add_up(built):
    evaluations = Evaluation.objects.all()
    assert evaluations.count() == 20 and set(evaluations.values_list("status", flat=True)) == {
        "closed"
    }
    for evaluation in evaluations:
        entitled = set(evaluation.entitlements.values_list("delegate", flat=True))
        voters = list(evaluation.receipts.values_list("delegate", flat=True))
        assert len(voters) == len(set(voters)) and set(voters) <= entitled
        pairs = evaluation.subjects.count() * evaluation.criteria.count()
        totals, cells = collections.Counter(), collections.Counter()
        for (subject, criterion, _rating), n in online_counts(evaluation).items():
            totals[(subject, criterion)] += n
            cells[(subject, criterion)] += 1
        assert len(totals) == pairs
        assert set(totals.values()) == {len(voters)}
        assert set(cells.values()) == {len(evaluation.tally_ratings())}
        issued = 0
        for paper in evaluation.paper_rounds.all():
            issued += paper.issued
            sums = paper.counts.values("subject", "criterion").annotate(n=Sum("count"))
            assert len(sums) == pairs and all(s["n"] == paper.returned for s in sums)
        assert len(voters) + issued <= len(entitled)
        results = evaluation_results(evaluation)
        returned = sum(r.returned for r in evaluation.paper_rounds.all())
        assert results["ballots"] == len(voters) + returned <= results["entitled"]
    assert Receipt.objects.count() == 198  # all who could vote, at this scale
    assert PaperRound.objects.filter(returned__gt=F("issued")).count() == 0
    assert PaperCount.objects.exists() and Entitlement.objects.exists()


@pytest.fixture
def secretariat_of_the_office(built):
    return get_user_model().objects.get(username="office")


def test_the_pages_answer_for_each_role(built, client, secretariat_of_the_office):
    users = get_user_model().objects
    current = Term.objects.order_by("-start_date").first()
    item = Proposal.objects.filter(term=current, status="closed").select_related("author__user")
    item = item.first()
    session = Session.objects.filter(term=current).first()
    evaluation = Evaluation.objects.filter(session__term=current).first()
    assignment = Assignment.objects.filter(is_open=True).select_related("unit").first()
    staff = unit_staff(assignment.unit).first()
    leader = users.get(username="leader")
    led = Delegation.objects.get(leader__user=leader, term=current)
    pages = {
        secretariat_of_the_office: [
            "/admin/",
            "/admin/delegates/delegate/",
            "/admin/proposals/proposal/",
            "/admin/proposals/proposal/?queue=overdue",
            "/admin/proposals/proposal/queues/?queue=overdue",
            f"/admin/proposals/proposal/statistics/?term={current.pk}&group_by=unit",
            f"/admin/proposals/proposal/{item.pk}/change/",
            f"/admin/congress_sessions/session/{session.pk}/change/",
            f"/admin/evaluations/evaluation/{evaluation.pk}/change/",
            f"/evaluations/{evaluation.pk}/results/",
            f"/sessions/sittings/{session.sittings.first().pk}/live/",
        ],
        users.get(username="delegate"): [
            "/delegates/me/",
            "/delegates/me/duties/",
            "/proposals/mine/",
            "/sessions/",
            f"/sessions/{session.pk}/",
            "/evaluations/",
        ],
        item.author.user: ["/proposals/mine/", f"/proposals/{item.pk}/"],
        leader: [f"/delegates/delegations/{led.pk}/"],  # noqa: E501
        staff: ["/proposals/unit/", f"/proposals/unit/items/{assignment.pk}/"],
    }
    for user, urls in pages.items():
        sign_in_as(client, user)
        for url in urls:
            assert client.get(url).status_code == 200, (user.username, url)
    client.logout()
    assert client.get("/accounts/login/").status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own locks")
def test_the_planners_statistics_leave_the_servers_shared_catalogs_alone(db):
    """A bare ANALYZE in a test's transaction held the cluster's shared catalogs to its end:
    every other database's ANALYZE on the server (another test run's) waited for it."""
    from devdata.large_office.office import planner_statistics_refresh

    shared = "SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND database = 0 "
    shared += "AND locktype = 'relation' AND mode = 'ShareUpdateExclusiveLock'"
    with transaction.atomic(), connection.cursor() as cursor:
        planner_statistics_refresh(cursor)
        cursor.execute(shared)
        assert cursor.fetchone()[0] == 0
        cursor.execute("ANALYZE")  # what it was: the check sees the difference
        cursor.execute(shared)
        assert cursor.fetchone()[0] > 0
