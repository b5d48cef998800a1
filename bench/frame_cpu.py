"""The admin's frame alone: `admin/base_site.html` (with `admin/base.html`) rendered in process
with a change list's own context and request, against the site's `base.html` with the same,
in ms of process CPU per render (medians of ROUNDS rounds of TIMES renders each). Measures the
part every admin page pays and the trivial page does not (decisions 296 and 314).

    DATABASE_URL=... .venv/bin/python bench/frame_cpu.py office /admin/delegates/delegate/
    ROUNDS=9 TIMES=200 ...                     (defaults 7 and 200)

Run from the checkout whose code is to be measured (bench/benchdb.py puts it first on the path)."""

import os
import statistics
import sys
import time

import benchdb  # bench/benchdb.py: settings

benchdb.configure()


def main():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.template.loader import get_template
    from django.test import Client

    from tests.sign_in import sign_in_as

    username, url = sys.argv[1], sys.argv[2]
    rounds, times = int(os.environ.get("ROUNDS", "7")), int(os.environ.get("TIMES", "200"))
    client = Client()
    sign_in_as(client, get_user_model().objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    context, request = dict(response.context_data), response.wsgi_request
    templates = {name: get_template(name) for name in ("admin/base_site.html", "base.html")}
    samples = {name: [] for name in templates}
    for template in templates.values():  # each compiled and its caches warm
        template.render(context, request)
    for _ in range(rounds):
        for name, template in templates.items():
            started = time.process_time()
            for _ in range(times):
                template.render(context, request)
            samples[name].append((time.process_time() - started) * 1000 / times)
    for name in templates:
        print(f"{name:24} {statistics.median(samples[name]):6.3f} ms")


if __name__ == "__main__":
    main()
