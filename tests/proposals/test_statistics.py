import datetime
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from pypdf import PdfReader

from proposals.models import Assignment, Proposal
from proposals.services import (
    feedback_submit,
    proposal_accept,
    proposal_draft_save,
    proposal_route,
    proposal_submit,
    reply_submit,
)
from proposals.statistics import handling_statistics
from tests.proposals.kit import staff_of

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 9, 1)


@pytest.fixture
def handled(author, delegate, secretariat, unit, other_unit, education, monkeypatch):
    """Four items: A on time and satisfied; C late, dissatisfied, then A satisfied in round 2;
    B on time, basically satisfied; one routed, not yet answered."""

    def item(title, lead):
        p = proposal_draft_save(
            author=author, kind="suggestion", title=title, situation="情况", recommendations="建议"
        )
        proposal_submit(proposal=p, submitted_by=delegate)
        proposal_accept(proposal=p, category=education, accepted_by=secretariat)
        (a,) = proposal_route(proposal=p, lead=lead, routed_by=secretariat, on=ON)
        return a

    def reply(assignment, result, late=False):
        # The unit replies on a day before or after its deadline: the clock says so.
        when = assignment.deadline + datetime.timedelta(days=3 if late else -10)
        moment = datetime.datetime.combine(when, datetime.time(10), tzinfo=datetime.UTC)
        with monkeypatch.context() as clock:
            clock.setattr(timezone, "now", lambda: moment)
            return reply_submit(
                assignment=assignment,
                result=result,
                text="答复",
                replied_by=staff_of(assignment.unit),
            )

    first = item("甲", unit)
    feedback_submit(reply=reply(first, "A"), overall="satisfied", rated_by=delegate)
    second = item("乙", unit)
    feedback_submit(
        reply=reply(second, "C", late=True),
        overall="dissatisfied",
        rated_by=delegate,
        comment="未解决",
    )
    again = Assignment.objects.get(proposal=second.proposal, round=2)
    feedback_submit(reply=reply(again, "A"), overall="satisfied", rated_by=delegate)
    third = item("丙", other_unit)
    feedback_submit(reply=reply(third, "B"), overall="basically", rated_by=delegate)
    item("丁", other_unit)
    return author.term


def test_the_figures(handled, unit, other_unit):
    total, groups = handling_statistics(handled, group_by="unit")
    assert (total.items, total.routed, total.replied, total.on_time) == (4, 4, 3, 2)
    assert total.handling_rate == 75.0
    assert total.on_time_rate == 66.7
    assert (total.rated, total.satisfied, total.satisfaction_rate) == (3, 3, 100.0)
    assert (total.first_rated, total.first_satisfied) == (3, 2)
    assert total.first_round_satisfaction_rate == 66.7
    assert total.results == {"A": 1, "B": 1, "C": 1}  # the first replies
    by_unit = {g.label: g for g in groups}
    assert (by_unit[unit.name].items, by_unit[other_unit.name].replied) == (2, 1)


@pytest.mark.parametrize("extra", [0, 20])
def test_constant_queries(
    handled, author, delegate, secretariat, education, extra, django_assert_num_queries
):
    for n in range(extra):
        p = proposal_draft_save(
            author=author,
            kind="suggestion",
            title=f"多{n}",
            situation="情况",
            recommendations="建议",
        )
        proposal_submit(proposal=p, submitted_by=delegate)
        proposal_accept(proposal=p, category=education, accepted_by=secretariat)
    with django_assert_num_queries(1):
        handling_statistics(handled, group_by="category")


def test_facts_worked_out_for_existing_items_match_the_services(handled):
    """The migration that introduced the handling facts works them out from the rows; on
    items handled through the services it must arrive at what the services kept."""
    backfill = importlib.import_module("proposals.migrations.0002_handling_facts").backfill
    kept = {g: handling_statistics(handled, group_by=g) for g in ("unit", "category")}
    opened = set(Assignment.objects.filter(is_open=True).values_list("pk", flat=True))
    Proposal.objects.update(
        lead_unit=None,
        lead_deadline=None,
        first_result="",
        first_reply_on_time=None,
        first_round_rating="",
        latest_rating="",
    )
    Assignment.objects.update(is_open=True)
    backfill(django_apps, None)
    assert {g: handling_statistics(handled, group_by=g) for g in kept} == kept
    assert set(Assignment.objects.filter(is_open=True).values_list("pk", flat=True)) == opened


