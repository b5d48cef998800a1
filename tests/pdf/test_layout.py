"""Issue 12 (1.4, 1.5, §4): every printed document, built with enough rows to run over
several pages and with names a printer can garble, read back from its laid-out pages: no
table row is split across two pages, a table's header repeats on every page it runs on to,
figures and dates never wrap and names are not squeezed, the running head prints the name
exactly, the session report's cover breaks its title only between its parts, and the
Chinese rendering uses Chinese punctuation and dates in the sentences our templates make."""

import re
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import translation

from congress_office.pdf import html_to_document

from . import layout
from .documents import (
    CONGRESS_PARTS,
    SESSION_PART,
    every_document,
)

LANGUAGES = ["en", "zh-hans"]
DOCUMENTS = [
    "session report",
    "agenda",
    "attendance list",
    "resolution",
    "evaluation results",
    "blank ballot",
    "reply letter",
    "handling report",
]


@dataclass
class Rendered:
    document: object
    running_head: str | None
    user_data: list[str]


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """Each document in each language, laid out once for the module; the rows they were
    made from are rolled back."""
    documents = {}
    with django_db_blocker.unblock(), transaction.atomic():
        printed = every_document()
        for language in LANGUAGES:
            with translation.override(language):
                for name, p in printed.items():
                    documents[name, language] = Rendered(
                        html_to_document(p.render()), p.running_head, p.user_data
                    )
        transaction.set_rollback(True)
    return documents


@pytest.fixture(autouse=True)
def _database(db):
    """The module's rows live in its transaction; each test runs in a savepoint of it."""


each_document = pytest.mark.parametrize("name", DOCUMENTS)
each_language = pytest.mark.parametrize("language", LANGUAGES)


@each_language
@each_document
def test_no_table_row_is_split_across_two_pages(rendered, name, language):
    document = rendered[name, language].document
    assert len(document.pages) >= 2, "too little to print to show anything"
    assert layout.split_rows(document) == []


@each_language
@each_document
def test_a_table_repeats_its_header_on_every_page_it_runs_on_to(rendered, name, language):
    assert layout.pages_without_header(rendered[name, language].document) == []


@each_language
@each_document
def test_figures_and_dates_never_wrap_and_names_are_not_squeezed(rendered, name, language):
    document = rendered[name, language].document
    assert layout.squeezed_cells(document) == []
    assert layout.overflowing_tables(document) == []


@each_language
@each_document
def test_the_running_head_prints_the_name_exactly(rendered, name, language):
    r = rendered[name, language]
    heads = layout.running_heads(r.document)
    # The first page carries the title (or is the cover) and no running head.
    assert heads == ["", *[r.running_head or ""] * (len(heads) - 1)]


@each_language
def test_the_cover_breaks_the_session_title_only_between_its_parts(rendered, language):
    lines = layout.element_lines(rendered["session report", language].document, "h1", "cover")
    assert len(lines) >= 2, "the title is long enough to need two lines"
    for part in [*CONGRESS_PARTS, SESSION_PART]:
        assert any(part in line for line in lines), f"{part} broken across lines: {lines}"


ASCII_PUNCTUATION = re.compile(r"(?<!\d):|:(?!\d)|[,;()]")
OTHER_DATES = re.compile(r"\d{4}-\d\d-\d\d|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")


@each_document
def test_chinese_text_uses_chinese_punctuation_and_dates(rendered, name):
    """What our templates write around the user's data: a colon between digits is a time."""
    r = rendered[name, "zh-hans"]
    wrong = []
    for line in layout.lines(r.document):
        text = line.text
        for value in sorted(r.user_data, key=len, reverse=True):
            text = text.replace(value, "")
        if ASCII_PUNCTUATION.search(text) or OTHER_DATES.search(text):
            wrong.append((line.page, line.text))
    assert wrong == []
