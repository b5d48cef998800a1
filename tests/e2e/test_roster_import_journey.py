"""The office imports a 2,000-row roster in the browser; a real Celery worker, started by the
test, checks and imports it over Redis while the page's progress bar follows."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from delegates.models import Delegate, ElectoralUnit, Term

ROWS = 2000

pytestmark = pytest.mark.e2e


def roster_file(path: Path) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "姓名",
            "性别",
            "民族",
            "出生日期",
            "学历",
            "职业类别",
            "工作单位",
            "选举单位",
            "产生方式",
            "生效日期",
            "决定文号",
        ]
    )
    for n in range(ROWS):
        writer.writerow(
            [
                f"新代表{n:04d}",
                "女" if n % 3 else "男",
                "汉族",
                "1975-03-01",
                "大学本科",
                "农民",
                "某村",
                f"第{n % 4}选区",
                "当选",
                "2027-01-10",
                "公告",
            ]
        )
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_a_large_roster_imports_in_the_background(
    desktop_page, sign_in, real_worker, tmp_path, live_server
):
    term = Term.objects.create(
        name="第十四次代表大会",
        ordinal=14,
        level="town",
        start_date=datetime.date(2027, 1, 8),
        end_date=datetime.date(2032, 1, 7),
        seats=ROWS,
    )
    for n in range(4):
        ElectoralUnit.objects.create(term=term, name=f"第{n}选区", seats=ROWS // 4)
    page = sign_in(desktop_page, "office")
    page.goto(f"{live_server.url}/admin/delegates/rosterimport/add/")
    page.select_option("#id_term", label=term.name)
    page.set_input_files("#id_file", str(roster_file(tmp_path / "roster.csv")))
    page.click("input[type=submit]")
    # The check runs in the worker; the page follows it and then shows the preview.
    expect(page.locator("body")).to_contain_text(f"{ROWS} delegates will be added", timeout=60_000)
    page.click("text=Import these delegates")
    bar = page.locator("progress")
    expect(bar).to_be_visible()
    expect(page.locator("body")).to_contain_text(f"{ROWS} delegates were added", timeout=120_000)
    assert Delegate.objects.filter(term=term).count() == ROWS
    worker_log = real_worker.read_text()
    assert "delegates.tasks.check_roster_import" in worker_log
    assert "delegates.tasks.run_roster_import" in worker_log
