"""The crawl of issue 12 §4: every page each role reaches on the demo office, in Chinese and in
English, on a 390 px phone. A role's findings go to test-artifacts/crawl/<role>.txt."""

import time
from pathlib import Path

import pytest

from tests.crawl.crawler import AXE, crawl
from tests.e2e.conftest import PHONE

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "crawl"
LANGUAGES = ["zh-hans", "en"]

# The demo's logins (congress_office/demo.py and the apps' demo modules); None is anonymous.
ROLES = {
    "office": "office",
    "delegate": "delegate",
    "leader": "leader",
    "unit": "unit",
    "anonymous": None,
}


@pytest.mark.parametrize("role", ROLES)
def test_crawl(role, browser, live_server, sign_in):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (bin/test installs it: npm ci)")
    started = time.monotonic()
    reports, failures = [], 0
    for language in LANGUAGES:
        context = browser.new_context(locale="en-US", bypass_csp=True, **PHONE)
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        if ROLES[role]:
            sign_in(page, ROLES[role])
        found = crawl(page, live_server.url, "/", language)
        context.close()
        failures += found.failures()
        reports.append(found.report(f"{role} in {language}"))
    summary = "\n\n".join(reports) + f"\n\n{time.monotonic() - started:.0f} s\n"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{role}.txt").write_text(summary)
    assert not failures, summary