def test_the_page_exports_and_the_report(client_for, secretariat, handled):
    client = client_for(secretariat)
    url = f"/admin/proposals/proposal/statistics/?term={handled.pk}&group_by=unit"
    page = client.get(url).content.decode()
    assert "75.0" in page and "66.7" in page
    csv_text = client.get(url + "&format=csv").content.decode("utf-8-sig")
    assert "Handling rate %" in csv_text.splitlines()[0]
    pdf = client.get(url + "&format=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "handling rate 75.0%" in text.replace("\n", " ")


def test_the_report_link_says_the_pdf_is_being_made_once_clicked(client_for, secretariat, handled):
    # The PDF is made in the request (some seconds) and the link looked idle meanwhile.
    url = f"/admin/proposals/proposal/statistics/?term={handled.pk}&group_by=unit"
    page = client_for(secretariat).get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'format=pdf" data-busy-label="正在生成 PDF……"' in page
    assert "PDF 将在几秒钟内即时生成" in page and "/static/js/busy.js" in page


def test_a_hostile_unit_name_is_shown_as_text_in_the_page_and_the_report(
    client_for, secretariat, handled, unit
):
    unit.name = "<script>alert(1)</script>"
    unit.save()
    url = f"/admin/proposals/proposal/statistics/?term={handled.pk}&group_by=unit"
    client = client_for(secretariat)
    page = client.get(url).content.decode()
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3  # the table, two charts
    assert "<script>alert(1)" not in page
    pdf = client.get(url + "&format=pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    # Printed (across the narrow cell's lines), not read as markup.
    assert "<script>alert(1)</script>" in "".join(text.split())


@pytest.mark.parametrize("who", ["delegate", "unit_staff"])
def test_only_the_office_sees_the_statistics(client_for, request, term, who):
    response = client_for(request.getfixturevalue(who)).get(
        f"/admin/proposals/proposal/statistics/?term={term.pk}&group_by=unit"
    )
    assert response.status_code == 302 and "/admin/login/" in response.url


PAGE = "/admin/proposals/proposal/statistics/"


def test_the_page_opens_on_the_latest_term_by_unit(client_for, secretariat, handled):
    from tests.delegates.factories import TermFactory

    TermFactory(name="第十四届", start_date=datetime.date(2016, 1, 1))  # an older term
    response = client_for(secretariat).get(PAGE)
    assert response.context["term"] == handled
    assert response.context["grouping"] == "Lead unit"
    assert response.context["total"].items == 4
    assert "errornote" not in response.content.decode()


def test_the_choices_are_links_that_keep_the_others(client_for, secretariat, handled):
    from tests.sessions.factories import SessionFactory

    session = SessionFactory(term=handled, name="第二次会议")
    response = client_for(secretariat).get(PAGE, {"term": handled.pk, "group_by": "category"})
    page = response.content.decode()
    # The chosen grouping is marked; each link keeps the term; a session narrows to its items.
    assert f'<li class="selected"><a href="?term={handled.pk}&amp;group_by=category"' in page
    assert f'href="?term={handled.pk}&amp;session={session.pk}&amp;group_by=category"' in page
    assert f'href="?term={handled.pk}&amp;group_by=session"' in page
    narrowed = client_for(secretariat).get(
        PAGE, {"term": handled.pk, "session": session.pk, "group_by": "unit"}
    )
    assert narrowed.context["scope_session"] == session
    assert narrowed.context["groups"] == []  # every item was filed between sessions
    assert "No item has been accepted here yet." in narrowed.content.decode()


@pytest.mark.parametrize(
    "asked", [{"term": "999999"}, {"term": "x"}, {"session": "999999"}, {"group_by": "colour"}]
)
def test_a_choice_that_does_not_exist_is_said_and_the_default_shown(
    client_for, secretariat, handled, asked
):
    response = client_for(secretariat).get(PAGE, {"term": handled.pk, **asked})
    assert response.status_code == 200
    assert "What the address asked for does not exist" in response.content.decode()
    assert response.context["term"] == handled and response.context["scope_session"] is None


def test_without_any_term_the_page_says_so(client_for, secretariat):
    page = client_for(secretariat).get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "还没有" in page


def _tallies(term, units: int, start: int = 0):
    """A tally row for each of `units` new units leading items of the term, each with a
    different number of items (unit n: n + 1), as the services keep them."""
    from proposals.models import HandlingTally
    from tests.proposals.factories import HandlingUnitFactory

    made = HandlingUnitFactory.create_batch(units)
    HandlingTally.objects.bulk_create(
        HandlingTally(
            key=f"{term.pk}::{unit.pk}::suggestion",
            term=term,
            lead_unit=unit,
            kind="suggestion",
            items=start + n + 1,
            routed=start + n + 1,
            replied=n,
        )
        for n, unit in enumerate(made)
    )


def test_the_units_come_fifty_a_page_and_the_files_hold_all(client_for, secretariat, term):
    """Decision 274: a row and two bars for each of 1,000 units were most of the page at
    100,000 items; fifty a page, most items first, in as many queries at 60 or 130 units;
    the total and the files (CSV, the report) are of every unit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(secretariat)
    url = f"{PAGE}?term={term.pk}&group_by=unit"
    counts = []
    for units, start in ((60, 0), (70, 60)):
        _tallies(term, units, start)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        counts.append(len(queries))
        rows = response.context["table_rows"]
        assert len(rows) == 50 + 1  # the page's units and the total of all
        assert [row[1] for row in rows[:-1]] == sorted((row[1] for row in rows[:-1]), reverse=True)
        assert len(response.context["handling_rates"]) == 50
    assert counts[0] == counts[1]
    total_items = sum(range(1, 131))
    assert rows[-1][1] == total_items
    page = response.content.decode()
    assert "1–50 of 130" in page and f"?term={term.pk}&amp;group_by=unit&amp;page=2" in page
    last = client.get(url + "&page=3").context["table_rows"]
    assert len(last) == 30 + 1 and last[-1][1] == total_items
    csv_lines = client.get(url + "&format=csv").content.decode("utf-8-sig").splitlines()
    assert len(csv_lines) == 1 + 130 + 1  # the header, every unit, the total
