"""A ballot's first step (sessions/secret_ballot.py `secret_ballot_enter`): on PostgreSQL one
statement holds the evaluation, reads the voter, inserts the receipt and locks a free shard
(decision 215). It must find and do what the steps one statement at a time (the way before,
and SQLite's still) find and do, for every kind of voter and of evaluation."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from delegates.services import delegate_change_qualification
from evaluations.ballot_reads import voter_statement
from evaluations.models import Evaluation, OnlineTallyShard, Receipt
from sessions.secret_ballot import _enter_at_once, _enter_in_steps, secret_ballot_enter
from tests.core.factories import UserFactory, office_user
from tests.evaluations.kit import ballots_cast, paper_handed_out

pytestmark = pytest.mark.django_db


def _entered(enter, evaluation, user):
    """(what the entry found, the receipts it wrote), rolled back afterwards."""
    box = Evaluation.objects.get(pk=evaluation.pk)
    day, term = timezone.localdate(), evaluation.session.term_id
    before = set(Receipt.objects.filter(evaluation=box).values_list("delegate_id", "on_paper"))
    with transaction.atomic():
        entry = enter(
            box=box,
            voter=voter_statement(box.pk, term, day, user=user),
            receipts=box.receipts,
            shards=box.tally_shards,
        )
        after = set(Receipt.objects.filter(evaluation=box).values_list("delegate_id", "on_paper"))
        transaction.set_rollback(True)
    held = [getattr(entry.box, f.attname) for f in Evaluation._meta.concrete_fields]
    voter = (
        None if entry.voter is None else (entry.voter[0], bool(entry.voter[1]), *entry.voter[2:])
    )
    return (held, voter, entry.taken, sorted(after - before)), entry.shard


def _in_steps(**kwargs):
    kwargs.pop("shards")
    return _enter_in_steps(**kwargs)


def test_the_entry_finds_and_does_what_the_steps_did(voters, open_evaluation, closed_evaluation):
    entitled, voted, on_paper, outsider, suspended = voters(5)
    evaluation = open_evaluation([entitled, voted, on_paper, suspended])
    ballots_cast(evaluation, [voted], "competent")
    paper_handed_out(evaluation, [on_paper])
    delegate_change_qualification(
        delegate=suspended,
        kind="suspended",
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
        reason="涉嫌违法",
        decision_reference="县人大常委会〔2026〕1号",
        recorded_by=office_user(),
    )
    closed = closed_evaluation([entitled])
    expected = {  # (voter: admitted, entitled, status), taken
        (evaluation, entitled): ((True, True, "active"), True),
        (evaluation, voted): ((True, True, "active"), False),
        (evaluation, on_paper): ((True, True, "active"), False),
        (evaluation, outsider): ((False, False, "active"), False),
        (evaluation, suspended): ((False, True, "suspended"), False),
        (closed, entitled): ((True, True, "active"), False),
    }
    for (box, delegate), (voter, taken) in expected.items():  # the steps, as before
        found, _shard = _entered(_in_steps, box, delegate.user)
        written = [(delegate.pk, False)] if taken else []
        assert found[1:] == ((delegate.pk, *voter), taken, written), (box, delegate)
    stranger = UserFactory()  # no delegate record: no voter, nothing written
    assert _entered(_in_steps, evaluation, stranger)[0][1:] == (None, False, [])
    with CaptureQueriesContext(connection) as statements:
        assert _entered(secret_ballot_enter, evaluation, entitled.user)[0][2]
    # The evaluation held, the voter read, the receipt inserted: one statement on PostgreSQL
    # (the reads and the savepoint around it here aside), three on SQLite.
    entering = [q for q in statements if "SAVEPOINT" not in q["sql"]]
    assert len(entering) - 3 == (1 if connection.vendor == "postgresql" else 3)
    if connection.vendor != "postgresql":
        return
    for box, user in [*((b, d.user) for b, d in expected), (evaluation, stranger)]:
        at_once, shard = _entered(_enter_at_once, box, user)
        assert at_once == _entered(_in_steps, box, user)[0], (box, user)
        if at_once[2]:  # taken: a shard of this box locked, its counts as stored
            stored = OnlineTallyShard.objects.get(pk=shard[0])
            assert (stored.evaluation_id, stored.counts) == (box.pk, shard[1])
        else:
            assert shard is None
