"""Nothing stored links a ballot to its voter: not the schema, not the rows, not the audit
trail, the messages, the session or the logs."""

import logging

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection, models, transaction

from evaluations.models import OnlineTally, PaperCount, Receipt
from evaluations.services import ballot_cast
from tests.evaluations.kit import choose

pytestmark = pytest.mark.django_db


def _foreign_keys(model):
    return {f.name: f.related_model for f in model._meta.get_fields() if f.is_relation}


def test_receipts_and_tallies_share_no_link_and_no_time():
    from delegates.models import Delegate
    from evaluations.models import Criterion, Evaluation, Subject

    assert _foreign_keys(Receipt) == {"evaluation": Evaluation, "delegate": Delegate}
    assert _foreign_keys(OnlineTally) == {
        "evaluation": Evaluation,
        "subject": Subject,
        "criterion": Criterion,
    }
    # No model anywhere points at a receipt or a tally (no common "ballot" row).
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model not in (Receipt, OnlineTally), (model, field)
    for model in (Receipt, OnlineTally):
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
                cursor, OnlineTally._meta.db_table
            )
        }
    # Whether the ballot taken is a paper one: not when, not which round, nothing chosen.
    assert receipt == {"id", "evaluation_id", "delegate_id", "on_paper"}
    assert tally == {"id", "evaluation_id", "subject_id", "criterion_id", "rating", "count"}


def test_no_admin_for_receipts_tallies_or_paper_counts():
    for model in (Receipt, OnlineTally, PaperCount):
        assert not admin.site.is_registered(model)
        assert not model._meta.default_permissions


def _stored_rows(evaluation):
    receipts = sorted(
        (r["evaluation_id"], r["delegate_id"])
        for r in Receipt.objects.filter(evaluation=evaluation).values()
    )
    tallies = sorted(
        tuple(sorted(row.items()))
        for row in OnlineTally.objects.filter(evaluation=evaluation).values()
    )
    return receipts, tallies


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
                rows = _stored_rows(evaluation)
                raise Rollback
        except Rollback:
            return rows

    one_way = cast_in([(alice, praise), (bob, blame)])
    other_way = cast_in([(bob, blame), (alice, praise)])
    # Swapping who cast which ballot also gives the same rows.
    swapped = cast_in([(alice, blame), (bob, praise)])
    assert one_way == other_way == swapped
    assert len(one_way[0]) == 2 and sum(dict(row)["count"] for row in one_way[1]) == 8


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
    before = _row_counts()
    with caplog.at_level(logging.DEBUG):
        review = client.post(url, {**choices, "action": "review"})
        submit = client.post(url, {**choices, "action": "submit"})
    assert review.status_code == 200 and submit.status_code == 302
    after = _row_counts()
    changed = {model for model in before if before[model] != after[model]}
    assert changed == {Receipt}  # the tallies existed already; no audit or notice rows
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
def test_every_tally_row_carries_the_last_ballots_transaction(open_evaluation, voters):
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
            f"SELECT DISTINCT xmin::text FROM {OnlineTally._meta.db_table} "
            "WHERE evaluation_id = %s",
            [evaluation.pk],
        )
        versions = cursor.fetchall()
    # All rows were rewritten by the last ballot's UPDATE, chosen cells or not.
    assert len(versions) == 1
