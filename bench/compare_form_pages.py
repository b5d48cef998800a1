"""The admin's add, change, delete and history pages of the office as two versions of the code
serve them, compared to the character: a change meant to make these pages faster must leave
them as they were. Not a benchmark: it prints the pages that differ (a unified diff of each)
and exits 1 if any does.

The pages are found as bench/bench_pages.py finds them (devdata/pages.py: the registry's add
and change forms, and what the office reaches from its home page), listed once, so that both
versions open the same URLs; each is opened as `office` (GET), in Chinese and in English, and
kept with its CSRF tokens and CSP nonces (new on every request) blanked.

    DATABASE_URL=... .venv/bin/python bench/compare_form_pages.py list /tmp/pages.txt
    DATABASE_URL=... .venv/bin/python bench/compare_form_pages.py dump /tmp/pages.txt /tmp/after
    (in a tree of the other version, its bench/ holding this file) ... dump ... /tmp/before
    .venv/bin/python bench/compare_form_pages.py compare /tmp/before /tmp/after
"""

import difflib
import re
import sys
from pathlib import Path

import benchdb  # bench/benchdb.py: settings

# The admin's views of one object or a new one (their URL names end so).
FORM_VIEWS = ("_add", "_change", "_delete", "_history")
LANGUAGES = ("zh-hans", "en")
# What differs on every request: the CSRF token (form field and header meta) and CSP nonces.
VOLATILE = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1-"),
    (re.compile(r'(nonce=")[^"]*'), r"\1-"),
    (re.compile(r'(data-csrf-token=")[^"]*'), r"\1-"),
]


def _office_client(language: str):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.sign_in import sign_in_as

    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    sign_in_as(client, get_user_model().objects.get(username="office"))
    return client


def form_pages() -> list[str]:
    """The office's add, change, delete and history pages, as the page benchmark finds them."""
    from django.contrib.auth import get_user_model

    from congress_office.roles import home_url_for
    from devdata.pages import admin_pages, crawl, url_name

    office = get_user_model().objects.get(username="office")
    listed = admin_pages(office)
    reached = crawl(_office_client("zh-hans"), [home_url_for(office)], set())
    urls = list(listed.values()) + list(reached)
    kept = []
    for url in urls:
        name = url_name(url) or ""
        if name.startswith("admin:") and name.endswith(FORM_VIEWS) and url not in kept:
            kept.append(url)
    return kept


def normalized(html: str) -> str:
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    return html


def dump(urls: list[str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        client = _office_client(language)
        for number, url in enumerate(urls):
            response = client.get(url)
            body = normalized(response.content.decode())
            text = f"{url}\n{response.status_code}\n{body}"
            (folder / f"{language}-{number:04d}.html").write_text(text)


def compare(before: Path, after: Path) -> int:
    differing = 0
    names = sorted({p.name for p in before.glob("*.html")} | {p.name for p in after.glob("*.html")})
    for name in names:
        old, new = before / name, after / name
        old_text = old.read_text() if old.exists() else ""
        new_text = new.read_text() if new.exists() else ""
        if old_text != new_text:
            differing += 1
            diff = difflib.unified_diff(
                old_text.splitlines(), new_text.splitlines(), str(old), str(new), lineterm="", n=1
            )
            print("\n".join(list(diff)[:40]))
    print(f"{len(names)} pages compared, {differing} differ")
    return 1 if differing else 0


def main() -> int:
    command = sys.argv[1]
    if command == "compare":
        return compare(Path(sys.argv[2]), Path(sys.argv[3]))
    benchdb.configure()
    import django

    django.setup()
    if command == "list":
        urls = form_pages()
        Path(sys.argv[2]).write_text("\n".join(urls) + "\n")
        print(f"{len(urls)} pages")
    elif command == "dump":
        dump(Path(sys.argv[2]).read_text().split(), Path(sys.argv[3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
