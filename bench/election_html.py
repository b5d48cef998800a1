"""The election ballot's pages as a checkout's code writes them, for comparing two checkouts
byte for byte (CSRF tokens and CSP nonces blanked): on bench/profile_election.py's database
(BUILD=1 there first), in both languages, the ballot page (also with a query string holding
markup), its review, the "change" step, refused ballots (a mark not offered, more ○ than
seats), a cast's redirect and "your ballot is in" (in a transaction rolled back), a refused
voter (not checked in) and the trivial page. Writes one file a page into OUT.

    cd /tmp && DATABASE_URL=postgres://... CODE=/work/main OUT=/tmp/main_html \\
        /work/wt/NAME/.venv/bin/python /work/wt/NAME/bench/election_html.py
    (run from outside a checkout: Celery puts the current directory first on the path)
"""

import json
import os
import re
import sys
from pathlib import Path

import load_election  # bench/load_election.py: configures the settings

STATE = Path(os.environ.get("STATE", "/tmp/profile_election.json"))
TOKEN = 'name="csrfmiddlewaretoken" value='
BLANKED = [
    (re.compile(TOKEN + r'"[^"]+"'), TOKEN + '""'),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
]


def main():
    import django

    django.setup()
    from django.urls import reverse

    from sessions.models import Attendance

    state, out = json.loads(STATE.read_text()), Path(os.environ["OUT"])
    out.mkdir(parents=True, exist_ok=True)
    keys, candidates = state["keys"], state["candidates"]
    url = reverse("sessions:election_ballot", args=[state["round"]])
    voted = reverse("sessions:election_voted", args=[state["round"]])
    first, second = (f"m-{c}" for c in candidates[:2])
    marks = load_election.fields_for(1990, candidates)
    over = {**marks, **{f"m-{c}": "for" for c in candidates[:32]}}  # 32 ○ for 31 seats
    refusals = {"refused_over": ("post", url, {**over, "action": "submit"})}
    steps = ballot_steps(url, voted, marks, (first, second), refusals)

    def not_checked_in():  # a voter not checked in: refused before the ballot
        Attendance.objects.filter(delegate__user__id=_user_id(keys[1991])).delete()

    write_pages(out, steps, keys[1990], (keys[1991], "not_checked_in", not_checked_in))
    print(f"{len(list(out.iterdir()))} pages in {out}")


def ballot_steps(url: str, done: str, marks: dict, firsts: tuple, refusals=None) -> dict:
    """The steps both ballots' pages are written through, each (method, path, data): the
    ballot's own refusals (`refusals`) come before the cast."""
    first, second = firsts
    return {
        "ballot": ("get", url, None),
        "ballot_query": ("get", url + '?x=<b>"&amp;</b>', None),
        "review": ("post", url, {**marks, "action": "review"}),
        "change": ("post", url, {**marks, "action": "change"}),
        "refused_mark": ("post", url, {**marks, first: "maybe", "action": "submit"}),
        "refused_review": ("post", url, {**marks, second: "<x>", "action": "review"}),
        **(refusals or {}),
        "cast": ("post", url, {**marks, "action": "submit"}),
        "voted": ("get", done, None),
        "ballot_after": ("get", url, None),
        "trivial": ("get", "/accounts/password_change/", None),
    }


def write_pages(out: Path, steps: dict, voter: str, refused: tuple) -> None:
    """Each step's page, in both languages, as the voter with session key `voter`, in a
    transaction rolled back; then the ballot as `refused` = (session key, page name, what
    takes the voter's right away) sees it."""
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    refused_key, refused_name, take_right = refused
    ballot = steps["ballot"][1]
    for language in ("en", "zh-hans"):
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        client.cookies["sessionid"] = voter
        with transaction.atomic():
            for name, (method, path, data) in steps.items():
                response = getattr(client, method)(path, data) if data else client.get(path)
                write(out / f"{language}-{name}.html", response)
            transaction.set_rollback(True)
        with transaction.atomic():
            client.cookies["sessionid"] = refused_key
            take_right()
            write(out / f"{language}-{refused_name}.html", client.get(ballot))
            transaction.set_rollback(True)


def _user_id(key: str) -> int:
    from django.contrib.sessions.models import Session

    return int(Session.objects.get(session_key=key).get_decoded()["_auth_user_id"])


def write(path: Path, response) -> None:
    text = f"{response.status_code} {response.get('Location', '')}\n{response.content.decode()}"
    for pattern, blank in BLANKED:
        text = pattern.sub(blank, text)
    path.write_text(text)


if __name__ == "__main__":
    if os.environ.get("CODE"):  # another checkout's code, on the same database
        sys.path.insert(0, os.environ["CODE"])
    main()
