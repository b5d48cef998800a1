"""Who counts an election's paper ballots and who oversees the count. Tellers (staff) hold
the object permission `count_election` on the election, granted by the office's picker;
scrutineers (delegates, approved by the session) hold `scrutinise_election`, kept in step
with the election's scrutineers. Both are read straight from the election's permission table,
as the evaluations' tellers are: no group or global permission is ever consulted."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congress_office import object_permissions
from congress_office.roles import Duty
from congress_office.wording import join_list
from delegates.people import names_not_offered, people_by_name
from delegates.selectors import active_delegates_on

from .models import Attendance, Election, ElectionReceipt, ElectionRound

COUNT_ELECTION = "congress_sessions.count_election"
SCRUTINISE_ELECTION = "congress_sessions.scrutinise_election"


def election_teller_candidates(election: Election):
    """Who may be made a teller: active accounts, by name, except the candidates of the
    election (nobody counts their own votes). One query."""
    standing = election.candidates.filter(delegate__user__isnull=False).values("delegate__user")
    users = get_user_model().objects.filter(is_active=True).exclude(pk__in=standing)
    return people_by_name(users, term=election.session.term_id)


def election_tellers(election: Election):
    """The election's tellers, by name, in one query."""
    return object_permissions.holders(COUNT_ELECTION, election)


@transaction.atomic
def election_tellers_set(*, election: Election, users) -> None:
    """Make exactly these users the election's tellers: refused, naming them, for accounts
    switched off and for the election's own candidates."""
    users = list(users)
    refused = names_not_offered(users, election_teller_candidates(election))
    if refused:
        raise ValidationError(
            {
                "tellers": _(
                    "These accounts cannot count this election (switched off, or a candidate "
                    "in it): %(names)s."
                )
                % {"names": join_list(refused)}
            }
        )
    object_permissions.set_holders(COUNT_ELECTION, election, users)


def scrutineer_access_sync(election: Election) -> None:
    """Give the scrutineers' accounts the scrutineers' pages of the election, and take them
    from anyone no longer a scrutineer. Called whenever the scrutineers are saved."""
    users = get_user_model().objects.filter(
        delegate_records__in=election.scrutineers.values("delegate")
    )
    object_permissions.set_holders(SCRUTINISE_ELECTION, election, users)


def rounds_to_count_for(user):
    """The rounds of the elections the user counts or oversees, open ones first, then the
    closed ones of the last week (their count is done but still looked up). One query."""
    duties = Q(election__in=object_permissions.objects_of(COUNT_ELECTION, user, Election)) | Q(
        election__in=object_permissions.objects_of(SCRUTINISE_ELECTION, user, Election)
    )
    recent = timezone.localdate() - datetime.timedelta(days=7)
    return (
        ElectionRound.objects.filter(duties)
        .filter(Q(status=ElectionRound.Status.OPEN) | Q(sitting__date__gte=recent))
        .select_related("election__session", "sitting")
        .order_by("-status", "-sitting__date", "election__pk", "number")
    )


def round_for_counting(user, pk: int) -> tuple[ElectionRound, bool]:
    """A round of an election the user counts (True: may enter) or oversees (False: may only
    look); anyone else gets 404."""
    election_round = (
        ElectionRound.objects.select_related("election__session", "sitting").filter(pk=pk).first()
    )
    if election_round is None:
        raise Http404
    election = election_round.election
    for perm, may_enter in ((COUNT_ELECTION, True), (SCRUTINISE_ELECTION, False)):
        if object_permissions.objects_of(perm, user, Election).filter(pk=election.pk).exists():
            return election_round, may_enter
    raise Http404


def round_count_progress(election_round: ElectionRound, user) -> dict:
    """What the count page shows of a round's paper ballots: delegates checked in at its
    sitting, paper ballots handed out, and the ballots this user has entered. Three queries."""
    return {
        "checked_in": Attendance.objects.filter(
            sitting=election_round.sitting_id, status=Attendance.Status.PRESENT
        ).count(),
        "paper_issued": election_round.receipts.filter(on_paper=True).count(),
        "my_entries": election_round.ballot_entries.filter(teller=user).count(),
    }


def paper_hand_out_candidates(election_round: ElectionRound):
    """Who a teller may record as receiving a paper ballot: the delegates active today and
    checked in at the round's sitting who have not received one yet. Those who voted online
    stay in the list (the service refuses them one by one): leaving them out would show the
    tellers, at a glance, everyone who has voted online (docs/secrecy.md)."""
    term = election_round.election.session.term_id
    return (
        active_delegates_on(term, timezone.localdate())
        .filter(
            Exists(
                Attendance.objects.filter(
                    sitting=election_round.sitting_id,
                    delegate=OuterRef("pk"),
                    status=Attendance.Status.PRESENT,
                )
            )
        )
        .exclude(
            Exists(
                ElectionReceipt.objects.filter(
                    round=election_round, delegate=OuterRef("pk"), on_paper=True
                )
            )
        )
        .select_related("delegation")
        .order_by("delegation__name", "name")
    )


def rounds_open_to_count_for(user):
    """The open rounds the user counts or oversees: while there are any, the menu leads to
    the count. Every page asks it (congress_office.roles.duty_navigation_for), so it is built
    lean: the rounds of `rounds_to_count_for` that are open, without their ordering and joins,
    the two permissions in one subquery."""
    perms = (COUNT_ELECTION, SCRUTINISE_ELECTION)
    return ElectionRound.objects.filter(
        status=ElectionRound.Status.OPEN,
        election__in=object_permissions.objects_of_any(perms, user, Election),
    )


COUNT_DUTY = Duty(
    label=gettext_lazy("Election count"),
    url_name="sessions:election_count_home",
    to_do=rounds_open_to_count_for,
)
