"""The HTML of the admin's change lists bench_pages.py measures (plain, searched, each filter's
sample) and of the desk, as the office (or another role) sees them on an existing database,
written to a folder: run once on one commit's code and once on another's, then compare, to show
that a change to how the lists are written leaves what they show alone.

    DATABASE_URL=postgres://... .venv/bin/python bench/list_html.py /tmp/before
    (cd /other/worktree && DATABASE_URL=... .venv/bin/python /this/bench/list_html.py /tmp/after)
    .venv/bin/python bench/list_html.py --compare /tmp/before /tmp/after
    ... bench/list_html.py --pages pages.txt /tmp/before   (lines "USER URL": those pages instead,
                                                          in Chinese and in English)

The code served is the one of the folder the command runs in (ROOT of that checkout's
bench/benchdb.py is put first on the path by `--root`, the current folder by default). Each
page's CSRF token and script nonce are blanked (new ones every response)."""

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')
NONCE = re.compile(rb'nonce="[^"]*"')


def pages(only: str) -> dict:
    from django.contrib.auth import get_user_model

    from devdata.pages import admin_pages

    office = get_user_model().objects.get(username="office")
    listed = admin_pages(office)
    return {
        name: url
        for name, url in listed.items()
        if (" list" in name or name == "admin index") and (not only or only in name + url)
    }


def write(folder: Path, only: str, users: list[str]) -> None:
    listed = pages(only)
    _write(folder, [(username, name, url) for username in users for name, url in listed.items()])


def write_listed(folder: Path, listing: Path) -> None:
    """The pages of `listing` (lines "USER URL"), each in Chinese and in English."""
    wanted = [line.split() for line in listing.read_text().splitlines() if line.strip()]
    _write(
        folder,
        [(user, url, url) for user, url in wanted],
        languages=("zh-hans", "en"),
    )


def _write(folder: Path, wanted: list[tuple], languages=(None,)) -> None:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.sign_in import sign_in_as

    folder.mkdir(parents=True, exist_ok=True)
    index = {}
    clients = {}
    for username, name, url in wanted:
        for language in languages:
            client = clients.get((username, language))
            if client is None:
                headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
                client = clients[username, language] = Client(**headers)
                if language:
                    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                sign_in_as(client, get_user_model().objects.get(username=username))
            response = client.get(url)
            body = CSRF.sub(b'name="csrfmiddlewaretoken" value=""', response.content)
            body = NONCE.sub(b'nonce=""', body)
            label = f"{username} {url}" + (f" {language}" if language else "")
            key = hashlib.sha1(label.encode()).hexdigest()[:16]
            (folder / f"{key}.html").write_bytes(f"{response.status_code}\n".encode() + body)
            index[key] = f"{username} {name} {url}" + (f" {language}" if language else "")
    (folder / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1))
    print(f"{len(index)} pages written to {folder}")


def compare(before: Path, after: Path) -> int:
    index = json.loads((before / "index.json").read_text())
    differ = 0
    for key, label in index.items():
        one, other = before / f"{key}.html", after / f"{key}.html"
        if not other.exists() or one.read_bytes() != other.read_bytes():
            differ += 1
            print(f"DIFFERS: {label}")
    print(f"{len(index)} pages compared, {differ} differ")
    return 1 if differ else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--users", default="office,unit")
    parser.add_argument("--root", default=os.getcwd(), help="the checkout whose code serves")
    parser.add_argument("--pages", default="", help='a file of lines "USER URL" to write instead')
    args = parser.parse_args()
    if args.compare:
        sys.exit(compare(Path(args.folders[0]), Path(args.folders[1])))
    sys.path.insert(0, str(Path(args.root, "bench")))
    import benchdb  # that checkout's: puts its root first on the path

    benchdb.configure()
    import django

    django.setup()
    if args.pages:
        write_listed(Path(args.folders[0]), Path(args.pages))
    else:
        write(Path(args.folders[0]), args.only, args.users.split(","))


if __name__ == "__main__":
    main()
