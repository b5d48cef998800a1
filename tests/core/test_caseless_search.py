"""Searches for words without case (decision 240): the same rows as Django's `icontains`, the
upper-casing left out only where it changes nothing, and the database's own `UPPER()` checked
to leave those characters alone and to make none of them from another character."""

import pytest
from django.db import connection

from congress_office.caseless_search import CASELESS, has_no_case
from proposals.models import HandlingUnit

NAMES = [
    "关于农村道路的建议",
    "关 于",
    "AB路20号",
    "ab路2",
    "Ab关于",
    "Straße 2026",
    "ÉCOLE élève",
    "第20号",
    "１２ 全角数字",
    "100%_关于",
]
TERMS = [
    "关于",
    "20",
    "2",
    "关",
    "于农村",
    "ab",
    "AB",
    "路2",
    "2026",
    "é",
    "SS",
    "１２",
    "%",
    "_关",
]


def test_which_words_have_no_case():
    assert has_no_case("关于") and has_no_case("20") and has_no_case("路")
    # letters, a word a trigram index answers, signs LIKE treats as wildcards
    assert not has_no_case("ab") and not has_no_case("农村道路") and not has_no_case("2026-001")
    assert not has_no_case("%") and not has_no_case("_关") and not has_no_case("")


@pytest.mark.django_db
@pytest.mark.parametrize("term", TERMS)
def test_the_same_rows_as_icontains(term):
    HandlingUnit.objects.bulk_create(HandlingUnit(name=name) for name in NAMES)
    found = set(HandlingUnit.objects.filter(name__caseless_contains=term).values_list("name"))
    expected = set(HandlingUnit.objects.filter(name__icontains=term).values_list("name"))
    assert found == expected


@pytest.mark.django_db
def test_upper_left_out_only_for_words_without_case():
    caseless = str(HandlingUnit.objects.filter(name__caseless_contains="关于").query)
    cased = str(HandlingUnit.objects.filter(name__caseless_contains="ab").query)
    if connection.vendor == "postgresql":
        assert "UPPER(" not in caseless and "UPPER(" in cased
    else:  # SQLite: both are its case-insensitive LIKE, as icontains is
        assert "LIKE" in caseless and "LIKE" in cased


@pytest.mark.django_db
def test_the_databases_upper_keeps_caseless_characters_apart():
    """Every character of the first two planes: upper-cased, it is one of the characters
    without case exactly when it was one, and those are unchanged."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's LIKE and UPPER() change ASCII letters only")
    pattern = CASELESS.pattern
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c FROM generate_series(1, 131071) AS c
            WHERE c NOT BETWEEN 55296 AND 57343
              AND (
                (chr(c) ~ %(whole)s) <> (upper(chr(c)) ~ %(part)s)
                OR (chr(c) ~ %(whole)s AND upper(chr(c)) <> chr(c))
              )
            """,
            {"whole": f"^{pattern}$", "part": pattern[:-1]},
        )
        assert cursor.fetchall() == []


PHONES = ["139 1674 0179", "0571-8888 6666", "(0571) 2345", "+86 139", "转 123", "13X"]


@pytest.mark.django_db
@pytest.mark.parametrize("term", TERMS + ["139", "0571-", "(0571)", "+86", "转", "3x", " "])
@pytest.mark.parametrize("lookup", ["indexed_contains", "indexed_unless_digits"])
def test_the_indexed_lookups_find_the_rows_icontains_finds(lookup, term):
    """Both lookups through the characters (the LIKE first since decision 320), and the phone's
    without them for a number's characters: the same rows as `icontains`."""
    HandlingUnit.objects.bulk_create(HandlingUnit(name=name) for name in NAMES + PHONES)
    found = set(HandlingUnit.objects.filter(**{f"name__{lookup}": term}).values_list("name"))
    expected = set(HandlingUnit.objects.filter(name__icontains=term).values_list("name"))
    assert found == expected


@pytest.mark.django_db
def test_a_number_is_searched_without_the_characters():
    numbered = str(HandlingUnit.objects.filter(name__indexed_unless_digits="0571-88").query)
    named = str(HandlingUnit.objects.filter(name__indexed_unless_digits="张三").query)
    assert "string_to_array" not in numbered
    assert ("string_to_array" in named) == (connection.vendor == "postgresql")
