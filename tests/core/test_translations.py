"""Every translatable string has a Simplified Chinese translation.

The catalogue is re-extracted from the current code in a scratch copy of the project, so a
string added without translating it fails here even if nobody ran makemessages.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = Path("locale/zh_Hans/LC_MESSAGES/django.po")
# The apps, the development app the dev settings install (devdata/) and the templates.
SOURCE_DIRS = [
    "congress_office",
    "delegates",
    "sessions",
    "proposals",
    "evaluations",
    "devdata",
    "templates",
]

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="gettext (xgettext) is not installed"
)


def untranslated_entries(po_text: str) -> list[str]:
    """msgids whose translation is empty or marked fuzzy (the header entry excepted)."""
    problems = []
    for block in po_text.split("\n\n"):
        if "msgid" not in block or re.search(r'^msgid ""\nmsgstr ""\n"Project', block, re.M):
            continue
        msgid = " ".join(re.findall(r'^(?:msgid|")(?: )?"?(.*)"$', block, re.M))[:80]
        if "#, fuzzy" in block:
            problems.append(f"fuzzy: {msgid}")
        translations = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:".*"\n?)*)', block, re.M)
        if any(not (first or rest.strip('"\n')) for first, rest in translations):
            problems.append(f"untranslated: {msgid}")
    return problems


def test_the_committed_catalogue_is_complete():
    assert untranslated_entries((ROOT / PO_FILE).read_text()) == []


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    for name in [*SOURCE_DIRS, "locale"]:
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "manage.py", tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    missing = untranslated_entries((tmp_path / PO_FILE).read_text())
    assert missing == [], "run makemessages and translate:\n" + "\n".join(missing)


def test_the_checker_notices_a_missing_translation():
    sample = 'msgid "Delegates"\nmsgstr "代表"\n\nmsgid "Sign in"\nmsgstr ""\n'
    assert untranslated_entries(sample) == ["untranslated: Sign in"]


TRANSLATION_CALL = re.compile(r"\b(?:n?p?gettext(?:_lazy)?|_)\(")


def test_no_string_is_translated_inside_an_f_string():
    """makemessages (xgettext) does not read inside f-strings: a `gettext("...")` there is
    translated only while the catalogue still holds it from elsewhere, and the next
    makemessages drops it (it dropped "Sign out" and "Main navigation" of the site's header)."""
    import io
    import tokenize

    found = []
    for name in SOURCE_DIRS:
        for path in (ROOT / name).rglob("*.py"):
            tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
            for token in tokens:
                prefix = re.match(r"[A-Za-z]*", token.string).group().lower()
                in_f_string = token.type == tokenize.STRING and "f" in prefix
                if in_f_string and TRANSLATION_CALL.search(token.string):
                    found.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert found == [], "take the translation out of the f-string:\n" + "\n".join(found)
