"""A round's results and their announcement (issue 13, item 9): the chief scrutineer's
figures, the order the elected are announced and ranked in, what must happen next, the
table for CSV/XLSX, and the elected seated on the body from the session's first day."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from sessions.election_results import (
    election_result_announce,
    election_results,
    results_table,
    round_results,
)
from sessions.election_rounds import round_open
from sessions.models import Membership, RoundStatusChange
from tests.core.factories import office_user
from tests.delegates.factories import TermFactory
from tests.sessions.election_kit import election_in_hall, round_counted, two_rounds

pytestmark = pytest.mark.django_db

# 10 ballots, 1 invalid: 9 valid. More than half of the 10 returned elects: 甲 8, 乙 6.
CLEAR = {"甲": (8, 1, 0), "乙": (6, 2, 1), "丙": (3, 5, 1)}


def test_the_results_of_a_round_in_print_order_with_the_elected(term):
    election, sitting, delegates = election_in_hall(term)
    election_round = round_counted(
        election, sitting, delegates, CLEAR, invalid=1, written_in={"丁某": 1}
    )
    r = round_results(election_round)
    assert (r.entitled, r.present, r.issued, r.returned, r.valid, r.invalid) == (
        10,
        10,
        10,
        10,
        9,
        1,
    )
    # Print order is stroke order: 乙 (1 stroke) < 丙 (5, 横 first) < 甲 (5, 竖 first); the
    # name written in after the candidates.
    assert [(row.name, row.votes_for, row.elected) for row in r.rows] == [
        ("乙", 6, True),
        ("丙", 3, False),
        ("甲", 8, True),
        ("丁某", 1, False),
    ]
    assert r.rows[-1].written_in
    assert r.announced_in_order == ["乙", "甲"]
    assert [row.name for row in r.by_votes] == ["甲", "乙"]
    assert r.next_step == "" and not r.announced


def test_what_must_happen_next_when_a_seat_is_left_unfilled(term):
    election, sitting, delegates = election_in_hall(term)
    r = round_results(
        round_counted(
            election, sitting, delegates, {"甲": (8, 2, 0), "乙": (5, 5, 0), "丙": (4, 6, 0)}
        )
    )
    assert [row.name for row in r.by_votes] == ["甲"]
    assert r.next_step == (
        "1 seat is left unfilled: a further round among the candidates not elected (乙, 丙)."
    )


def test_a_tie_at_the_last_seat_is_named(term):
    election, sitting, delegates = election_in_hall(term)
    r = round_results(
        round_counted(
            election, sitting, delegates, {"甲": (9, 1, 0), "乙": (7, 3, 0), "丙": (7, 3, 0)}
        )
    )
    assert [row.name for row in r.rows if row.tied] == ["乙", "丙"]
    assert "tied at the last seat: a further round among them for 1 seat" in r.next_step


def test_the_table_holds_the_same_figures(term):
    election, sitting, delegates = election_in_hall(term)
    round_counted(election, sitting, delegates, CLEAR, invalid=1, written_in={"丁某": 1})
    header, rows = results_table(election_results(election))
    assert header == [
        "Round",
        "Sitting",
        "Name",
        "Written in",
        "For",
        "Against",
        "Abstain",
        "Result",
    ]
    held = str(sitting)
    assert rows[:4] == [
        [1, held, "乙", "", 6, 2, 1, "Elected"],
        [1, held, "丙", "", 3, 5, 1, "Not elected"],
        [1, held, "甲", "", 8, 1, 0, "Elected"],
        [1, held, "丁某", "yes", 1, "", "", "Not elected"],
    ]
    assert [1, held, 10, 10, 10, 10, 9, 1] in rows
    assert rows[-2:] == [["乙", 1], ["甲", 1]]


def test_announcing_seats_the_elected_from_the_sessions_first_day_once(term):
    election, sitting, delegates = election_in_hall(term)
    election_round = round_counted(election, sitting, delegates, CLEAR, invalid=1)
    seated = election_result_announce(election_round=election_round, announced_by=office_user())
    session = election.session
    assert sorted(m.name for m in seated) == ["乙", "甲"]
    for membership in Membership.objects.filter(body=election.body):
        assert membership.role == "member" and membership.alternate_rank is None
        assert membership.start_date == session.start_date
        assert membership.elected_at == session
        assert membership.post == f"{membership.name}的职务"
    assert election_round.status_changes.filter(step="announced").count() == 1
    with pytest.raises(ValidationError, match="already announced"):
        election_result_announce(election_round=election_round, announced_by=office_user())
    assert Membership.objects.filter(body=election.body).count() == 2
    assert round_results(election_round).announced


def test_alternates_are_ranked_by_their_votes(term):
    election, sitting, delegates = election_in_hall(
        term, fills="alternates", names=("甲", "乙", "丙", "丁"), seats=3, alternate_seats=5
    )
    election_round = round_counted(
        election,
        sitting,
        delegates,
        {"甲": (6, 4, 0), "乙": (9, 1, 0), "丙": (7, 3, 0), "丁": (1, 9, 0)},
    )
    election_result_announce(election_round=election_round, announced_by=office_user())
    ranked = Membership.objects.filter(body=election.body).order_by("alternate_rank")
    assert [(m.name, m.role, m.alternate_rank) for m in ranked] == [
        ("乙", "alternate", 1),
        ("丙", "alternate", 2),
        ("甲", "alternate", 3),
    ]


def test_refused_while_the_round_is_open(term):
    election, sitting, _delegates = election_in_hall(term)
    election_round = round_open(election=election, sitting=sitting, opened_by=office_user())
    with pytest.raises(ValidationError, match="Close the round"):
        election_result_announce(election_round=election_round, announced_by=office_user())


def test_refused_when_no_one_was_elected(term):
    election, sitting, delegates = election_in_hall(term)
    election_round = round_counted(
        election, sitting, delegates, {"甲": (5, 5, 0), "乙": (5, 5, 0), "丙": (0, 10, 0)}
    )
    with pytest.raises(ValidationError, match="elected no one"):
        election_result_announce(election_round=election_round, announced_by=office_user())


def test_refused_when_the_body_would_be_over_filled_and_nothing_is_kept(term):
    election, sitting, delegates = election_in_hall(term, body_seats=1)
    election_round = round_counted(election, sitting, delegates, CLEAR, invalid=1)
    with pytest.raises(ValidationError, match="2 members for 1 seats"):
        election_result_announce(election_round=election_round, announced_by=office_user())
    assert not Membership.objects.exists()
    assert not RoundStatusChange.objects.filter(step="announced").exists()


def test_delegates_to_the_higher_congress_sit_on_no_body(term):
    election, sitting, delegates = election_in_hall(term, fills="higher_delegates")
    election_round = round_counted(election, sitting, delegates, CLEAR, invalid=1)
    assert election_result_announce(election_round=election_round, announced_by=office_user()) == []
    assert not Membership.objects.exists()
    assert election_round.status_changes.filter(step="announced").exists()


CHANGELIST = "/admin/congress_sessions/election/"


def _action(client, action, election, **extra):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [election.pk], **extra}, follow=True
    )


def test_the_office_prints_ballots_after_saying_how_many(term, client_for, secretariat):
    election, _sitting, _delegates = election_in_hall(term)
    client = client_for(secretariat)
    asked = _action(client, "print_ballots", election)
    assert 'name="copies"' in asked.content.decode()
    response = _action(client, "print_ballots", election, apply="1", copies="2")
    assert response["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 2


def test_the_office_downloads_the_results_as_csv(term, client_for, secretariat):
    election, sitting, delegates = election_in_hall(term)
    client = client_for(secretariat)
    refused = _action(client, "download_results_csv", election)
    assert "No round of this election is closed yet" in refused.content.decode()
    round_counted(election, sitting, delegates, CLEAR, invalid=1)
    response = _action(client, "download_results_csv", election)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Round", "Sitting", "Name"]
    assert rows[3] == ["1", str(sitting), "甲", "", "8", "1", "0", "Elected"]
    for action in ("download_results_xlsx", "download_results_pdf"):
        assert _action(client, action, election).status_code == 200


def test_the_csv_holds_both_rounds_of_a_tie_broken_later(term, client_for, secretariat):
    election, first, second, _delegates = two_rounds(term)
    response = _action(client_for(secretariat), "download_results_csv", election)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:6]] == ["1", "1", "1", "2", "2"]
    assert rows[4] == ["2", str(second.sitting), "乙", "", "6", "4", "0", "Elected"]
    assert rows[-2:] == [["乙", "2"], ["甲", "1"]]
    workbook = _action(client_for(secretariat), "download_results_xlsx", election)
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


def test_every_rounds_results_at_two_sizes_take_as_many_queries():
    counts = []
    for names, hall in ((("甲", "乙", "丙"), 10), (tuple(f"候选人{n}" for n in range(12)), 30)):
        election, sitting, delegates = election_in_hall(
            TermFactory(), names=names, seats=2, hall=hall
        )
        tied = dict.fromkeys(names, (1, hall - 1, 0))
        tied.update(
            {names[0]: (hall, 0, 0), names[1]: (hall - 2, 2, 0), names[2]: (hall - 2, 2, 0)}
        )
        round_counted(election, sitting, delegates, tied)
        round_counted(
            election, sitting, delegates, {names[1]: (hall, 0, 0), names[2]: (0, hall, 0)}, seats=1
        )
        with CaptureQueriesContext(connection) as queries:
            results = election_results(election)
        assert len(results.rounds) == 2 and len(results.elected) == 2
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_office_announces_after_a_page_naming_the_elected(term, client_for, secretariat):
    election, sitting, delegates = election_in_hall(term)
    round_counted(election, sitting, delegates, CLEAR, invalid=1)
    client = client_for(secretariat)
    asked = _action(client, "announce_result", election).content.decode()
    assert "乙" in asked and "甲" in asked and 'name="confirmed"' in asked
    assert not Membership.objects.exists()
    done = _action(client, "announce_result", election, apply="1", confirmed="on")
    assert done.status_code == 200
    assert Membership.objects.filter(body=election.body).count() == 2
    again = _action(client, "announce_result", election, apply="1", confirmed="on")
    assert "already announced" in again.content.decode()


def test_every_round_and_the_elected_of_them_all(term):
    election, first, second, _delegates = two_rounds(term)
    results = election_results(election)
    assert [r.election_round for r in results.rounds] == [first, second]
    one, two = results.rounds
    assert [(row.name, row.elected, row.tied) for row in one.rows] == [
        ("乙", False, True),
        ("丙", False, True),
        ("甲", True, False),
    ]
    assert [(row.name, row.votes_for, row.elected) for row in two.rows] == [
        ("乙", 6, True),
        ("丙", 4, False),
    ]
    assert (two.issued, two.returned, two.valid, two.invalid) == (10, 10, 10, 0)
    # As announced: the stroke order of the names, whichever round elected them.
    assert [(p.name, p.round_number) for p in results.elected] == [("乙", 2), ("甲", 1)]
    assert results.next_step == ""


def test_the_table_holds_every_round(term):
    election, first, second, _delegates = two_rounds(term)
    header, rows = results_table(election_results(election))
    one, two = str(first.sitting), str(second.sitting)
    assert rows[:5] == [
        [1, one, "乙", "", 7, 3, 0, "Tied at the last seat"],
        [1, one, "丙", "", 7, 3, 0, "Tied at the last seat"],
        [1, one, "甲", "", 9, 1, 0, "Elected"],
        [2, two, "乙", "", 6, 4, 0, "Elected"],
        [2, two, "丙", "", 4, 5, 1, "Not elected"],
    ]
    assert [1, one, 10, 10, 10, 10, 10, 0] in rows and [2, two, 10, 10, 10, 10, 10, 0] in rows
    assert rows[-3:] == [["Elected", "Round"], ["乙", 2], ["甲", 1]]


def test_the_results_take_as_many_queries_for_three_candidates_as_for_twelve():
    counts = []
    for names, seats in ((("甲", "乙", "丙"), 2), (tuple(f"候选人{n}" for n in range(12)), 9)):
        election, sitting, delegates = election_in_hall(TermFactory(), names=names, seats=seats)
        election_round = round_counted(
            election, sitting, delegates, dict.fromkeys(names, (10, 0, 0)), written_in={"某": 1}
        )
        with CaptureQueriesContext(connection) as queries:
            round_results(election_round)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_announcing_after_a_further_round_seats_the_first_rounds_elected_too(
    term, client_for, secretariat
):
    # Both rounds closed before anyone announced: the first round's 甲 is not left out.
    election, first, second, _delegates = two_rounds(term, fills="alternates", alternate_seats=5)
    client = client_for(secretariat)
    asked = _action(client, "announce_result", election).content.decode()
    assert "Round 1: 10 ballots returned" in asked and "Round 2: 10 ballots returned" in asked
    _action(client, "announce_result", election, apply="1", confirmed="on")
    ranked = Membership.objects.filter(body=election.body).order_by("alternate_rank")
    assert [(m.name, m.alternate_rank) for m in ranked] == [("甲", 1), ("乙", 2)]
    for election_round in (first, second):
        assert election_round.status_changes.filter(step="announced").count() == 1
    again = _action(client, "announce_result", election, apply="1", confirmed="on")
    assert "already announced" in again.content.decode()
