"""Demo leading bodies of the 13th Congress: the town's party committee and its discipline
inspection commission, elected at the 1st session (before these records) and by-elected at
the 3rd (held there, on paper: `hold_by_election`), after a member moved away; and the
by-election being prepared for the 5th session. Safe to run again."""

from datetime import date

from delegates.models import Delegate

from .election_results import election_result_announce
from .election_rounds import paper_ballots_issue, paper_count_enter, round_close, round_open
from .election_tellers import election_tellers_set
from .elections import candidates_approve
from .models import AgendaItem, Body, Candidate, Election, Membership, Session
from .services import agenda_item_set_outcome

ELECTED_FIRST = "中国共产党海宁市斜桥镇第十三次代表大会第一次会议选举"
TERM_START = date(2022, 1, 8)
Role = Membership.Role

COMMITTEE = [
    ("沈建华", "镇党委书记", Role.SECRETARY),
    ("陈国平", "镇党委副书记、镇长", Role.DEPUTY_SECRETARY),
    ("周敏", "镇党委副书记", Role.DEPUTY_SECRETARY),
    ("王丽", "镇党委委员、纪委书记", Role.MEMBER),
    ("刘洋", "镇党委委员、组织委员", Role.MEMBER),
    ("戴志刚", "镇党委委员、武装部部长", Role.MEMBER),
    ("丁晓燕", "镇党委委员、副镇长", Role.MEMBER),
]
COMMISSION = [
    ("王丽", "镇纪委书记", Role.SECRETARY),
    ("曹建明", "镇纪委副书记", Role.DEPUTY_SECRETARY),
    ("许静", "镇纪委委员", Role.MEMBER),
    ("孔德华", "镇纪委委员", Role.MEMBER),
    ("姚芳", "镇纪委委员", Role.MEMBER),
]


def build(term):
    if Body.objects.filter(term=term).exists():
        return
    committee = Body.objects.create(
        term=term,
        kind=Body.Kind.COMMITTEE,
        name="中共海宁市斜桥镇第十三届委员会",
        seats=9,
        alternate_seats=2,
    )
    _elected_first(committee, COMMITTEE)
    Membership.objects.create(
        body=committee,
        name="张卫东",
        post="镇党委委员、宣传委员",
        start_date=TERM_START,
        decision=ELECTED_FIRST,
        end_date=date(2023, 6, 30),
        end_reason=Membership.EndReason.MOVED,
    )
    for n, name in enumerate(["钱思远", "金晓丽"], start=1):
        Membership.objects.create(
            body=committee,
            name=name,
            role=Role.ALTERNATE,
            alternate_rank=n,
            start_date=TERM_START,
            decision=ELECTED_FIRST,
        )
    commission = Body.objects.create(
        term=term,
        kind=Body.Kind.DISCIPLINE_COMMISSION,
        name="中共海宁市斜桥镇纪律检查委员会",
        seats=5,
    )
    _elected_first(commission, COMMISSION)


def _elected_first(body, members):
    Membership.objects.bulk_create(
        Membership(
            body=body,
            name=name,
            post=post,
            role=role,
            start_date=TERM_START,
            decision=ELECTED_FIRST,
        )
        for name, post, role in members
    )


BY_ELECTION_CANDIDATES = [("许建国", "镇党委组织委员（拟任）"), ("孟晓燕", "镇团委书记")]


BY_ELECTION = "补选中共海宁市斜桥镇第十三届委员会委员"


def _committee_by_election(session, order, candidates) -> Election:
    """A by-election of one seat of the town's committee at the session, under its own
    agenda item, with its candidates on the formal list."""
    committee = Body.objects.get(term=session.term, kind=Body.Kind.COMMITTEE)
    item, _created = AgendaItem.objects.get_or_create(
        session=session,
        order=order,
        defaults={"kind": AgendaItem.Kind.ELECTION, "title": BY_ELECTION},
    )
    election = Election.objects.create(
        session=session,
        agenda_item=item,
        title=BY_ELECTION,
        fills="members",
        body=committee,
        by_election=True,
        seats=1,
    )
    for fields in candidates:
        Candidate.objects.create(
            election=election, formal=True, nominated_by="大会主席团", **fields
        )
    return election


def build_election(term):
    """The by-election of the 5th session: one committee seat, two candidates discussed by
    the delegations; the formal list not yet approved."""
    fifth = Session.objects.filter(term=term, ordinal=5).first()
    if fifth is None or fifth.elections.exists():
        return
    discussed = "各代表团酝酿讨论，多数代表同意。"
    _committee_by_election(
        fifth,
        4,
        [{"name": n, "post": p, "discussion": discussed} for n, p in BY_ELECTION_CANDIDATES],
    )


# The 3rd session's by-election, counted on paper: (for, against, abstain) of the valid ballots.
HELD_CANDIDATES = {"吴婷": (96, 6, 5), "姚建新": (11, 80, 16)}
HELD_INVALID = 2
HELD_POSTS = {"吴婷": "镇党委委员、宣传委员"}


def hold_by_election(session, sitting, office):
    """The by-election the 3rd session held for the seat left in 2023: two candidates for one
    seat, every delegate present given a paper ballot, counted, 吴婷 elected."""
    election = _committee_by_election(
        session, 5, [{"name": n, "post": HELD_POSTS.get(n, "")} for n in HELD_CANDIDATES]
    )
    candidates_approve(election=election, approved_by=office)
    election_tellers_set(election=election, users=[office])
    election_round = round_open(election=election, sitting=sitting, opened_by=office)
    present = Delegate.objects.filter(attendances__sitting=sitting, attendances__status="present")
    paper_ballots_issue(election_round=election_round, delegates=present)
    ids = dict(election.candidates.values_list("name", "pk"))
    paper_count_enter(
        election_round=election_round,
        returned=present.count(),
        invalid=HELD_INVALID,
        totals={ids[name]: marks for name, marks in HELD_CANDIDATES.items()},
        written_in={},
        entered_by=office,
    )
    round_close(election_round=election_round, closed_by=office)
    agenda_item_set_outcome(
        item=election.agenda_item, outcome=AgendaItem.Outcome.DONE, changed_by=office
    )
    # Announced: 吴婷 takes the seat from the session's first day.
    election_result_announce(election_round=election_round, announced_by=office)
