"""The evaluation ballot's pages as a checkout's code writes them, for comparing two checkouts
byte for byte (CSRF tokens and CSP nonces blanked), as bench/election_html.py does the
election's: on a database load_ballots.py (or profile_ballot.py) built, with delegates who have
not voted, in both languages, the ballot page (also with a query string holding markup), its
review, the "change" step, refused ballots (a rating not offered, on review and on cast), a
cast's redirect and "your ballot is in" (in a transaction rolled back), a voter refused (not
entitled) and the trivial page. Writes one file a page into OUT.

    cd /tmp && DATABASE_URL=postgres://... CODE=/work/main OUT=/tmp/main_html \\
        /work/wt/NAME/.venv/bin/python /work/wt/NAME/bench/evaluation_html.py
    (run from outside a checkout: Celery puts the current directory first on the path)
"""

import os
import sys
from pathlib import Path

import load_ballots  # bench/load_ballots.py: configures the settings
from election_html import ballot_steps, write_pages


def main():
    import django

    django.setup()
    from django.contrib.sessions.models import Session as WebSession
    from django.urls import reverse

    from evaluations.models import Entitlement, Evaluation, Receipt

    out = Path(os.environ["OUT"])
    out.mkdir(parents=True, exist_ok=True)
    evaluation = Evaluation.objects.get(status=Evaluation.Status.OPEN)
    pairs = [(s.pk, c.pk) for s in evaluation.subjects.all() for c in evaluation.criteria.all()]
    voted = set(Receipt.objects.filter(evaluation=evaluation).values_list("delegate__user_id"))
    users = {}  # session key: user id, of the delegates who have not voted
    for session in WebSession.objects.order_by("session_key"):
        user_id = int(session.get_decoded().get("_auth_user_id", 0))
        if user_id and (user_id,) not in voted and len(users) < 2:
            users[session.session_key] = user_id
    (voter, voter_id), (refused, refused_id) = users.items()
    url = reverse("evaluations:ballot", args=[evaluation.pk])
    done = reverse("evaluations:voted", args=[evaluation.pk])
    marks = load_ballots.fields_for(7, pairs)
    firsts = tuple(f"c-{s}-{c}" for s, c in pairs[:2])

    def not_entitled():  # a voter not entitled: refused before the ballot
        Entitlement.objects.filter(evaluation=evaluation, delegate__user_id=refused_id).delete()

    steps = ballot_steps(url, done, marks, firsts)
    write_pages(out, steps, voter, (refused, "not_entitled", not_entitled))
    print(f"{len(list(out.iterdir()))} pages in {out} (voter {voter_id})")


if __name__ == "__main__":
    if os.environ.get("CODE"):  # another checkout's code, on the same database
        sys.path.insert(0, os.environ["CODE"])
    main()
