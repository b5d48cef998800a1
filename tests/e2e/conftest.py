"""Browser journeys in Debian's Chromium, driven by Playwright against pytest-django's
live server. A failing journey leaves a full-page screenshot in test-artifacts/e2e/."""

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from congress_office.celery import app as celery_app
from tests.sign_in import next_totp_code

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (bin/test installs it)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread for as long as it is
    # open, and Django then refuses synchronous ORM calls (the test's own data set-up and the
    # live server's flush). The variable lives exactly as long as the loop: one module.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def _page(browser, request, options):
    context = browser.new_context(locale="en-US", **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Whatever the Content Security Policy blocks, Chromium reports on the console: a journey
    # whose page had a script or a style refused fails, since that page did not work as written.
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    if getattr(request.node, "journey_failed", False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not refused, "the Content Security Policy refused:\n" + "\n".join(refused)


@pytest.fixture
def phone_page(browser, request):
    yield from _page(browser, request, PHONE)


@pytest.fixture
def desktop_page(browser, request):
    yield from _page(browser, request, DESKTOP)


@pytest.fixture
def demo_office(transactional_db):
    """The demo office, built by `manage.py demo_data` itself; returns the demo password."""
    from django.core.management import call_command

    from congress_office.demo import DEMO_PASSWORD

    call_command("demo_data", "--allow-without-debug", stdout=io.StringIO())
    return DEMO_PASSWORD


@pytest.fixture
def sign_in(live_server, demo_office):
    """Sign in through the pages as the user does: the password, and for office staff the code
    their authenticator app shows now, computed from the demo's key."""

    def go(page, username):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", demo_office)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        if "/accounts/two-factor/code/" in page.url:
            page.fill("#id_code", next_totp_code(username))
            page.click("main button[type=submit]")
            page.wait_for_load_state()
        return page

    return go


@pytest.fixture
def real_worker(settings, tmp_path):
    """A real `celery worker` process sharing the live server's database, media folder and a
    Redis cache; yields its log file. Needs PostgreSQL and CELERY_BROKER_URL, else skips."""
    if not BROKER:
        pytest.skip("CELERY_BROKER_URL is not set: no real broker to use")
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
