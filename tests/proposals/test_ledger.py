"""Lists kept as offices keep ledgers (台账): the proposals' change list with its status chip,
lead unit, deadline and days left; its Excel ledger, exactly the filtered list; the roster
import's template, which the import reads back."""

import datetime
import io
import re
from html import unescape
from urllib.parse import parse_qs

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from congress_office.tabular import read_table
from delegates.roster_check import COLUMNS, _header_keys, roster_file_check
from proposals.ledger import COLUMNS as LEDGER_COLUMNS
from proposals.services import deadline_set
from tests.delegates.factories import DelegationFactory, ElectoralUnitFactory
from tests.proposals.kit import S, proposal_in

pytestmark = pytest.mark.django_db

LIST = "/admin/proposals/proposal/"


def sheet(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def items(author, unit, other_unit, secretariat):
    today = timezone.localdate()
    late, _lead = proposal_in(
        S.ASSIGNED,
        author=author,
        unit=unit,
        co_units=[other_unit],
        on=today - datetime.timedelta(days=150),
        title="关于修缮镇卫生院的建议",
    )
    soon, _lead = proposal_in(
        S.ASSIGNED,
        author=author,
        unit=unit,
        on=today - datetime.timedelta(days=30),
        title="关于道路照明的建议",
    )
    deadline_set(
        proposal=soon,
        deadline=today + datetime.timedelta(days=2),
        reason="急事",
        set_by=secretariat,
    )
    closed, _lead = proposal_in(S.CLOSED, author=author, unit=unit, title="关于幼儿园的建议")
    waiting, _lead = proposal_in(S.SUBMITTED, author=author, title="关于集贸市场的建议")
    return {"late": late, "soon": soon, "closed": closed, "waiting": waiting}


def overdue_days(item) -> int:
    days = (timezone.localdate() - item.lead_deadline).days
    assert days > 1
    return days


def test_the_list_shows_status_lead_unit_deadline_and_days_left(office, items, unit):
    late = overdue_days(items["late"])
    page = office.get(LIST).content.decode()
    assert '<span class="chip chip-proposal-assigned">Being handled</span>' in page
    assert '<span class="chip chip-proposal-submitted">Awaiting review</span>' in page
    assert unit.name in page
    # overdue in red and in words, not by colour alone; soon in amber
    assert f'<span class="chip chip-due-over">Overdue · {late} days overdue</span>' in page
    assert '<span class="chip chip-due-soon">Due soon · 2 days left</span>' in page
    chinese = office.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"已逾期{late}天" in chinese and "还剩2天" in chinese


def test_the_list_gives_the_filing_day_on_the_whole_width(office, items):
    page = office.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    filed = timezone.localtime(items["waiting"].submitted_at)
    cells = re.findall(r'<td class="field-submitted_on">(.*?)</td>', page)
    assert f"{filed.year}年{filed.month}月{filed.day}日" in cells  # the day, no time beside it
    assert 'id="nav-sidebar"' not in page  # the ledger's columns need the page's width


@pytest.mark.parametrize("n", [1, 4])
def test_the_list_reads_its_rows_in_a_fixed_number_of_queries(
    n, office, author, unit, django_assert_num_queries
):
    for _ in range(n):
        proposal_in(S.ASSIGNED, author=author, unit=unit)
        proposal_in(S.CLOSED, author=author, unit=unit)
    office.get(LIST)  # the content types are cached once per process
    # session, user, the session's two-factor device, permissions (1), the filters' choices
    # (the lead units, term, category, session), the count, the rows with their author and
    # lead unit, the menu's duties
    with django_assert_num_queries(11):
        response = office.get(LIST)
    assert len(response.context["cl"].result_list) == 2 * n


@pytest.mark.parametrize(
    "query",
    ["", "?status__exact=assigned", "?list=due_this_week", "?q=幼儿园", "?queue=review&o=2"],
)
def test_the_ledger_is_exactly_the_filtered_list(office, items, query):
    listed = office.get(LIST + query)
    shown = [(item.number, item.title) for item in listed.context["cl"].result_list]
    assert shown  # every filter above keeps some items
    # the list's button exports it with the same filters, search and order
    (button,) = re.findall(r'href="/admin/proposals/proposal/ledger/([^"]*)"', listed.text)
    assert parse_qs(unescape(button).lstrip("?")) == parse_qs(query.lstrip("?"))
    rows = sheet(office.get("/admin/proposals/proposal/ledger/" + unescape(button)))
    assert rows[0] == [str(c) for c in LEDGER_COLUMNS]
    assert [(r[0] or "", r[1]) for r in rows[1:]] == shown


def test_the_ledger_has_the_columns_of_a_ledger(office, items, author, unit, other_unit):
    rows = sheet(office.get("/admin/proposals/proposal/ledger/"))
    by_title = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    late = by_title["关于修缮镇卫生院的建议"]
    assert late["Number"] == items["late"].number
    assert (late["Author"], late["Delegation"]) == (author.name, author.delegation.name)
    assert (late["Kind"], late["Status"]) == ("Suggestion", "Being handled")
    assert (late["Lead unit"], late["Co-handling units"]) == (unit.name, other_unit.name)
    assert late["Deadline"].date() == items["late"].lead_deadline
    assert late["Days left"] == -overdue_days(items["late"])
    assert late["Time left"] == "Overdue"
    assert late["Reply date"] is None and late["Rating"] is None
    closed = by_title["关于幼儿园的建议"]
    reply = items["closed"].assignments.get().replies.get()
    assert closed["Reply date"].date() == timezone.localdate(reply.replied_at)
    assert (closed["Status"], closed["Rating"]) == ("Closed", "Satisfied")
    assert closed["Deadline"] is None and closed["Days left"] is None and not closed["Time left"]
    chinese = sheet(office.get("/admin/proposals/proposal/ledger/", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert chinese[0][:3] == ["编号", "标题", "领衔代表"]
    by_number = {row[0]: row for row in chinese[1:]}
    assert by_number[items["late"].number][chinese[0].index("剩余时间")] == "超期"


def test_the_ledger_reads_in_a_fixed_number_of_queries(
    office, author, unit, django_assert_num_queries
):
    def queries_for(n):
        for _ in range(n):
            proposal_in(S.CLOSED, author=author, unit=unit)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            office.get("/admin/proposals/proposal/ledger/")
        return len(captured)

    assert queries_for(1) == queries_for(4)


def test_unit_staff_cannot_export_the_ledger(client_for, unit_staff):
    assert client_for(unit_staff).get("/admin/proposals/proposal/ledger/").status_code == 302


# --- The roster's template -----------------------------------------------------------------


def test_the_roster_template_is_read_back_by_the_import(office, term):
    unit = ElectoralUnitFactory(term=term, name="第一选区", seats=3)
    delegation = DelegationFactory(term=term, name="机关代表团")
    upload = office.get("/admin/delegates/rosterimport/add/").content.decode()
    assert 'href="/admin/delegates/rosterimport/template/"' in upload
    response = office.get(f"/admin/delegates/rosterimport/template/?term={term.pk}")
    table = read_table(response.content, "xlsx")
    assert table[0] == [str(label) for _key, label in COLUMNS]
    assert sorted(_header_keys(table[0]).values()) == sorted(key for key, _label in COLUMNS)
    assert len(table) == 2  # one example row
    checked = roster_file_check(table, term)
    assert checked.errors == []
    ((_row, values),) = checked.rows
    assert (values["electoral_unit"], values["delegation"]) == (unit, delegation)


def test_the_roster_template_in_chinese_is_read_back_too(office, term):
    ElectoralUnitFactory(term=term, seats=3)
    response = office.get("/admin/delegates/rosterimport/template/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    table = read_table(response.content, "xlsx")
    assert table[0][0] == "姓名"
    assert roster_file_check(table, term).errors == []
