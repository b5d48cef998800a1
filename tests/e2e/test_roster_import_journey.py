"""The office imports a 2,000-row roster in the browser; a real Celery worker, started by the
test, checks and imports it over Redis while the page's progress bar follows."""

import csv
import datetime
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

from congress_office.celery import app as celery_app
from delegates.models import Delegate, ElectoralUnit, Term

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")
ROWS = 2000

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.needs_broker,
    pytest.mark.needs_postgres,
    pytest.mark.skipif(not BROKER, reason="CELERY_BROKER_URL is not set: no real broker to use"),
]


@pytest.fixture
def shared_services(settings, tmp_path):
    """The live server and the worker share the database, the media folder and a Redis cache."""
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs the test database on PostgreSQL")
    cache_url = BROKER.rsplit("/", 1)[0] + "/14"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "congress_office.settings.dev",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_URL": cache_url.replace("redis://", "rediscache://"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_BROKER_URL": BROKER,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "congress_office",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    yield tmp_path / "worker.log"
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(timeout=30)
    log.close()
    celery_app.conf.task_always_eager = saved


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
    desktop_page, sign_in, shared_services, tmp_path, live_server
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
    worker_log = shared_services.read_text()
    assert "delegates.tasks.check_roster_import" in worker_log
    assert "delegates.tasks.run_roster_import" in worker_log
