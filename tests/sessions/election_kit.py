"""Elections brought to any point through the services, as the office holds them: an
approved election in a hall of delegates checked in, and a round counted on paper and
closed."""

from sessions.election_rounds import paper_ballots_issue, paper_count_enter, round_close, round_open
from sessions.elections import candidates_approve
from sessions.models import AgendaItem, Body, Candidate, Election
from tests.core.factories import office_user
from tests.delegates.factories import ElectoralUnitFactory
from tests.delegates.helpers import enter
from tests.sessions.factories import SittingFactory
from tests.sessions.kit import S, attendance_taken, session_in


def two_rounds(term, *, hall=10, **options):
    """(election, first round, second round, delegates) of `election_in_hall` held over
    two rounds. In a hall of 10: 甲 elected in the first (9 for), 乙 and 丙 tied at the last
    seat (7 each), anyone else far behind; 乙 elected in the second (6 to 4), held among the
    two for that seat."""
    election, sitting, delegates = election_in_hall(term, hall=hall, **options)
    tied = dict.fromkeys(election.candidates.values_list("name", flat=True), (1, hall - 1, 0))
    tied.update({"甲": (hall - 1, 1, 0), "乙": (hall - 3, 3, 0), "丙": (hall - 3, 3, 0)})
    first = round_counted(election, sitting, delegates, tied)
    broken = {"乙": (hall - 4, 4, 0), "丙": (4, hall - 5, 1)}
    second = round_counted(election, sitting, delegates, broken, seats=1)
    return election, first, second, delegates


def election_in_hall(
    term,
    *,
    names=("甲", "乙", "丙"),
    seats=2,
    fills="members",
    write_ins=True,
    hall=10,
    body_seats=9,
    alternate_seats=0,
):
    """(election, sitting, delegates): `hall` delegates checked in at a sitting of a session
    in progress, and its approved competitive by-election of `seats` among `names`."""
    session = session_in(S.IN_PROGRESS, term=term)
    sitting = SittingFactory(session=session)
    unit = ElectoralUnitFactory(term=term, seats=hall)
    delegates = [enter(term, unit, name=f"代表{n}") for n in range(hall)]
    attendance_taken(sitting, delegates)
    body = None
    if fills != "higher_delegates":
        body = Body.objects.create(
            term=term,
            kind="committee",
            name="中共测试镇委员会",
            seats=body_seats,
            alternate_seats=alternate_seats,
        )
    item = AgendaItem.objects.create(session=session, order=5, kind="election", title="选举")
    election = Election.objects.create(
        session=session,
        agenda_item=item,
        title="补选中共测试镇委员会委员",
        fills=fills,
        body=body,
        by_election=True,
        seats=seats,
    )
    for name in names:
        Candidate.objects.create(election=election, name=name, formal=True, post=f"{name}的职务")
    election = candidates_approve(election=election, approved_by=office_user())
    if not write_ins:
        election.rules["write_ins_allowed"] = False
        election.save(update_fields=["rules"])
    return election, sitting, delegates


def round_counted(election, sitting, delegates, totals, *, invalid=0, written_in=None, seats=None):
    """A round on paper: every delegate in the hall takes a ballot and returns it, the
    tellers enter `totals` ({name: (for, against, abstain)}), the round is closed. A round
    after the first is held among the names in `totals`, for `seats`."""
    office = office_user()
    among = None
    if election.rounds.exists():
        among = election.candidates.filter(name__in=totals)
    election_round = round_open(
        election=election, sitting=sitting, opened_by=office, candidates=among, seats=seats
    )
    paper_ballots_issue(election_round=election_round, delegates=delegates)
    ids = dict(election_round.candidates.values_list("name", "pk"))
    paper_count_enter(
        election_round=election_round,
        returned=len(delegates),
        invalid=invalid,
        totals={ids[name]: marks for name, marks in totals.items()},
        written_in=written_in or {},
        entered_by=office,
    )
    return round_close(election_round=election_round, closed_by=office)
