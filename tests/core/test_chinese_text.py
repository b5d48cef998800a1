"""Issue 12 §2: one date format per language and Chinese punctuation in Chinese text.

Every page a role opens in the security matrix (tests/security: the same URLs, cases and
data) is read in Chinese and in English. Its visible text (text nodes and the attributes people
read or hear: title, alt, placeholder, aria-label) must hold, in Chinese, no half-width
: ; ? ! ( ) , " beside a Chinese character, and in either language no ISO date and no second
date form (12/18/2026). The matrix's data is written as an office writes it (user data holds
no such punctuation), so whatever is found comes from the product's own text."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from congress_office.wording import bracketed, date_range, join_list, labelled, written_date
from tests.security.conftest import world  # noqa: F401 - the matrix's data, built once
from tests.security.expect import OK
from tests.security.test_matrix import URLS, _client, _path, entry_for

pytestmark = pytest.mark.django_db

CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
HALF_WIDTH = r"[:;?!(),\"]"
# A half-width mark with a Chinese character on either side (spaces between allowed).
MIXED = re.compile(rf"{CJK}\s*{HALF_WIDTH}|{HALF_WIDTH}\s*{CJK}")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
# English's one form is "Dec. 18, 2026"; Django's short form (12/18/2026) is another.
SHORT_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}
NOT_READ = {"script", "style", "textarea", "template"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears on a page, one piece per text node or attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in NOT_READ:
            self._skipping += 1
        self.pieces += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in NOT_READ and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.pieces.append(" ".join(data.split()))


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ⏎ ".join(parser.pieces)


def problems(text: str, rules=(MIXED, ISO_DATE)) -> list[str]:
    """Each spot breaking one of the rules, with a little of its context."""
    found = []
    for pattern in rules:
        for match in pattern.finditer(text):
            found.append(text[max(0, match.start() - 12) : match.end() + 12])
    return found


def _pages():
    """(url, case number, role) of every page a role opens (200) in the matrix, once per role
    and path."""
    for url in URLS:
        for number, case in enumerate(entry_for(url) or []):
            if case.setup:
                continue  # a state built for one request; the page is opened elsewhere too
            for role, expected in case.expect.items():
                if expected == OK:
                    yield pytest.param(url, number, role, id=f"{url.key} [{case.label}] {role}")


ISO_MOMENT = re.compile(r"\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def _page_text(world, url, number, role, language):  # noqa: F811
    case = entry_for(url)[number]
    path = _path(world, url, case)
    client = _client(world, role)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200, path
    if not response["Content-Type"].startswith("text/html"):
        return path, ""
    return path, visible_text(response.content.decode())


@pytest.mark.parametrize(("url", "number", "role"), list(_pages()))
def test_a_chinese_page_has_chinese_punctuation_and_dates(world, url, number, role):  # noqa: F811
    path, text = _page_text(world, url, number, role, "zh-hans")
    assert problems(text, (MIXED, ISO_DATE, ISO_MOMENT)) == [], f"{path} as {role}"


@pytest.mark.parametrize(("url", "number", "role"), list(_pages()))
def test_an_english_page_writes_dates_in_english(world, url, number, role):  # noqa: F811
    path, text = _page_text(world, url, number, role, "en")
    assert problems(text, (ISO_DATE, SHORT_DATE, ISO_MOMENT)) == [], f"{path} as {role}"


def test_the_check_finds_what_the_issue_saw():
    page = (
        "<p>办理期限: 2026-12-18 · 责任人: 李主任</p><p title='需要延期?'>x</p>"
        "<th>占实际评价比例(%)</th><td>镇教育办公室, 镇财政所</td><script>a('例:')</script>"
    )
    assert len(problems(visible_text(page))) == 6
    fine = (
        "<p>办理期限：2026年12月18日 · 责任人：李主任（镇教育办公室、镇财政所）</p>"
        "<p>Deadline: Dec. 18, 2026 (Lead unit: Education office)</p>"
    )
    assert problems(visible_text(fine)) == []


def test_chinese_dates_are_read_as_written_and_days_of_a_month_unpadded():
    with translation.override("zh-hans"):
        assert forms.DateField().clean("2026年12月18日") == datetime.date(2026, 12, 18)
        assert forms.DateField().clean("2026/1/5") == datetime.date(2026, 1, 5)
        assert date_format(datetime.date(2026, 1, 5), "MONTH_DAY_FORMAT") == "1月5日"
        assert written_date(datetime.date(2026, 12, 18)) == "2026年12月18日"
    with translation.override("en"):
        assert written_date(datetime.date(2026, 12, 18)) == "Dec. 18, 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "zh-hans",
            [
                "办理期限：李主任",
                "镇教育办公室、镇财政所",
                "（517 字节）",
                "2026年12月18日至2026年12月19日",
            ],
        ),
        (
            "en",
            [
                "办理期限: 李主任",
                "镇教育办公室, 镇财政所",
                "(517 字节)",
                "Dec. 18, 2026 – Dec. 19, 2026",
            ],
        ),
    ],
)
def test_the_punctuation_of_text_put_together_is_the_readers(language, expected):
    start, end = datetime.date(2026, 12, 18), datetime.date(2026, 12, 19)
    with translation.override(language):
        assert [
            labelled("办理期限", "李主任"),
            join_list(["镇教育办公室", "镇财政所"]),
            bracketed("517 字节"),
            date_range(start, end),
        ] == expected
        assert date_range(start, start) == written_date(start)


def test_the_templates_punctuation_escapes_what_it_joins():
    template = Template(
        "{% load wording %}{{ units|join_list }} {{ size|bracketed }}"
        "{% label_suffix %}{{ start|date_range:end }}"
    )
    context = Context(
        {
            "units": ["镇教育办公室", "<b>镇财政所</b>"],
            "size": "<i>",
            "start": datetime.date(2026, 12, 18),
            "end": datetime.date(2026, 12, 18),
        }
    )
    with translation.override("zh-hans"):
        assert template.render(context) == (
            "镇教育办公室、&lt;b&gt;镇财政所&lt;/b&gt; （&lt;i&gt;）：2026年12月18日"
        )


def test_the_admin_welcomes_in_chinese_without_a_trailing_full_stop(office, secretariat):
    office.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    name = secretariat.get_short_name() or secretariat.get_username()
    page = office.get("/admin/").content.decode()
    assert f"欢迎，<strong>{name}</strong>" in page and f"{name}</strong>." not in page
