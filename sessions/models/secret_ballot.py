"""What every secret ballot stores, whatever is voted on (an evaluation's ratings, an
election's candidates): receipts saying who has taken their ballot, and counts saying how
many chose what, with nothing linking one to the other. Concrete models name their ballot
box (the evaluation, the election's round); the box's cells (subject × criterion × rating,
candidate × mark) are positions in the counts' vector, in the layout its kind of vote gives.
See docs/secrecy.md."""

import struct
import uuid
from base64 import b64decode, b64encode

from django.db import models
from django.db.models import RestrictedError
from django.utils.translation import gettext_lazy as _

from delegates.models import Delegate


class SecretReceipt(models.Model):
    """ "Has taken their ballot": cast online, or a paper ballot handed out (`on_paper`). A
    concrete receipt adds its ballot box and a unique constraint on (box, delegate): the
    database's one-ballot-per-delegate guarantee across both ways of voting.

    Deliberately without a timestamp, a sequence, an ordering or any link to the choices (a
    paper receipt names no round): the key is a random UUID. No admin, no permissions."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    delegate = models.ForeignKey(
        Delegate, on_delete=models.PROTECT, related_name="+", verbose_name=_("delegate")
    )
    on_paper = models.BooleanField(_("paper ballot handed out"), default=False)

    class Meta:
        abstract = True
        default_permissions = ()

    def __str__(self):
        return str(_("receipt"))


def vector_bytes(vector) -> bytes:
    """A vector of whole numbers below 2**32 as stored: 4 bytes each, most significant first."""
    return struct.pack(f">{len(vector)}I", *vector)


def vector_from_bytes(stored) -> list[int]:
    """`vector_bytes`' vector back (from bytes, or the memoryview PostgreSQL's driver gives)."""
    return list(struct.unpack(f">{len(stored) // 4}I", stored))


class VectorField(models.BinaryField):
    """A vector of whole numbers below 2**32 (a list of ints in Python), stored as bytes, 4 a
    number (`vector_bytes`). A tally shard's counts are rewritten whole by every ballot: as
    JSON (5 KB for 450 cells, above PostgreSQL's TOAST threshold of 2 KB) each UPDATE parsed
    the text, compressed it and wrote it out of line; as bytes (1.8 KB) the server copies the
    value into the row, read and written back without parsing (docs/performance.md,
    "Ballots, seventh pass"). Not editable in forms, as BinaryField."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else vector_from_bytes(value)

    def to_python(self, value):
        if isinstance(value, str):  # serialized (`value_to_string`)
            value = b64decode(value.encode("ascii"))
        if isinstance(value, (bytes, bytearray, memoryview)):
            return vector_from_bytes(value)
        return value

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, (list, tuple)):
            value = vector_bytes(value)
        return super().get_db_prep_value(value, connection, prepared)

    def value_to_string(self, obj):
        return b64encode(vector_bytes(self.value_from_object(obj))).decode("ascii")


class SecretTallyShard(models.Model):
    """One of a ballot box's tally shards: the counts of all of the box's cells as one vector
    (the cells in the order the box's layout gives), kept as an additive share: the shards'
    vectors, summed modulo `sessions.secret_ballot.MODULUS`, are the counts, while each shard
    alone is random. Created when voting opens, each masked by random numbers that cancel out
    in the sum; every ballot adds its whole vector to one shard, in one UPDATE of that row, so
    ballots on different shards never wait for each other. No row tells which cells one
    ballot chose, nor even what any group of ballots chose (docs/secrecy.md)."""

    shard = models.PositiveSmallIntegerField(_("shard"))
    counts = VectorField(_("counts"))

    class Meta:
        abstract = True
        default_permissions = ()


class BallotPartQuerySet(models.QuerySet):
    def delete(self):
        self.model.refuse_if_counted(self)
        return super().delete()


class BallotPart(models.Model):
    """What a ballot box's layout is made of (an evaluation's subjects and criteria, a round's
    candidates): the shards count by position, so once a box has opened its parts stay. Their
    deletion, of one or of a queryset, is refused (RestrictedError) while a box counts on them;
    the box deleted as a whole takes them along. Concrete models say which are counted."""

    objects = BallotPartQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def counted(cls, parts: models.QuerySet) -> bool:
        """Whether any of `parts` is a cell of an opened ballot box. One query."""
        raise NotImplementedError

    @classmethod
    def refuse_if_counted(cls, parts: models.QuerySet) -> None:
        if cls.counted(parts):
            raise RestrictedError(
                f"{cls._meta.verbose_name_plural} of a ballot box that has opened stay",
                set(parts),
            )

    def delete(self, *args, **kwargs):
        type(self).refuse_if_counted(type(self).objects.filter(pk=self.pk))
        return super().delete(*args, **kwargs)
