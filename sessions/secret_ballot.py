"""The secret ballot's writes and reads, shared by every kind of vote that is secret
(evaluations, elections): opening the box (its tally shards, masked), holding it while a
ballot goes in, taking a ballot (a receipt, online or on paper), counting an online ballot
(its whole vector added to one shard, in one UPDATE), and summing the shards. The callers
check who may vote and what a ballot may hold, and give the box's layout (which cell is which
position of the vector); these only write and read, in the way docs/secrecy.md describes."""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ValidationError
from django.db import connection, models

from congress_office.plain_sql import columns, execute, instance, table

from .models.secret_ballot import vector_from_bytes

# How many shards a box's counts are kept in: ballots counted on different shards do not wait
# for each other, and a server runs far fewer ballots at once than this (4 workers).
SHARDS = 16
# The shards are additive shares modulo this: far above any count (2,000 delegates), and the
# masks, drawn below it, make each shard's numbers uniformly random.
MODULUS = 2**31


@dataclass(frozen=True)
class Refusals:
    """What the voter or the teller is told, in the words of the kind of vote."""

    already_voted: str  # a second online ballot
    took_paper: str  # an online ballot from whoever received a paper one
    paper_again: str  # "%(name)s has already received a paper ballot."
    voted_online: str  # "%(name)s has already voted online and cannot have a paper ballot."


def masked_shares(counts: Sequence[int], draw=secrets.randbelow) -> list[list[int]]:
    """SHARDS vectors that add up to `counts` modulo MODULUS, each (and any of them short of
    all) uniformly random: random masks, the last shard taking the counts less the others'
    masks. The masks are drawn from the operating system's secure source (`draw`, whose
    bound is MODULUS, is another only for made-up data) and kept nowhere."""
    masks = [[draw(MODULUS) for _ in counts] for _ in range(SHARDS - 1)]
    last = [(n - sum(column)) % MODULUS for n, *column in zip(counts, *masks, strict=True)]
    return [*masks, last]


def tally_shards_create(model: type[models.Model], cells: int, **box) -> None:
    """Open a box's counts: SHARDS rows of `model` for the box (`box`: its foreign key),
    together counting 0 in each of the `cells` cells."""
    model.objects.bulk_create(
        model(shard=n, counts=share, **box) for n, share in enumerate(masked_shares([0] * cells))
    )


def tally_summed(vectors: Iterable[Sequence[int]], cells: int) -> list[int]:
    """The counts of the box: its shards' vectors summed modulo MODULUS. A box whose shards do
    not all have `cells` numbers is refused: its layout has changed since it opened."""
    total = [0] * cells
    for vector in vectors:
        if len(vector) != cells:
            raise ValueError(f"a tally shard of {len(vector)} cells where the box has {cells}")
        total = [a + b for a, b in zip(total, vector, strict=True)]
    return [n % MODULUS for n in total]


def box_hold(box: models.Model) -> models.Model:
    """The ballot box's row as stored now, read and locked FOR SHARE until the transaction
    ends: ballots hold it together, closing (which locks it FOR UPDATE) waits for those under
    way, and a ballot that comes after the close reads the box closed. (The ORM has no FOR
    SHARE; on SQLite, which has no row locks, the writers take turns anyway.)"""
    model = type(box)
    with connection.cursor() as cursor:
        execute(cursor, _held_sql(model), [box.pk])
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist
    return instance(model, row)


@cache
def _held_sql(model: type[models.Model]) -> str:
    """The box's row, locked FOR SHARE where the database has row locks. Once per model."""
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"SELECT {columns(model, 'b')} FROM {table(model)} b WHERE b.{pk} = %s"
    return sql + (" FOR SHARE" if connection.features.has_select_for_update else "")


