"""The election's printed papers (issue 13, items 5 and 9), read back from their laid-out
pages in both languages: the blank ballot lists every candidate once in print order, offers
a line for a name written in only when the rules allow write-ins, and its copies are
identical; the chief scrutineer's report carries the round's figures, keeps its rows whole
and prints its running head."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from congress_office.pdf import html_to_document, render_html
from congress_office.strokes import sorted_by_strokes
from sessions.election_printing import ballots_html, results_html
from sessions.election_rounds import round_open
from sessions.elections import scrutineers_set
from sessions.printing import report_context
from tests.core.factories import office_user
from tests.sessions.election_kit import election_in_hall, round_counted, two_rounds

from . import layout

pytestmark = pytest.mark.django_db
each_language = pytest.mark.parametrize("language", ["en", "zh-hans"])
NAMES = ("戴六", "丁一", "王二", "李三", "张四", "陈五")


def _pages_text(document) -> list[str]:
    by_page: dict[int, list[str]] = {}
    for line in layout.lines(document):
        by_page.setdefault(line.page, []).append(line.text)
    return ["\n".join(lines) for _page, lines in sorted(by_page.items())]


def _ballot(election, copies=1):
    return html_to_document(ballots_html(election, copies))


@each_language
def test_the_ballot_lists_every_candidate_once_in_print_order(term, language):
    election, _sitting, _delegates = election_in_hall(term, names=NAMES, seats=4)
    with translation.override(language):
        text = "\n".join(line.text for line in layout.lines(_ballot(election)))
    printed = [line for line in text.splitlines() if line.strip() in NAMES]
    assert printed == sorted_by_strokes(NAMES)  # the print order: the names' strokes
    assert ("应选4名" if language == "zh-hans" else "4 seats to fill") in text
    assert ("另选他人" if language == "zh-hans" else "Another person's name") in text


def test_no_write_in_line_when_the_rules_allow_none(term):
    election, _sitting, _delegates = election_in_hall(term, names=NAMES, seats=4, write_ins=False)
    html = ballots_html(election)
    assert "Another person" not in html and 'class="line"' not in html
    assert "someone not on the list" not in html


def test_copies_are_identical_and_carry_no_date_or_page_number(term):
    election, _sitting, _delegates = election_in_hall(term, names=NAMES, seats=4)
    document = _ballot(election, copies=3)
    pages = _pages_text(document)
    assert len(pages) == 3 and pages[0] == pages[1] == pages[2]
    assert layout.running_heads(document) == ["", "", ""]
    assert "/" not in pages[0] and "2024" not in pages[0]


def test_a_further_rounds_ballot_lists_its_candidates_only(term):
    election, sitting, delegates = election_in_hall(term)
    first = round_counted(
        election, sitting, delegates, {"甲": (8, 2, 0), "乙": (5, 5, 0), "丙": (4, 6, 0)}
    )
    with pytest.raises(ValidationError, match="Open the next round first"):
        ballots_html(election)
    round_open(
        election=election,
        sitting=sitting,
        opened_by=office_user(),
        candidates=first.candidates.exclude(name="甲"),
        seats=1,
    )
    text = "\n".join(line.text for line in layout.lines(_ballot(election)))
    assert "Round 2" in text and "1 seat to fill" in text
    assert "甲" not in text.replace(election.title, "")


@each_language
def test_the_chief_scrutineers_report(term, language):
    election, sitting, delegates = election_in_hall(term, names=NAMES, seats=4, hall=40)
    totals = {name: (30 - 4 * n, 4 * n, 9) for n, name in enumerate(NAMES)}
    scrutineers_set(election=election, delegates=delegates[1:3], chief=delegates[0])
    round_counted(election, sitting, delegates, totals, invalid=1, written_in={"某某": 2})
    with translation.override(language):
        document = html_to_document(results_html(election))
    text = "\n".join(line.text for line in layout.lines(document))
    # More than half of the 40 returned: 戴六 30, 丁一 26, 王二 22 (李三 18 is not above 20).
    if language == "zh-hans":
        assert "有效票" in text and "总监票人签名" in text and "当选" in text
    else:
        assert "Valid ballots" in text and "Chief scrutineer's signature" in text
        assert "1 seat is left unfilled" in text
    chief = "总监票人：代表0" if language == "zh-hans" else "Chief scrutineer: 代表0"
    assert chief in text and "代表1" in text and "代表2" in text
    assert "某某 (written in)" in text or "某某（另选他人）" in text


@each_language
def test_a_long_report_keeps_its_rows_whole_under_its_running_head(term, language):
    names = [f"候选人{n:02}" for n in range(60)]
    election, sitting, delegates = election_in_hall(term, names=names, seats=50)
    totals = {name: (6 + n % 4, 4 - n % 4, 0) for n, name in enumerate(names)}
    round_counted(election, sitting, delegates, totals)
    with translation.override(language):
        document = html_to_document(results_html(election))
    assert len(document.pages) >= 2
    assert layout.split_rows(document) == []
    assert layout.pages_without_header(document) == []
    assert layout.squeezed_cells(document) == []
    heads = layout.running_heads(document)
    assert heads[0] == ""
    assert set(heads[1:]) == {f"{election.session.name} · {election.title}"}


@each_language
def test_a_county_ballot_of_38_candidates_fits_one_page_read_across(term, language):
    names = [f"{surname}{given}" for surname in "丁王李张陈曾戴" for given in "一二三四五六"]
    names = sorted_by_strokes(names[:38])
    election, _sitting, _delegates = election_in_hall(term, names=names, seats=31, hall=2)
    with translation.override(language):
        document = _ballot(election, copies=2)
    assert len(document.pages) == 2
    printed = [line.text.strip() for line in layout.lines(document) if line.text.strip() in names]
    assert printed == names + names
    assert layout.overflowing_tables(document) == []


def _text(html: str) -> str:
    return " ".join(line.text for line in layout.lines(html_to_document(html)))


@each_language
def test_the_results_and_the_session_report_print_every_round(term, language):
    election, first, second, _delegates = two_rounds(term)
    with translation.override(language):
        sitting = str(first.sitting)  # in the document's language
        printed = {
            "results": _text(results_html(election)),
            "session report": _text(
                render_html("sessions/pdf/report.html", report_context(election.session))
            ),
        }
    for document, text in printed.items():
        # Round by round, each with its sitting, its figures and whom it elected; then the
        # elected of both rounds, in the stroke order of their names.
        if language == "zh-hans":
            expected = [
                f"第1轮 · {sitting}",
                "发出选票 10",
                "末位得票相等",
                "本轮当选：甲",
                f"第2轮 · {sitting}",
                "本轮当选：乙",
                "各轮当选",
                "乙、甲",
            ]
        else:
            expected = [
                f"Round 1 · {sitting}",
                "Ballots issued 10",
                "Tied at the last seat",
                "Elected in this round: 甲",
                f"Round 2 · {sitting}",
                "Elected in this round: 乙",
                "Elected in all rounds",
                "乙, 甲",
            ]
        found = [text.find(part) for part in expected]
        assert -1 not in found, (document, expected[found.index(-1)], text)
        assert found == sorted(found), document
