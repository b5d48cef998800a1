"""What a change page's main fieldsets (`office_form.written_fieldset`) cost in process CPU, by
part, and at most what keeping their markup could save (decision 494).

    DATABASE_URL=postgres://... .venv/bin/python bench/fieldset_cpu.py office URL...
    TIMES=30 ROUNDS=8 ...                       (defaults)

Two measurements in one process, after a warm-up:
1. Parts: every URL opened TIMES times with `process_time` around `written_fieldset` and,
   while it runs, around each editable field's label and widget (by field name) and each
   read-only field's label and value; printed in ms a page.
2. Bound: ROUNDS rounds of TIMES openings of every URL, the fieldsets written, then their
   markup returned from a dict by (object, language, place) with no key made (wrong for any
   change: a measurement only), alternately; the queries of one opening each way. What the
   dict saves is more than a correct key could: a key must still read and walk what the
   markup is made of (a widget that reads its rows when written reads them for its key).
Prints figures; asserts only that each answer is 200."""

import os
import time

import benchdb  # bench/benchdb.py: settings

benchdb.configure()


def _timed(spent: dict, owner, name: str, label, inside: dict) -> None:
    """Time `owner.name` while a fieldset is written, under label(args)."""
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        if not inside["now"]:
            return original(*args, **kwargs)
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            key = label(*args)
            spent[key] = spent.get(key, 0.0) + time.process_time() - started

    setattr(owner, name, timed)


def main():
    import sys

    benchdb.set_up_as_workers()
    from django.contrib.admin import helpers
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.forms import boundfield
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.translation import get_language

    from congress_office import readonly_values
    from congress_office.templatetags import office_form
    from tests.sign_in import sign_in_as

    username, urls = sys.argv[1], sys.argv[2:]
    times, rounds = int(os.environ.get("TIMES", "30")), int(os.environ.get("ROUNDS", "8"))
    spent, inside, memo = {}, {"now": False}, {}
    mode = {"kept": False, "parts": True}  # the timers off for the bound
    written = office_form.written_fieldset

    def fieldset(form_fieldset, *place):
        if mode["kept"]:
            key = (form_fieldset.form.instance.pk, get_language(), place)
            if key not in memo:
                memo[key] = written(form_fieldset, *place)
            return memo[key]
        if not mode["parts"]:
            return written(form_fieldset, *place)
        inside["now"] = True
        started = time.process_time()
        try:
            return written(form_fieldset, *place)
        finally:
            inside["now"] = False
            spent["fieldset"] = spent.get("fieldset", 0.0) + time.process_time() - started

    office_form.written_fieldset = fieldset
    _timed(spent, helpers.AdminField, "label_tag", lambda *a: "editable labels", inside)
    _timed(spent, boundfield.BoundField, "__str__", lambda bound: f"widget {bound.name}", inside)
    _timed(spent, readonly_values, "contents", lambda *a: "read-only values", inside)
    _timed(spent, readonly_values, "label_tag", lambda *a: "read-only labels", inside)

    client = Client()
    sign_in_as(client, get_user_model().objects.get(username=username))
    for url in urls:
        for _ in range(3):
            assert client.get(url).status_code == 200
    spent.clear()
    for _ in range(times):
        for url in urls:
            client.get(url)
    pages = times * len(urls)
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"{label:>28} {seconds / pages * 1000:6.3f} ms a page")

    mode["parts"] = False
    for kept in (False, True):
        mode["kept"] = kept
        client.get(urls[0])  # its fieldsets in the dict
        with CaptureQueriesContext(connection) as queries:
            assert client.get(urls[0]).status_code == 200
        print(f"{'returned' if kept else 'written'}: {len(queries)} queries")
    totals = {False: 0.0, True: 0.0}
    for _ in range(rounds):
        for kept in (False, True):
            mode["kept"] = kept
            started = time.process_time()
            for _ in range(times):
                for url in urls:
                    client.get(url)
            totals[kept] += time.process_time() - started
    pages = times * len(urls) * rounds
    print(
        f"page written {totals[False] / pages * 1000:.2f} ms, "
        f"its fieldsets returned {totals[True] / pages * 1000:.2f} ms (process CPU)"
    )


if __name__ == "__main__":
    main()
