"""The crawl's pure rules (tests/crawl/rules.py): what counts as English on a Chinese page,
which links it follows and which URLs are the same kind of page."""

import pytest

from tests.crawl import rules
from tests.crawl.exclusions import AXE_EXCLUSIONS

ORIGIN = "http://localhost:8101"


@pytest.mark.parametrize(
    "text, words",
    [
        ("提交议案", []),
        ("Save 保存", ["Save"]),
        ("状态：draft", ["draft"]),
        ("unit_staff", ["unit_staff"]),
        ("议案 2026-009 于 10:30 提交", []),
        ("导出 PDF、CSV、Excel", []),
        ("office@example.org", []),
        ("https://example.org/x", []),
        ("English", []),
        ("登录名：leader", []),
        ("12KB", []),
        ("2026-009D", ["D"]),
        ("A：已解决或采纳", []),
        ("斜党联复〔{year}〕{number}号", []),
        ("staff: delegate-1, unit-4", ["staff"]),
        ("按住 Control 键或 Mac 上的 Command 键来选择多项。", []),
    ],
)
def test_english_words(text, words):
    assert rules.english_words(text) == words


@pytest.mark.parametrize(
    "url, followed",
    [
        (f"{ORIGIN}/proposals/", True),
        ("http://example.org/proposals/", False),
        (f"{ORIGIN}/accounts/logout/", False),
        (f"{ORIGIN}/admin/logout/", False),
        (f"{ORIGIN}/i18n/setlang/", False),
        (f"{ORIGIN}/static/css/site.css", False),
    ],
)
def test_is_followed(url, followed):
    assert rules.is_followed(url, ORIGIN) is followed


def test_page_kind_replaces_ids_and_keeps_only_query_names():
    assert rules.page_kind(f"{ORIGIN}/proposals/12/") == "/proposals/<id>/"
    assert rules.page_kind(f"{ORIGIN}/proposals/?page=2&status=x") == "/proposals/?page&status"
    assert rules.page_kind(f"{ORIGIN}/proposals/?status=y&page=3") == "/proposals/?page&status"


def test_page_kind_in_the_admin_drops_the_query():
    assert (
        rules.page_kind(f"{ORIGIN}/admin/proposals/proposal/?o=2") == "/admin/proposals/proposal/"
    )
    assert (
        rules.page_kind(f"{ORIGIN}/admin/proposals/proposal/7/change/")
        == "/admin/proposals/proposal/<id>/change/"
    )


def test_pages_per_kind_is_one_in_the_admin_and_two_elsewhere():
    assert rules.pages_per_kind("/admin/proposals/proposal/<id>/change/") == 1
    assert rules.pages_per_kind("/proposals/<id>/") == 2


@pytest.mark.parametrize(
    "url, download",
    [("/proposals/3/pdf/", True), ("/roster.csv", True), ("/proposals/3/", False)],
)
def test_download(url, download):
    assert bool(rules.DOWNLOAD.search(url)) is download


def test_every_exclusion_says_why():
    for rule, selector, why in AXE_EXCLUSIONS:
        assert rule and selector and len(why) > 20
