"""Nothing stored links a ballot to its voter: not the schema, not the rows, not the audit
trail, the messages, the session or the logs."""

import logging

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection, models, transaction

from evaluations.models import OnlineTallyShard, PaperCount, Receipt
from evaluations.services import ballot_cast
from evaluations.tallies import online_counts
from sessions.models.secret_ballot import vector_from_bytes
from tests.evaluations.kit import choose
from tests.sessions.secrecy_kit import plausible, shards_tell_nothing

pytestmark = pytest.mark.django_db


def _foreign_keys(model):
    return {f.name: f.related_model for f in model._meta.get_fields() if f.is_relation}


def test_receipts_and_tallies_share_no_link_and_no_time():
    from delegates.models import Delegate
    from evaluations.models import Evaluation

    assert _foreign_keys(Receipt) == {"evaluation": Evaluation, "delegate": Delegate}
    assert _foreign_keys(OnlineTallyShard) == {"evaluation": Evaluation}
    # No model anywhere points at a receipt or a tally (no common "ballot" row).
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model not in (Receipt, OnlineTallyShard), (model, field)
    for model in (Receipt, OnlineTallyShard):
        for field in model._meta.concrete_fields:
            assert not isinstance(
                field, models.DateField | models.DateTimeField | models.TimeField
            ), field
        assert not model._meta.ordering
    # The receipt's key is random, not a sequence.
    assert isinstance(Receipt._meta.pk, models.UUIDField)
    assert not isinstance(Receipt._meta.pk, models.AutoField | models.BigAutoField)
    assert Receipt._meta.pk.default.__name__ == "uuid4"


def test_the_tables_hold_no_other_columns():
    with connection.cursor() as cursor:
        receipt = {
            c.name
            for c in connection.introspection.get_table_description(cursor, Receipt._meta.db_table)
        }
        tally = {
            c.name
            for c in connection.introspection.get_table_description(
                cursor, OnlineTallyShard._meta.db_table
            )
        }
    # Whether the ballot taken is a paper one: not when, not which round, nothing chosen.
    assert receipt == {"id", "evaluation_id", "delegate_id", "on_paper"}
    # Which shard, and the whole vector of counts: nothing else.
    assert tally == {"id", "evaluation_id", "shard", "counts"}


def test_no_admin_for_receipts_tallies_or_paper_counts():
    for model in (Receipt, OnlineTallyShard, PaperCount):
        assert not admin.site.is_registered(model)
        assert not model._meta.default_permissions


def _stored(evaluation):
    """(the receipts, the counts, the shards' vectors)."""
    receipts = sorted(
        (r["evaluation_id"], r["delegate_id"])
        for r in Receipt.objects.filter(evaluation=evaluation).values()
    )
    shards = OnlineTallyShard.objects.filter(evaluation=evaluation).values_list("counts", flat=True)
    return receipts, online_counts(evaluation), list(shards)


class Rollback(Exception):
    pass


def test_the_stored_rows_do_not_tell_who_cast_which_ballot(open_evaluation, voters):
    alice, bob = voters(2)
    evaluation = open_evaluation([alice, bob], subjects=2, criteria=2)
    praise = choose(evaluation, lambda s, c: "excellent")
    blame = choose(evaluation, lambda s, c: "incompetent" if s.is_team else "")

    def cast_in(order):
        try:
            with transaction.atomic():
                for person, choices in order:
                    ballot_cast(evaluation=evaluation, user=person.user, choices=choices)
                stored = _stored(evaluation)
                raise Rollback
        except Rollback:
            return stored

    one_way = cast_in([(alice, praise), (bob, blame)])
    other_way = cast_in([(bob, blame), (alice, praise)])
    # Swapping who cast which ballot also gives the same receipts and counts.
    swapped = cast_in([(alice, blame), (bob, praise)])
    assert one_way[:2] == other_way[:2] == swapped[:2]
    assert len(one_way[0]) == 2 and sum(one_way[1].values()) == 8
    # The shards: random numbers, whichever ballot went into which of them, that only all
    # of them summed turn into the counts.
    for _receipts, _counts, shards in (one_way, other_way, swapped):
        assert shards_tell_nothing(shards, ballots=2)