def _take(receipts, delegate_id: int, on_paper: bool) -> bool:
    """Insert the delegate's receipt, or nothing when the box holds one of theirs already:
    False then. One statement (INSERT ... ON CONFLICT DO NOTHING): the unique constraint on
    (box, delegate) decides, also when another connection inserts the same receipt at the
    same instant (the statement waits for that transaction and does nothing if it commits)."""
    model = receipts.model
    receipt = model(delegate_id=delegate_id, on_paper=on_paper, **receipts.core_filters)
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    values = [f.get_db_prep_save(f.pre_save(receipt, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        execute(cursor, sql, values)
        return cursor.rowcount == 1


@dataclass(frozen=True)
class Entry:
    """What `secret_ballot_enter` found and did: the box's row as held, the voter's row (the
    caller's voter statement's: the delegate's id, whether admitted, what else it asked; None
    when the term has no such delegate), whether the receipt went in, and the shard locked for
    the ballot when it did (PostgreSQL; elsewhere picked when counting)."""

    box: models.Model
    voter: tuple | None
    taken: bool
    shard: tuple[int, list[int]] | None


def secret_ballot_enter(*, box, voter: tuple[str, list], receipts, shards) -> Entry:
    """A ballot's first step, inside the caller's transaction: hold the box's row FOR SHARE
    (`box_hold`), read the voter (`voter`: a statement and its values, whose first two columns
    are named `delegate_id`, the delegate's id, and `admitted`, whether they may vote), and,
    when the box is open and the voter admitted, insert their online receipt (`_take`) and
    lock a free shard. On PostgreSQL all of it is one statement (decision 215): a ballot's
    round trips, each costing the server its share of CPU, were most of what it spent besides
    the page. The caller then checks everything else it refuses (the voting window, the
    choices) and raises, rolling the receipt back, before `secret_ballot_cast` counts."""
    if connection.vendor == "postgresql":
        return _enter_at_once(box=box, voter=voter, receipts=receipts, shards=shards)
    return _enter_in_steps(box=box, voter=voter, receipts=receipts)


def _enter_in_steps(*, box, voter: tuple[str, list], receipts) -> Entry:
    """`secret_ballot_enter` a statement at a time (SQLite, which has no INSERT in a WITH)."""
    held = box_hold(box)
    with connection.cursor() as cursor:
        execute(cursor, *voter)
        row = cursor.fetchone()
    taken = bool(held.status == type(box).Status.OPEN and row and row[1])
    if taken:
        taken = _take(receipts, row[0], on_paper=False)
    return Entry(held, None if row is None else tuple(row), taken, None)


def _enter_at_once(*, box, voter: tuple[str, list], receipts, shards) -> Entry:
    """`secret_ballot_enter` in one statement (PostgreSQL)."""
    open_status = type(box).Status.OPEN.value
    sql, given = _enter_sql(type(box), receipts.model, shards.model, voter[0])
    receipt = receipts.model(**receipts.core_filters)
    values = {
        field.attname: field.get_db_prep_save(field.pre_save(receipt, add=True), connection)
        for field in receipts.model._meta.concrete_fields
        if field.attname in given
    }
    params = [box.pk, *voter[1], *(values[name] for name in given)]
    params += [open_status, box.pk]
    with connection.cursor() as cursor:
        execute(cursor, sql, params)
        row = cursor.fetchone()
    if row is None:
        raise type(box).DoesNotExist
    width = len(type(box)._meta.concrete_fields)
    held, rest = instance(type(box), row), row[width:]
    taken, shard_pk, counts = rest[-3:]
    voter_row = None if rest[0] is None else tuple(rest[:-3])
    shard = None if shard_pk is None else (shard_pk, _vector(counts))
    return Entry(held, voter_row, bool(taken), shard)


@cache
def _enter_sql(box_model, receipt_model, shard_model, voter_sql: str) -> tuple[str, list]:
    """`secret_ballot_enter`'s statement on PostgreSQL, and the receipt's columns whose values
    the caller gives (its random key). The box is read first (the receipt's rows come from
    it), so its FOR SHARE lock is taken, and its row re-read if a close committed meanwhile,
    before the receipt can go in; the shard is locked only when the receipt went in."""
    quote = connection.ops.quote_name
    box_pk = quote(box_model._meta.pk.column)
    receipt_box = next(
        f for f in receipt_model._meta.concrete_fields if f.related_model is box_model
    )
    shard_box = next(f for f in shard_model._meta.concrete_fields if f.related_model is box_model)
    given, inserted = [], []
    for field in receipt_model._meta.concrete_fields:
        if field is receipt_box:
            inserted.append(f"box.{box_pk}")
        elif field.attname == "delegate_id":
            inserted.append("voter.delegate_id")
        elif field.attname == "on_paper":
            inserted.append("FALSE")
        else:
            given.append(field.attname)
            inserted.append(f"CAST(%s AS {field.db_type(connection)})")  # the random key
    receipt_columns = ", ".join(quote(f.column) for f in receipt_model._meta.concrete_fields)
    counts, shard_pk = (
        quote(shard_model._meta.get_field("counts").column),
        quote(shard_model._meta.pk.column),
    )
    sql = (
        f"WITH box AS (SELECT {columns(box_model, 'b')} FROM {table(box_model)} b"
        f" WHERE b.{box_pk} = %s FOR SHARE),"
        f" voter AS ({voter_sql}),"
        f" receipt AS (INSERT INTO {table(receipt_model)} ({receipt_columns})"
        f" SELECT {', '.join(inserted)} FROM box, voter"
        f" WHERE box.{quote(box_model._meta.get_field('status').column)} = %s AND voter.admitted"
        " ON CONFLICT DO NOTHING RETURNING 1),"
        f" shard AS (SELECT {shard_pk} AS pk, {counts} AS counts FROM {table(shard_model)}"
        f" WHERE {quote(shard_box.column)} = %s AND EXISTS(SELECT 1 FROM receipt)"
        " ORDER BY RANDOM() LIMIT 1 FOR UPDATE SKIP LOCKED)"
        " SELECT box.*, voter.*, EXISTS(SELECT 1 FROM receipt), shard.pk, shard.counts"
        " FROM box LEFT JOIN voter ON TRUE LEFT JOIN shard ON TRUE"
    )
    return sql, given


def secret_ballot_cast(
    *,
    receipts,
    delegate_id: int,
    shards,
    ballot: Sequence[int],
    refusals: Refusals,
    entry: Entry | None = None,
) -> None:
    """Record that the delegate has voted (`receipts`: the box's related manager; its unique
    constraint refuses a second ballot, also at the same instant from another connection),
    then add `ballot` (the box's whole vector: 1 in each chosen cell, 0 elsewhere) to one of
    the box's shards (`shards`: the box's related manager of them), chosen at random among
    those no other ballot holds at the moment, writing the shard's whole vector in one
    UPDATE. Call inside the caller's transaction, with the box held (`box_hold`), or after
    `secret_ballot_enter` (`entry`), which has inserted the receipt, if it could, and locked
    the shard. Plain SQL, as every online ballot runs it (decision 191)."""
    taken = entry.taken if entry is not None else _take(receipts, delegate_id, on_paper=False)
    if not taken:
        if receipts.filter(delegate_id=delegate_id, on_paper=True).exists():
            raise ValidationError(refusals.took_paper)
        raise ValidationError(refusals.already_voted)
    pick, update = _shard_sql(shards.model, *shards.core_filters)
    ((_name, box),) = shards.core_filters.items()
    with connection.cursor() as cursor:
        if entry is not None and entry.shard is not None:
            pk, counts = entry.shard
        else:
            pk, counts = _free_shard(cursor, pick, box.pk)
        if len(counts) != len(ballot):
            raise ValueError(f"a ballot of {len(ballot)} cells for a box of {len(counts)}")
        added = [(n + mark) % MODULUS for n, mark in zip(counts, ballot, strict=True)]
        field = shards.model._meta.get_field("counts")
        execute(cursor, update, [field.get_db_prep_save(added, connection), pk])


@cache
def _shard_sql(model: type[models.Model], box_field: str) -> tuple[dict, str]:
    """({"free": ..., "any": ...}: a random shard of a box locked, skipping those other
    ballots hold, or waiting; the UPDATE of a shard's counts). Once per process and model."""
    quote, features = connection.ops.quote_name, connection.features
    table, meta = quote(model._meta.db_table), model._meta
    column, counts = quote(meta.get_field(box_field).column), quote(meta.get_field("counts").column)
    select = f"SELECT {quote(meta.pk.column)}, {counts} FROM {table} WHERE {column} = %s"
    select += " ORDER BY RANDOM() LIMIT 1"
    lock = " FOR UPDATE" if features.has_select_for_update else ""
    skip = " SKIP LOCKED" if features.has_select_for_update_skip_locked else ""
    pick = {"free": select + lock + skip, "any": select + lock}
    return pick, f"UPDATE {table} SET {counts} = %s WHERE {quote(meta.pk.column)} = %s"


def _free_shard(cursor, pick: dict, box_pk) -> tuple[int, list[int]]:
    """(pk, counts) of a shard locked for this ballot: a random one of those no other ballot
    has locked (SKIP LOCKED), else, all of them busy, a random one waited for."""
    execute(cursor, pick["free"], [box_pk])
    row = cursor.fetchone()
    if row is None:
        execute(cursor, pick["any"], [box_pk])
        row = cursor.fetchone()
    if row is None:
        raise ValueError("the ballot box has no tally shards: it was never opened")
    pk, counts = row
    return pk, _vector(counts)


def _vector(counts) -> list[int]:
    """A shard's counts as read with plain SQL: the bytes of a `VectorField`."""
    return vector_from_bytes(counts)


def paper_ballots_take(*, receipts, delegates, refusals: Refusals, field="delegates") -> None:
    """Give each delegate the receipt online voting would give them, marked as paper: from
    then on they cannot vote online, and whoever voted online is refused, naming them. All or
    nothing within the caller's transaction."""
    for delegate in sorted(delegates, key=lambda d: d.name):
        if _take(receipts, delegate.pk, on_paper=True):
            continue
        taken = receipts.get(delegate_id=delegate.pk)
        refusal = refusals.paper_again if taken.on_paper else refusals.voted_online
        raise ValidationError({field: refusal % {"name": delegate.name}})
