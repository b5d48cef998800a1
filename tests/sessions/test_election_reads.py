"""The election ballot's hot reads in plain SQL (sessions/election_reads.py) answer what the
ORM answers on the same data: the round with its election, session and sitting, and the
voter's standing (checked in, voted online, took paper); the voter's check when casting
(active today and checked in at the round's sitting)."""

import datetime

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from delegates.selectors import active_delegates_on
from delegates.services import delegate_change_qualification
from sessions.election_reads import ballot_with_standing, checked_in_voter, round_with_standing
from sessions.election_rounds import (
    election_ballot_cast,
    paper_ballots_issue,
    round_ballot_candidates,
    round_open,
)
from sessions.models import Attendance, Candidate, ElectionReceipt, ElectionRound
from tests.core.factories import UserFactory, office_user
from tests.sessions.test_election_rounds import hall  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def _orm_standing(user, pk):
    """The ORM's answer: what election_rounds.round_for_voter ran before the plain SQL."""
    from delegates.models import Delegate

    mine = {"delegate__user": user, "delegate__term": OuterRef("election__session__term")}
    receipts = ElectionReceipt.objects.filter(round=OuterRef("pk"), **mine)
    in_term = Delegate.objects.filter(user=user, term=OuterRef("election__session__term"))
    found = (
        ElectionRound.objects.select_related("election__session", "sitting")
        .filter(Exists(in_term), pk=pk)
        .annotate(
            checked_in=Exists(
                Attendance.objects.filter(
                    sitting=OuterRef("sitting"), status=Attendance.Status.PRESENT, **mine
                )
            ),
            voted=Exists(receipts.filter(on_paper=False)),
            on_paper=Exists(receipts.filter(on_paper=True)),
        )
        .first()
    )
    if found is None:
        return None
    return found, {key: getattr(found, key) for key in ("checked_in", "voted", "on_paper")}


def _values(obj):
    return [getattr(obj, f.attname) for f in obj._meta.concrete_fields]


def test_the_standing_is_the_orms_for_every_kind_of_voter(hall):  # noqa: F811
    election, sitting, delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    voted, on_paper, away = delegates[:3]
    election_ballot_cast(election_round=election_round, user=voted.user, marks={})
    paper_ballots_issue(election_round=election_round, delegates=[on_paper])
    sitting.attendances.filter(delegate=away).delete()
    users = [d.user for d in delegates[:4]] + [UserFactory(), office_user()]
    seen = set()
    for user in users:
        for pk in (election_round.pk, 0):
            plain, orm = round_with_standing(user.pk, pk), _orm_standing(user, pk)
            assert (plain is None) == (orm is None), (user, pk)
            if plain is None:
                seen.add(None)
                continue
            (read, status), (expected, expected_status) = plain, orm
            assert status == expected_status
            seen.add(tuple(status.values()))
            for got, want in [
                (read, expected),
                (read.election, expected.election),
                (read.election.session, expected.election.session),
                (read.sitting, expected.sitting),
            ]:
                assert _values(got) == _values(want)
    assert seen == {
        None,
        (True, False, False),
        (True, True, False),
        (True, False, True),
        (False, False, False),
    }


def test_the_voters_check_is_the_orms(hall):  # noqa: F811
    election, sitting, delegates = hall
    present, away, suspended = delegates[:3]
    sitting.attendances.filter(delegate=away).delete()
    delegate_change_qualification(
        delegate=suspended,
        kind="suspended",
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
        reason="涉嫌违法",
        decision_reference="县人大常委会〔2026〕1号",
        recorded_by=office_user(),
    )
    term = election.session.term_id
    checked_in = Attendance.objects.filter(
        sitting=sitting, delegate=OuterRef("pk"), status=Attendance.Status.PRESENT
    )
    for day in (timezone.localdate(), datetime.date(2021, 1, 1)):
        may = set(
            active_delegates_on(term, day)
            .filter(Exists(checked_in), user__isnull=False)
            .values_list("user", flat=True)
        )
        for delegate in (present, away, suspended):
            found = checked_in_voter(sitting.pk, term, delegate.user_id, day)
            assert found == (delegate.pk if delegate.user_id in may else None)
    today = timezone.localdate()
    assert checked_in_voter(sitting.pk, term, present.user_id, today) == present.pk
    assert checked_in_voter(sitting.pk, term, suspended.user_id, today) is None
    assert checked_in_voter(sitting.pk, term, away.user_id, today) is None


def test_the_ballots_candidates_are_the_orms_in_print_order(hall):  # noqa: F811
    """The ballot page's one statement gives the round's candidates as
    `round_ballot_candidates` does: only those on the round's ballot, in the formal list's
    print order (stroke order, or the office's order once every candidate on the list has
    one), whatever else the statement reads; and the same standing as without them."""
    election, sitting, delegates = hall
    Candidate.objects.create(election=election, name="丁一", formal=False)  # not formal
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    others = [
        Candidate.objects.create(election=election, name=name, formal=True)
        for name in ("王芳", "王刚", "Ann")
    ]  # on the formal list, not on this round's ballot
    voter = delegates[0].user

    def compare():
        _round, status, candidates = ballot_with_standing(voter.pk, election_round.pk)
        expected = round_ballot_candidates(election_round)
        assert [(c.pk, c.name) for c in candidates] == [(c.pk, c.name) for c in expected]
        assert status == round_with_standing(voter.pk, election_round.pk)[1]
        return [c.name for c in candidates]

    assert compare() == ["乙", "丙", "甲"]  # stroke order: 乙 1, 丙 5, 甲 5 (丙 before 甲)
    election_round.candidates.add(*others)
    assert compare()[:3] == ["乙", "王刚", "王芳"] and len(compare()) == 6
    formal = list(election.candidates.filter(formal=True).order_by("-pk"))
    for order, candidate in enumerate(formal[:-1]):
        Candidate.objects.filter(pk=candidate.pk).update(order=order)
    compare()  # one without an order: stroke order still
    Candidate.objects.filter(pk=formal[-1].pk).update(order=2)  # ties broken by id
    assert compare()[0] == formal[0].name
    election_round.candidates.remove(others[0])
    assert len(compare()) == 5
    assert ballot_with_standing(UserFactory().pk, election_round.pk) is None
    assert ballot_with_standing(voter.pk, 0) is None


def test_the_ballots_statements_find_the_voter_by_account_without_statistics(
    hall,  # noqa: F811
    monkeypatch,
):
    """On tables never analyzed, PostgreSQL's generic plans of the election ballot's reads
    (the page's, casting's voter check) find the voter's delegate records by their account:
    before, they walked the term's whole roster for each of four subqueries."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans")
    from sessions import election_reads
    from tests.sessions.plan_kit import delegate_reads, generic_plans, reads_by_key

    election, sitting, delegates = hall
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    user, term = delegates[0].user, election.session.term_id
    calls = [
        lambda: ballot_with_standing(user.pk, election_round.pk),
        lambda: checked_in_voter(sitting.pk, term, user.pk, timezone.localdate()),
    ]
    for call in calls:
        for plan in generic_plans(monkeypatch, election_reads, call):
            reads = delegate_reads(plan)
            assert reads and all(reads_by_key(read) for read in reads), reads