def _row_counts():
    return {model: model.objects.count() for model in apps.get_models()}


def test_casting_writes_a_receipt_and_counts_and_nothing_else(
    open_evaluation, voters, client_for, caplog
):
    (person,) = voters(1)
    evaluation = open_evaluation([person], subjects=1, criteria=2)
    client = client_for(person.user)
    url = f"/evaluations/{evaluation.pk}/ballot/"
    subject = evaluation.subjects.get()
    first, second = evaluation.criteria.all()
    choices = {
        f"c-{subject.pk}-{first.pk}": "basically_competent",
        f"c-{subject.pk}-{second.pk}": "incompetent",
    }
    shards = OnlineTallyShard.objects.filter(evaluation=evaluation)
    before, vectors = _row_counts(), dict(shards.values_list("pk", "counts"))
    with caplog.at_level(logging.DEBUG):
        review = client.post(url, {**choices, "action": "review"})
        submit = client.post(url, {**choices, "action": "submit"})
    assert review.status_code == 200 and submit.status_code == 302
    after = _row_counts()
    changed = {model for model in before if before[model] != after[model]}
    assert changed == {Receipt}  # the tallies existed already; no audit or notice rows
    # One shard took the whole ballot (two marks, none of it readable there); the others
    # are as they were.
    now = dict(shards.values_list("pk", "counts"))
    written = [pk for pk in now if now[pk] != vectors[pk]]
    assert len(written) == 1 and not plausible(now[written[0]], ballots=1)
    assert online_counts(evaluation)[(subject.pk, second.pk, "incompetent")] == 1
    # Nothing about the choices in logs, the session, messages, or the confirmation page.
    for record in caplog.records:
        assert "competent" not in record.getMessage()
    session_data = str(dict(client.session.items()))
    assert "competent" not in session_data and "c-" not in session_data
    confirmation = client.get(submit["Location"])
    page = confirmation.content.decode()
    assert "You have voted" in page
    assert "competent" not in page.lower()
    assert not list(confirmation.context["messages"])
    # Error reports would leave the POST data out; the pages are never cached.
    assert submit.wsgi_request.sensitive_post_parameters == "__ALL__"
    assert "no-store" in review["Cache-Control"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="transaction ids (xmin) exist on PostgreSQL only"
)
def test_the_shard_a_ballot_wrote_holds_random_numbers(open_evaluation, voters):
    """Each ballot rewrites one shard, whole: its row's transaction id (xmin) is the one of
    the voter's receipt, so the row is linked to the voter, and what it holds is random."""
    alice, bob = voters(2)
    evaluation = open_evaluation([alice, bob], subjects=3, criteria=2)
    for person, rating in ((alice, "excellent"), (bob, "competent")):
        with transaction.atomic():
            ballot_cast(
                evaluation=evaluation,
                user=person.user,
                choices=choose(evaluation, lambda s, c, r=rating: r),
            )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text, counts FROM {OnlineTallyShard._meta.db_table} "
            "WHERE evaluation_id = %s",
            [evaluation.pk],
        )
        versions = cursor.fetchall()
        cursor.execute(
            f"SELECT xmin::text FROM {Receipt._meta.db_table} WHERE evaluation_id = %s",
            [evaluation.pk],
        )
        receipts = {xmin for (xmin,) in cursor.fetchall()}
    by_ballot = [counts for xmin, counts in versions if xmin in receipts]
    assert len(by_ballot) in (1, 2)  # the two ballots wrote one shard each (maybe the same)
    assert len({xmin for xmin, _counts in versions}) == 1 + len(by_ballot)  # and the opening
    for counts in by_ballot:
        assert not plausible(vector_from_bytes(counts), 2)
