"""What every secret ballot stores, whatever is voted on (an evaluation's ratings, an
election's candidates): receipts saying who has taken their ballot, and counts saying how
many chose what, with nothing linking one to the other. Concrete models name their ballot
box (the evaluation, the election's round) and their cells. See docs/secrecy.md."""

import uuid

from django.db import models
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


class SecretTally(models.Model):
    """How many online ballots chose one cell of the ballot box. Created at zero when voting
    opens; every ballot adds to all of the box's rows in one UPDATE (most by 0), so no row
    version tells which cells one ballot chose."""

    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        abstract = True
        default_permissions = ()
