"""What every secret ballot stores, whatever is voted on (an evaluation's ratings, an
election's candidates): receipts saying who has taken their ballot, and counts saying how
many chose what, with nothing linking one to the other. Concrete models name their ballot
box (the evaluation, the election's round); the box's cells (subject × criterion × rating,
candidate × mark) are positions in the counts' vector, in the layout its kind of vote gives.
See docs/secrecy.md."""

import uuid

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


class SecretTallyShard(models.Model):
    """One of a ballot box's tally shards: the counts of all of the box's cells as one vector
    (the cells in the order the box's layout gives), kept as an additive share: the shards'
    vectors, summed modulo `sessions.secret_ballot.MODULUS`, are the counts, while each shard
    alone is random. Created when voting opens, each masked by random numbers that cancel out
    in the sum; every ballot adds its whole vector to one shard, in one UPDATE of that row, so
    ballots on different shards never wait for each other. No row tells which cells one
    ballot chose, nor even what any group of ballots chose (docs/secrecy.md)."""

    shard = models.PositiveSmallIntegerField(_("shard"))
    counts = models.JSONField(_("counts"))

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
