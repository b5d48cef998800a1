"""Demo: the town committee's members keep in touch with delegates (镇党委委员联系党代表).
Five members with six delegates each; this half year some have been contacted, some were
last contacted in the half year before, some never. The demo delegate's member signs in as
`member` (a delegate too, as committee members usually are). Safe to run again."""

import datetime
import random

from django.utils import timezone
from django.utils.translation import gettext

from .contact_reads import half_year_start
from .contacts import committee_member_set_delegates, contact_log
from .models import CommitteeMember, Contact, Delegate

# The members' posts: the first is the demo login's, a delegate of the town's machinery.
POSTS = [
    "镇党委委员、组织委员",
    "镇党委书记",
    "镇党委副书记、镇长",
    "镇党委副书记",
    "镇党委委员、宣传委员",
]
DELEGATES_EACH = 6

# What delegates raised, by the ways they were contacted. The first is made a suggestion by
# the proposals app's demo (RAISED_FOR_SUGGESTION).
RAISED_FOR_SUGGESTION = "村里老年人多，子女多在外务工，希望在村文化礼堂设立老年食堂，解决吃饭难。"
RAISED = [
    RAISED_FOR_SUGGESTION,
    "榨菜收购价格波动大，希望镇里牵头与企业签订保底收购协议。",
    "",
    "村道两侧路灯损坏较多，夜间出行不便。",
    "希望多组织党代表外出学习考察。",
]
WAYS = [Contact.Way.VISIT, Contact.Way.PHONE, Contact.Way.MEETING, Contact.Way.ONLINE]


def build(*, term, office, me, link) -> list:
    """The members, their delegates and contacts, the first time; returns the member's demo
    login (refreshed every time)."""
    rng = random.Random(14)
    active = Delegate.objects.filter(term=term, status=Delegate.Status.ACTIVE).order_by("pk")
    own = active.filter(user__username="member").first() or (
        active.filter(occupation=Delegate.Occupation.LEADING_CADRE, user__isnull=True)
        .exclude(pk=me.pk)
        .first()
    )
    login = link(own, "member", gettext("Committee member"))
    own.refresh_from_db()
    if CommitteeMember.objects.filter(term=term).exists():
        return [login]
    others = list(active.filter(user__isnull=True).exclude(pk__in=[me.pk, own.pk]))
    rng.shuffle(others)
    names = [own.name] + [d.name for d in others[-(len(POSTS) - 1) :]]
    pool = [me] + others[: len(POSTS) * DELEGATES_EACH]
    for n, (name, post) in enumerate(zip(names, POSTS, strict=True)):
        member = CommitteeMember.objects.create(
            term=term, name=name, post=post, user=own.user if n == 0 else None
        )
        chosen = pool[n * DELEGATES_EACH : (n + 1) * DELEGATES_EACH]
        committee_member_set_delegates(member=member, delegates=chosen, set_by=office)
        _contacts(rng, member, chosen, office, first=n == 0)
    return [login]


def _contacts(rng, member, delegates, office, *, first):
    """A third contacted this half year, a third only in the half year before, a third never;
    the first member's first delegate (the demo delegate) raised what becomes a suggestion."""
    today = timezone.localdate()
    this_half = half_year_start(today)
    before = this_half - datetime.timedelta(days=40)
    for i, delegate in enumerate(delegates):
        if i % 3 == 2:
            continue
        recent = max(this_half, today - datetime.timedelta(days=3 + 7 * i))
        days = [before] if i % 3 == 1 else [before, recent]
        for day in days:
            contact_log(
                member=member,
                delegate=delegate,
                date=day,
                way=rng.choice(WAYS),
                raised=RAISED[0]
                if first and i == 0 and day == recent
                else (rng.choice(RAISED[1:])),
                recorded_by=member.user or office,
            )
