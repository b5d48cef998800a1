"""Every secret ballot box of the product (evaluations, elections' rounds) is built on the
shared machinery and keeps its promises (docs/secrecy.md): checked on every concrete model,
so a new kind of secret vote is held to them without a test of its own, and, by casting
ballots, on every concrete box: `BOXES` must name a way to cast into each kind of box."""

import pytest
from django.apps import apps
from django.db import connection, models

from sessions.models.secret_ballot import SecretReceipt, SecretTallyShard
from sessions.secret_ballot import MODULUS, SHARDS, masked_shares, tally_summed
from tests.sessions.secrecy_kit import shards_tell_nothing
from tests.sessions.test_election_rounds import hall  # noqa: F401 - the fixture


def _concrete(base):
    return [m for m in apps.get_models() if issubclass(m, base)]


def _box(model):
    """The ballot box a receipt or a shard belongs to: its one relation other than the
    delegate."""
    return next(f for f in model._meta.concrete_fields if f.is_relation and f.name != "delegate")


def test_the_machinery_is_shared_by_the_evaluations_and_the_elections():
    from evaluations.models import OnlineTallyShard, Receipt
    from sessions.models import ElectionReceipt, ElectionTallyShard

    assert {Receipt, ElectionReceipt} <= set(_concrete(SecretReceipt))
    assert {OnlineTallyShard, ElectionTallyShard} <= set(_concrete(SecretTallyShard))
    # Each kind of box has both, and nothing else is a box.
    boxes = {_box(m).related_model for m in _concrete(SecretReceipt)}
    assert boxes == {_box(m).related_model for m in _concrete(SecretTallyShard)}


def test_receipts_name_one_box_and_one_delegate_once_with_a_random_key():
    for receipt in _concrete(SecretReceipt):
        relations = [f for f in receipt._meta.concrete_fields if f.is_relation]
        assert len(relations) == 2, receipt  # the box and the delegate, nothing else
        unique = [
            set(c.fields)
            for c in receipt._meta.constraints
            if isinstance(c, models.UniqueConstraint)
        ]
        assert {_box(receipt).name, "delegate"} in unique, receipt
        assert receipt._meta.pk.default.__name__ == "uuid4"


@pytest.mark.django_db
def test_shards_name_their_box_and_hold_one_vector_nothing_else():
    for shard in _concrete(SecretTallyShard):
        box = _box(shard)
        assert [f.name for f in shard._meta.concrete_fields if f.is_relation] == [box.name]
        unique = [
            set(c.fields) for c in shard._meta.constraints if isinstance(c, models.UniqueConstraint)
        ]
        assert {box.name, "shard"} in unique, shard
        with connection.cursor() as cursor:
            columns = connection.introspection.get_table_description(cursor, shard._meta.db_table)
        assert {c.name for c in columns} == {"id", box.column, "shard", "counts"}, shard


def test_no_time_no_order_no_permission_and_nothing_points_at_them():
    secret = _concrete(SecretReceipt) + _concrete(SecretTallyShard)
    for model in secret:
        for field in model._meta.concrete_fields:
            assert not isinstance(
                field, models.DateField | models.DateTimeField | models.TimeField
            ), (model, field)
        assert not model._meta.ordering, model
        assert model._meta.default_permissions == (), model
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model not in secret, (model, field)


def test_masked_shares_add_up_to_the_counts_and_alone_tell_nothing():
    counts = [3, 0, 1, 2, 0, 0, 5]
    shares = masked_shares(counts)
    assert len(shares) == SHARDS and tally_summed(shares, len(counts)) == counts
    assert all(0 <= n < MODULUS for share in shares for n in share)
    assert shards_tell_nothing(shares, ballots=5)
    # Not masked, the same counts would tell: the check can fail.
    assert not shards_tell_nothing([counts] + [[0] * len(counts)] * (SHARDS - 1), ballots=5)
    with pytest.raises(ValueError, match="cells"):
        tally_summed(shares, len(counts) + 1)


# --- Every concrete box, by casting into it ------------------------------------------------


def _evaluation_box(election, _sitting, delegates):
    from evaluations.services import ballot_cast
    from evaluations.tallies import online_counts
    from tests.evaluations.kit import S, choose, evaluation_in

    voters = delegates[:3]
    evaluation = evaluation_in(S.OPEN, session=election.session, entitled=voters, criteria=3)
    for person, rating in zip(voters, ["excellent", "competent", ""], strict=True):
        ballot_cast(
            evaluation=evaluation,
            user=person.user,
            choices=choose(evaluation, lambda s, c, r=rating: r),
        )
    counts = online_counts(evaluation)
    assert set(counts.values()) == {0, 1} and sum(counts.values()) == 3 * 2 * 3
    return evaluation


def _election_box(election, sitting, delegates):
    from sessions.election_rounds import election_ballot_cast, round_online_counts, round_open
    from tests.core.factories import office_user

    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    first, *others = election.candidates.values_list("pk", flat=True)
    for delegate, marks in zip(delegates, [{first: "for"}, {first: "against"}, {}], strict=False):
        election_ballot_cast(election_round=election_round, user=delegate.user, marks=marks)
    counts = round_online_counts(election_round)
    assert [counts[(first, mark)] for mark in ("for", "against", "abstain")] == [1, 1, 1]
    assert all(counts[(other, "abstain")] == 3 for other in others)
    return election_round


# The box model, and how to open one and cast 3 ballots into it (in the hall of
# tests/sessions/test_election_rounds.py: an election, delegates checked in): the box.
BOXES = {
    ("evaluations", "evaluation"): _evaluation_box,
    ("congress_sessions", "electionround"): _election_box,
}


def test_every_kind_of_box_is_cast_into_below():
    kinds = {_box(m).related_model._meta.label_lower for m in _concrete(SecretTallyShard)}
    assert kinds == {f"{app}.{model}" for app, model in BOXES}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(BOXES), ids=lambda kind: kind[1])
def test_the_shards_of_every_box_add_up_and_tell_nothing(hall, kind):  # noqa: F811
    box = BOXES[kind](*hall)
    shard_model = next(m for m in _concrete(SecretTallyShard) if _box(m).related_model is type(box))
    shards = shard_model.objects.filter(**{_box(shard_model).name: box})
    assert shards.count() == SHARDS
    assert shards_tell_nothing(shards.values_list("counts", flat=True), ballots=3)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(BOXES), ids=lambda kind: kind[1])
def test_the_shards_counts_are_4_bytes_a_cell_kept_in_the_row(hall, kind):  # noqa: F811
    """Every ballot rewrites a shard's vector whole: as bytes, 4 a cell, the numbers as read;
    on PostgreSQL kept in the row (STORAGE MAIN), not compressed nor moved out of line."""
    box = BOXES[kind](*hall)
    shard_model = next(m for m in _concrete(SecretTallyShard) if _box(m).related_model is type(box))
    table = shard_model._meta.db_table
    vectors = dict(
        shard_model.objects.filter(**{_box(shard_model).name: box}).values_list("pk", "counts")
    )
    size = "pg_column_size(counts)" if connection.vendor == "postgresql" else "length(counts)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, counts, {size} FROM {table}")  # noqa: S608 - a model's table
        for pk, stored, stored_size in cursor.fetchall():
            assert bytes(stored) == b"".join(n.to_bytes(4, "big") for n in vectors[pk])
            header = stored_size - 4 * len(vectors[pk])  # not compressed: the bytes and
            assert header in ((1, 4) if connection.vendor == "postgresql" else (0,))  # a header
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass"
                " AND attname = 'counts'",
                [table],
            )
            assert cursor.fetchone() == ("m",)
